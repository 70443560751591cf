/** Shapes of the server's answers (Vault's API; see the API reference). */

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** `auth` block of a login, token create or token renew response. */
export interface AuthInfo {
  client_token: string;
  accessor: string;
  policies: string[] | null;
  token_policies?: string[];
  identity_policies?: string[];
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id?: string;
  token_type?: string;
  orphan?: boolean;
  num_uses?: number;
}

export interface WrapInfo {
  token: string;
  accessor: string;
  ttl: number;
  creation_time: string;
  creation_path: string;
  wrapped_accessor?: string;
}

/** The standard response envelope. */
export interface SecretResponse<T = JsonObject> {
  request_id: string;
  lease_id: string;
  renewable: boolean;
  lease_duration: number;
  data: T | null;
  wrap_info: WrapInfo | null;
  warnings: string[] | null;
  auth: AuthInfo | null;
  mount_type?: string;
}

/** A `{ status, body }` pair as returned by CofreClient.request. */
export interface ApiResponse<T = unknown> {
  status: number;
  /** Parsed JSON body; `undefined` for an empty body (204). */
  body: T | undefined;
}

export interface SealStatus {
  type: string;
  initialized: boolean;
  sealed: boolean;
  t: number;
  n: number;
  progress: number;
  nonce: string;
  version: string;
  build_date?: string;
  migration?: boolean;
  cluster_name?: string;
  cluster_id?: string;
  recovery_seal?: boolean;
  storage_type?: string;
  warnings?: string[];
}

export interface HealthStatus {
  initialized: boolean;
  sealed: boolean;
  standby: boolean;
  performance_standby?: boolean;
  server_time_utc?: number;
  version?: string;
  cluster_name?: string;
  cluster_id?: string;
  [key: string]: unknown;
}

export interface LeaderStatus {
  ha_enabled: boolean;
  is_self: boolean;
  active_time?: string;
  leader_address: string;
  leader_cluster_address: string;
  performance_standby?: boolean;
  [key: string]: unknown;
}

export interface InitRequest {
  secret_shares: number;
  secret_threshold: number;
  pgp_keys?: string[];
  root_token_pgp_key?: string;
}

export interface InitResponse {
  keys: string[];
  keys_base64: string[];
  root_token: string;
  recovery_keys?: string[];
  recovery_keys_base64?: string[];
}

export interface KeyStatus {
  term: number;
  install_time: string;
  encryptions?: number;
}

export interface MountConfig {
  default_lease_ttl?: number;
  max_lease_ttl?: number;
  force_no_cache?: boolean;
  [key: string]: unknown;
}

export interface MountInfo {
  type: string;
  description: string;
  accessor: string;
  config: MountConfig;
  options: Record<string, string> | null;
  local: boolean;
  seal_wrap: boolean;
  external_entropy_access?: boolean;
  uuid?: string;
  plugin_version?: string;
  running_plugin_version?: string;
  [key: string]: unknown;
}

/** Body of `POST sys/mounts/:path` and `sys/auth/:path`. */
export interface EnableMountRequest {
  type: string;
  description?: string;
  config?: Record<string, JsonValue>;
  options?: Record<string, string>;
  local?: boolean;
  seal_wrap?: boolean;
  external_entropy_access?: boolean;
  plugin_version?: string;
}

/** Body of `POST sys/mounts/:path/tune` (durations as strings, `""` = unchanged). */
export interface TuneMountRequest {
  description?: string;
  default_lease_ttl?: string;
  max_lease_ttl?: string;
  options?: Record<string, string>;
  listing_visibility?: string;
  force_no_cache?: boolean;
  [key: string]: unknown;
}

/** Body of `auth/token/create*`. */
export interface TokenCreateRequest {
  id?: string;
  policies?: string[];
  meta?: Record<string, string>;
  no_parent?: boolean;
  no_default_policy?: boolean;
  renewable?: boolean;
  ttl?: string;
  explicit_max_ttl?: string;
  period?: string;
  display_name?: string;
  num_uses?: number;
  type?: "service" | "batch";
  entity_alias?: string;
}

export interface TokenLookupData {
  accessor: string;
  creation_time: number;
  creation_ttl: number;
  display_name: string;
  entity_id: string;
  expire_time: string | null;
  explicit_max_ttl: number;
  id: string;
  issue_time: string;
  meta: Record<string, string> | null;
  num_uses: number;
  orphan: boolean;
  path: string;
  policies: string[];
  renewable: boolean;
  ttl: number;
  type: string;
  [key: string]: unknown;
}

/** Version metadata of a KV v2 secret (write response, `data.metadata` of a read). */
export interface KvVersionMetadata {
  created_time: string;
  custom_metadata: Record<string, string> | null;
  deletion_time: string;
  destroyed: boolean;
  version: number;
}

export interface KvV2ReadData {
  data: JsonObject | null;
  metadata: KvVersionMetadata;
}

export interface KvKeyMetadata {
  cas_required: boolean;
  created_time: string;
  current_version: number;
  custom_metadata: Record<string, string> | null;
  delete_version_after: string;
  max_versions: number;
  oldest_version: number;
  updated_time: string;
  versions: Record<string, { created_time: string; deletion_time: string; destroyed: boolean }>;
}

/** Body of a KV v2 `metadata/:path` write or patch. */
export interface KvMetadataWrite {
  max_versions?: number;
  cas_required?: boolean;
  delete_version_after?: string;
  custom_metadata?: Record<string, string>;
}
