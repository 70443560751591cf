/** Shapes shared by the audit broker, its devices and the sys/audit paths. */

export type AuditDeviceType = "file" | "socket" | "syslog";
export const DEVICE_TYPES: readonly AuditDeviceType[] = ["file", "socket", "syslog"];

/** An enabled device as stored in the barrier and listed by `GET sys/audit`. */
export interface AuditDeviceEntry {
  /** With a trailing slash: "file/". */
  path: string;
  type: AuditDeviceType;
  description: string;
  options: Record<string, string>;
  local: boolean;
  /** Names the device's key material in storage; a re-enabled path gets a new one. */
  uuid: string;
}

/** Per-device secrets, kept in the barrier and never shown. */
export interface AuditDeviceKeys {
  /** HMAC key of every hashed value (Vault's salt: a random UUID string). */
  salt: string;
  /** HMAC key of the file device's hash chain (base64 of 32 random bytes). */
  chainKey: string;
}

/** Vault's `auth` block of an audit entry. */
export interface AuditAuth {
  client_token?: string;
  accessor?: string;
  display_name?: string;
  policies?: string[];
  token_policies?: string[];
  identity_policies?: string[];
  metadata?: Record<string, string>;
  entity_id?: string;
  token_type?: string;
  token_ttl?: number;
  num_uses?: number;
  orphan?: boolean;
  policy_results?: { allowed: boolean };
}

export interface AuditRequest {
  id: string;
  operation: string;
  mount_point?: string;
  mount_type?: string;
  mount_accessor?: string;
  mount_class?: string;
  client_token?: string;
  client_token_accessor?: string;
  namespace: { id: string };
  path: string;
  data?: Record<string, unknown>;
  remote_address?: string;
  remote_port?: number;
  wrap_ttl?: number;
}

export interface AuditWrapInfo {
  token: string;
  accessor: string;
  ttl: number;
  creation_time: string;
  creation_path: string;
  wrapped_accessor?: string;
}

export interface AuditResponse {
  mount_point?: string;
  mount_type?: string;
  mount_accessor?: string;
  mount_class?: string;
  data?: Record<string, unknown>;
  auth?: AuditAuth;
  secret?: { lease_id: string };
  warnings?: string[];
  wrap_info?: AuditWrapInfo;
}

/** One audit line before a device hashes it (values are plain). */
export interface AuditEntry {
  time: string;
  type: "request" | "response";
  auth?: AuditAuth;
  request: AuditRequest;
  response?: AuditResponse;
  error?: string;
}

/** Options every device type shares, parsed. */
export interface CommonSettings {
  logRaw: boolean;
  hmacAccessor: boolean;
  prefix: string;
  elideListResponses: boolean;
  /** Milliseconds a write may take before it counts as failed. */
  writeTimeoutMs: number;
}

/** What a device reports about itself (sys/audit-status, sys/health). */
export interface DeviceHealth {
  path: string;
  type: AuditDeviceType;
  healthy: boolean;
  writes: number;
  failures: number;
  consecutiveFailures: number;
  /** RFC3339 time of the last failure, "" if none. */
  lastFailureTime: string;
  /** A short, secret-free reason ("ENOSPC", "write timed out after 2000 ms"). */
  lastError: string;
}
