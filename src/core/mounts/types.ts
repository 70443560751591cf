/** A mounted secrets engine or auth method, as stored in the mount tables and shown by sys/mounts. */
export type MountTableName = "mounts" | "auth";

export interface MountConfig {
  /** Seconds; 0 = the system default. */
  default_lease_ttl: number;
  max_lease_ttl: number;
  force_no_cache: boolean;
  audit_non_hmac_request_keys?: string[];
  audit_non_hmac_response_keys?: string[];
  listing_visibility?: "unauth" | "hidden" | "";
  passthrough_request_headers?: string[];
  allowed_response_headers?: string[];
  token_type?: string;
}

export interface MountEntry {
  table: MountTableName;
  /** Path inside its table with a trailing slash: "secret/" in mounts, "userpass/" in auth. */
  path: string;
  type: string;
  description: string;
  accessor: string;
  uuid: string;
  config: MountConfig;
  options: Record<string, string> | null;
  local: boolean;
  seal_wrap: boolean;
  external_entropy_access: boolean;
  plugin_version: string;
}

/** The routing path of a mount: "secret/" or "auth/userpass/". */
export function routePath(entry: Pick<MountEntry, "table" | "path">): string {
  return entry.table === "auth" ? `auth/${entry.path}` : entry.path;
}
