import type { MountTable } from "../mounts/table.js";
import type { MountEntry } from "../mounts/types.js";

/** The mount whose routing path contains `path` ("secret/foo" -> secret/), as Vault matches. */
export function matchingMount(deps: { mounts: MountTable }, path: string): MountEntry | undefined {
  return deps.mounts.router.match(path.replace(/^\/+/, ""))?.route.entry;
}

/** The mount info object of sys/mounts and sys/auth. */
export function mountInfo(entry: MountEntry): Record<string, unknown> {
  const config: Record<string, unknown> = {
    default_lease_ttl: entry.config.default_lease_ttl,
    force_no_cache: entry.config.force_no_cache,
    max_lease_ttl: entry.config.max_lease_ttl,
  };
  for (const k of [
    "audit_non_hmac_request_keys",
    "audit_non_hmac_response_keys",
    "listing_visibility",
    "passthrough_request_headers",
    "allowed_response_headers",
    "token_type",
  ] as const) {
    const v = entry.config[k];
    if (v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0)) config[k] = v;
  }
  if (entry.table === "auth") config.token_type = entry.config.token_type || "default-service";
  return {
    accessor: entry.accessor,
    config,
    deprecation_status: "supported",
    description: entry.description,
    external_entropy_access: entry.external_entropy_access,
    local: entry.local,
    options: entry.options,
    plugin_version: entry.plugin_version,
    running_plugin_version: `v0.1.0+builtin.cofre`,
    running_sha256: "",
    seal_wrap: entry.seal_wrap,
    type: entry.type,
    uuid: entry.uuid,
  };
}

/** The tune view: effective TTLs in seconds plus the tunable settings. */
export function tuneInfo(mounts: MountTable, entry: MountEntry): Record<string, unknown> {
  const ttls = mounts.ttls(entry);
  const out: Record<string, unknown> = {
    description: entry.description,
    default_lease_ttl: ttls.defaultLeaseTTL,
    max_lease_ttl: ttls.maxLeaseTTL,
    force_no_cache: entry.config.force_no_cache,
  };
  if (entry.external_entropy_access) out.external_entropy_access = true;
  if (entry.options && Object.keys(entry.options).length > 0) out.options = entry.options;
  if (entry.plugin_version) out.plugin_version = entry.plugin_version;
  for (const k of [
    "audit_non_hmac_request_keys",
    "audit_non_hmac_response_keys",
    "listing_visibility",
    "passthrough_request_headers",
    "allowed_response_headers",
    "token_type",
  ] as const) {
    const v = entry.config[k];
    if (v !== undefined && v !== "") out[k] = v;
  }
  if (entry.table === "auth") out.token_type = entry.config.token_type || "default-service";
  return out;
}
