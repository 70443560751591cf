/** sys/policy and sys/policies/acl. */
import { InvalidRequestError, NotFoundError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { LogicalResponse } from "../../logical/types.js";
import type { SysDeps } from "./deps.js";

const HIDDEN = new Set(["response-wrapping", "control-group"]);

function normalise(raw: string): { name: string; warnings: string[] } {
  const name = raw.trim().toLowerCase();
  if (name === "") throw new InvalidRequestError("policy name must be provided");
  if (name.includes("/") || name.includes("*") || name.includes("+")) {
    throw new InvalidRequestError("policy name contains invalid characters");
  }
  return { name, warnings: name !== raw ? [`policy name was converted to ${name}`] : [] };
}

/** The policy text, decoded when it was sent as base64. */
function policyText(v: string | undefined): string {
  if (v === undefined || v.trim() === "")
    throw new InvalidRequestError("'policy' parameter not supplied or empty");
  const t = v.trim();
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(t) && t.length % 4 === 0) {
    const decoded = Buffer.from(t, "base64").toString("utf8");
    if (Buffer.from(decoded, "utf8").toString("base64") === t) return decoded;
  }
  return v;
}

export function policyPaths(deps: SysDeps): PathDef[] {
  const names = async () => [...(await deps.policies.names()).filter((n) => !HIDDEN.has(n)), "root"];
  const write = async (
    rawName: string,
    text: string,
    extra: string[] = [],
  ): Promise<LogicalResponse | null> => {
    const { name, warnings } = normalise(rawName);
    await deps.policies.write(name, policyText(text));
    const all = [...warnings, ...extra];
    return all.length ? { warnings: all } : null;
  };
  const del = async (rawName: string) => {
    const { name } = normalise(rawName);
    await deps.policies.delete(name);
    return null;
  };
  const read = async (rawName: string) => {
    const { name } = normalise(rawName);
    if (name === "root") return { name: "root", text: "" };
    if (HIDDEN.has(name)) throw new NotFoundError();
    const p = await deps.policies.read(name);
    if (!p) throw new NotFoundError();
    return { name: p.name, text: p.raw };
  };
  const listAll = async () => {
    const keys = await names();
    return { data: { keys, policies: keys } };
  };
  return [
    definePath({
      pattern: "policy/?",
      operations: {
        read: listAll,
        list: listAll,
      },
      help: "List the ACL policies.",
    }),
    definePath({
      pattern: "policy/(?<name>[^/]+)",
      fields: { name: field.str(), policy: field.str().optional(), rules: field.str().optional() },
      operations: {
        read: async (_req, f) => {
          const p = await read(f.name);
          return { data: { name: p.name, rules: p.text } };
        },
        update: async (_req, f) => {
          const extra =
            f.policy === undefined && f.rules !== undefined
              ? ["'rules' is deprecated, please use 'policy' instead"]
              : [];
          return write(f.name, f.policy ?? f.rules ?? "", extra);
        },
        delete: async (_req, f) => del(f.name),
      },
      help: "Read, write or delete an ACL policy.",
    }),
    definePath({
      pattern: "policies/acl/?",
      operations: {
        list: async () => ({ data: { keys: await names() } }),
      },
    }),
    definePath({
      pattern: "policies/acl/(?<name>[^/]+)",
      fields: { name: field.str(), policy: field.str().optional() },
      operations: {
        read: async (_req, f) => {
          const p = await read(f.name);
          return { data: { name: p.name, policy: p.text } };
        },
        update: async (_req, f) => write(f.name, f.policy ?? ""),
        delete: async (_req, f) => del(f.name),
      },
      help: "Read, write or delete an ACL policy.",
    }),
  ];
}
