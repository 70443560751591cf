/**
 * sys/mounts/<path>/tune and sys/auth/<path>/tune. As in Vault, sys/mounts/auth/<path>/tune also
 * reaches an auth method (older CLIs tune auth methods that way), and the mount is the one that
 * contains the path. Every setting is validated before anything is changed.
 */
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { LogicalResponse } from "../../logical/types.js";
import { normaliseMountPath } from "../mounts/table.js";
import type { MountEntry } from "../mounts/types.js";
import { routePath } from "../mounts/types.js";
import type { SysDeps } from "./deps.js";
import { checkTuneTTLs, kvVersionOption, parseMountConfig, parseOptions } from "./mount-config.js";
import { matchingMount, tuneInfo } from "./mount-info.js";

const tuneFields = {
  path: field.str(),
  description: field.str().optional(),
  default_lease_ttl: field.object().or(field.str()).or(field.int()).optional(),
  max_lease_ttl: field.object().or(field.str()).or(field.int()).optional(),
  options: field.object().nullable().optional(),
  listing_visibility: field.str().optional(),
  audit_non_hmac_request_keys: field.strings().optional(),
  audit_non_hmac_response_keys: field.strings().optional(),
  passthrough_request_headers: field.strings().optional(),
  allowed_response_headers: field.strings().optional(),
  token_type: field.str().optional(),
  plugin_version: field.str().optional(),
};

/** Mounts whose settings are fixed. */
const UNTUNABLE = ["cubbyhole/", "sys/", "audit/", "identity/"];

/** The options after a tune, and whether the backend must be rebuilt (a KV upgrade). */
function tunedOptions(entry: MountEntry, requested: Record<string, string>) {
  let upgrade: { from: number; to: number } | null = null;
  if (requested.version !== undefined) {
    if (entry.type !== "kv") {
      throw new InvalidRequestError(`secrets engine "${entry.type}" does not allow setting a version`);
    }
    const from = kvVersionOption(entry.options);
    const to = kvVersionOption(requested);
    if (from > to) throw new InvalidRequestError(`cannot downgrade mount from version ${from}`);
    if (from < to) upgrade = { from, to };
  }
  // An empty value removes an option, except the version (which would be a downgrade).
  const merged: Record<string, string> = { ...(entry.options ?? {}) };
  for (const [k, v] of Object.entries(requested)) {
    if (v === "" && k !== "version") delete merged[k];
    else merged[k] = v;
  }
  return { merged, upgrade };
}

export function tunePaths(deps: SysDeps): PathDef[] {
  const find = (routing: string, writing: boolean): MountEntry => {
    if (writing && UNTUNABLE.some((p) => routing.startsWith(p))) {
      throw new InvalidRequestError(`cannot tune "${routing}"`);
    }
    const entry = matchingMount(deps, routing);
    if (!entry) {
      throw new InvalidRequestError(
        writing
          ? `tune of path "${routing}" failed: no mount entry found`
          : `cannot fetch sysview for path "${routing}"`,
      );
    }
    return entry;
  };
  const read = async (routing: string) => ({ data: tuneInfo(deps.mounts, find(routing, false)) });
  const write = async (
    routing: string,
    data: Record<string, unknown>,
    f: { description?: string; plugin_version?: string; options?: unknown },
  ): Promise<LogicalResponse | null> => {
    const entry = find(routing, true);
    const isAuth = entry.table === "auth";
    const config = {
      ...entry.config,
      ...parseMountConfig(data, { isAuth, tunedType: entry.type }),
    };
    checkTuneTTLs(config, deps.mounts.systemTTLs().maxLeaseTTL);
    const change: Partial<MountEntry> = { config };
    if (f.description !== undefined) change.description = f.description;
    if (f.plugin_version !== undefined) change.plugin_version = f.plugin_version;
    const requested = parseOptions(f.options);
    let warnings: string[] = [];
    let reload = false;
    if (requested && Object.keys(requested).length > 0) {
      const { merged, upgrade } = tunedOptions(entry, requested);
      change.options = merged;
      if (upgrade) {
        reload = true;
        warnings = [
          `Upgrading mount from version ${upgrade.from} to version ${upgrade.to}. This mount will be unavailable for a brief period and will resume service shortly.`,
        ];
      }
    }
    await deps.mounts.update(entry, change, reload);
    return warnings.length > 0 ? { warnings } : null;
  };
  const mountsRouting = (path: string) => normaliseMountPath(path);
  const authRouting = (path: string) => routePath({ table: "auth", path: normaliseMountPath(path) });
  return [
    definePath({
      pattern: "mounts/(?<path>.+?)/tune",
      fields: tuneFields,
      operations: {
        read: async (_req, f) => read(mountsRouting(f.path)),
        update: async (req, f) => write(mountsRouting(f.path), req.data as Record<string, unknown>, f),
      },
      help: "Tune the TTLs and settings of a secrets engine (or, under auth/, of an auth method).",
    }),
    definePath({
      pattern: "auth/(?<path>.+?)/tune",
      fields: tuneFields,
      operations: {
        read: async (_req, f) => read(authRouting(f.path)),
        update: async (req, f) => write(authRouting(f.path), req.data as Record<string, unknown>, f),
      },
      help: "Tune the TTLs and settings of an auth method.",
    }),
  ];
}
