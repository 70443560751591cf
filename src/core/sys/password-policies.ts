/**
 * sys/policies/password: named password policies (Vault's HCL: `length` and `rule "charset"`
 * blocks) and `sys/policies/password/:name/generate`, which any token with `read` on that path
 * may call.
 */
import { InvalidRequestError, NotFoundError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { PasswordPolicyStore } from "../passwords/store.js";

/** The policy text, decoded when it was sent as base64 (as Vault accepts). */
function policyText(v: string | undefined): string {
  if (v === undefined || v.trim() === "") throw new InvalidRequestError("missing password policy");
  const t = v.trim();
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(t) && t.length % 4 === 0) {
    const decoded = Buffer.from(t, "base64").toString("utf8");
    if (Buffer.from(decoded, "utf8").toString("base64") === t && /\blength\b/.test(decoded)) return decoded;
  }
  return v;
}

export function passwordPolicyPaths(store: PasswordPolicyStore): PathDef[] {
  return [
    definePath({
      pattern: "policies/password/?",
      operations: {
        list: async () => {
          const keys = await store.names();
          return keys.length > 0 ? { data: { keys } } : null;
        },
      },
      help: "List the password policies.",
    }),
    definePath({
      pattern: "policies/password/(?<name>[^/]+)/generate",
      fields: { name: field.str() },
      operations: {
        read: async (_req, f) => ({ data: { password: await store.generate(f.name) } }),
      },
      help: "Generate a password from a password policy.",
    }),
    definePath({
      pattern: "policies/password/(?<name>[^/]+)",
      fields: { name: field.str(), policy: field.str().optional() },
      operations: {
        read: async (_req, f) => {
          const raw = await store.read(f.name);
          if (raw === null) throw new NotFoundError();
          return { data: { policy: raw } };
        },
        update: async (_req, f) => {
          await store.write(f.name, policyText(f.policy));
          return null;
        },
        delete: async (_req, f) => {
          await store.delete(f.name);
          return null;
        },
      },
      help: 'Read, write or delete a password policy (length and rule "charset" blocks).',
    }),
  ];
}
