/**
 * The contract between the core and every backend (secrets engines, auth methods, the system
 * backend), and between the core and http/. Requests are immutable: a layer that needs a different
 * request builds a new one.
 */
import type { StorageEntry, TxCheck, TxOp } from "../storage/types.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";

export type Operation =
  | "create"
  | "read"
  | "update"
  | "patch"
  | "delete"
  | "list"
  | "help"
  | "renew"
  | "revoke"
  | "rollback"
  | "header";

/** The caller, as the core resolved it from the token. */
export interface RequestAuth {
  accessor: string;
  displayName: string;
  /** Sorted union of token and identity policies. */
  policies: string[];
  tokenPolicies: string[];
  identityPolicies: string[];
  entityId: string;
  metadata: Record<string, string>;
  tokenType: "service" | "batch";
  isRoot: boolean;
  /** Path the token was created on (auth/token/create, auth/userpass/login/x, ...). */
  tokenPath: string;
  /** Whether the caller's ACL grants `sudo` on this request's path (root tokens: true). */
  hasSudo: boolean;
}

export interface ConnectionInfo {
  remoteAddress: string;
  remotePort: number;
  tls: boolean;
  /** DER of the TLS client certificate chain, leaf first, when one was presented. */
  peerCertificates?: Uint8Array[];
}

export interface MountRef {
  /** Mount path with trailing slash, e.g. "secret/" or "auth/userpass/". */
  path: string;
  type: string;
  accessor: string;
}

/** A lease being renewed or revoked, handed to the backend that issued it. */
export interface LeaseRef {
  leaseId: string;
  /** Data the backend stored with the secret when it issued it. */
  internal: Record<string, unknown>;
  issueTime: number;
  ttl: number;
  /** Requested increment on renew, seconds (0 = backend default). */
  increment: number;
}

export interface LogicalRequest {
  readonly id: string;
  readonly operation: Operation;
  /** Full path at the core; relative to the mount once a backend sees it. */
  readonly path: string;
  /** JSON body for writes, query parameters for read/list/delete. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Lower-cased header names. Never includes the token headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw client token ("" when none). Never log it. */
  readonly clientToken: string;
  readonly connection: ConnectionInfo;
  /** Requested response-wrapping TTL in seconds, 0 when none. */
  readonly wrapTTL: number;
  readonly mount?: MountRef;
  readonly auth?: RequestAuth;
  readonly lease?: LeaseRef;
}

/** A secret with a lease (dynamic credentials). The core registers the lease. */
export interface LeaseSecret {
  ttl: number;
  maxTTL: number;
  renewable: boolean;
  internal: Record<string, unknown>;
  /** Set when the lease already exists (a renewal): the core reports it instead of registering. */
  leaseId?: string;
  /** KV v1 style: report `lease_duration` = ttl without registering a lease. */
  leaseOnlyTTL?: boolean;
}

/** What a login hands the core so it can mint a token. */
export interface AuthIssue {
  policies: string[];
  metadata: Record<string, string>;
  displayName: string;
  ttl: number;
  maxTTL: number;
  period: number;
  explicitMaxTTL: number;
  numUses: number;
  renewable: boolean;
  tokenType?: "service" | "batch" | "default";
  boundCIDRs?: string[];
  noDefaultPolicy?: boolean;
  /** The identity alias of this login (one per auth mount + name). */
  alias?: { name: string; metadata: Record<string, string> };
  /**
   * Group names from the identity provider (jwt's groups_claim): they make the login's entity a
   * member of the external groups aliased by these names on this mount, and of no others there.
   * Absent: the method reports no groups and memberships are left as they are.
   */
  groupAliases?: string[];
  /** Stored with the token, handed back on renewal. */
  internal: Record<string, unknown>;
}

export interface LogicalResponse {
  data?: Record<string, unknown> | null;
  secret?: LeaseSecret;
  auth?: AuthIssue;
  warnings?: string[];
  /** Full control of status and JSON body: bare sys handlers, KV deleted-version 404. */
  raw?: { status: number; body: unknown };
  /** A token the core's token store already minted (auth/token/create...). */
  authEnvelope?: AuthEnvelope;
  /** A complete earlier response handed back as-is (unwrapping). */
  wrapped?: CoreResponse;
}

/** Vault's `auth` block of a response envelope. */
export interface AuthEnvelope {
  client_token: string;
  accessor: string;
  policies: string[];
  token_policies?: string[];
  identity_policies?: string[];
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id: string;
  /** "default" only on a login answered with an MFA requirement (no token yet). */
  token_type: "service" | "batch" | "default";
  orphan: boolean;
  mfa_requirement: MfaRequirement | null;
  num_uses: number;
}

/** Vault's login MFA requirement: complete the login at sys/mfa/validate with this request id. */
export interface MfaRequirement {
  mfa_request_id: string;
  /** By enforcement name: any one of the methods satisfies it. */
  mfa_constraints: Record<
    string,
    { any: Array<{ type: string; id: string; uses_passcode: boolean; name: string }> }
  >;
}

export interface WrapInfo {
  token: string;
  accessor: string;
  ttl: number;
  creation_time: string;
  creation_path: string;
  wrapped_accessor?: string;
}

/** What the core hands http/: everything needed to render Vault's envelope. */
export interface CoreResponse {
  requestId: string;
  leaseId: string;
  renewable: boolean;
  leaseDuration: number;
  data: Record<string, unknown> | null;
  warnings: string[] | null;
  auth: AuthEnvelope | null;
  wrapInfo: WrapInfo | null;
  mountType: string;
  raw?: { status: number; body: unknown };
}

/** Plaintext storage above the barrier (same operations as the physical store). */
export interface SecureStorage {
  get(key: string): Promise<StorageEntry | null>;
  put(key: string, value: Uint8Array): Promise<number>;
  delete(key: string): Promise<void>;
  list(prefix: string): Promise<string[]>;
  transaction(ops: TxOp[], checks?: TxCheck[]): Promise<boolean>;
}

/** A backend's own slice of the barrier: every key is relative to its prefix. */
export interface StorageView {
  get(key: string): Promise<Uint8Array | null>;
  getEntry(key: string): Promise<{ value: Uint8Array; revision: number } | null>;
  getJSON<T>(key: string): Promise<T | null>;
  put(key: string, value: Uint8Array): Promise<void>;
  putJSON(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  list(prefix: string): Promise<string[]>;
  /** Atomic compare-and-set over keys of this view; false if a check failed. */
  transaction(ops: TxOp[], checks?: TxCheck[]): Promise<boolean>;
  /** A narrower view under `prefix` (which ends in "/"). */
  sub(prefix: string): StorageView;
}

export interface MountInfo extends MountRef {
  options: Record<string, string>;
  description: string;
}

/** Everything a backend gets from the core. A backend imports nothing else from core/. */
export interface BackendContext {
  storage: StorageView;
  clock: Clock;
  logger: Logger;
  mount: MountInfo;
  /** Effective TTLs for this mount (its tuning, else the system defaults), in seconds. */
  ttls(): { defaultLeaseTTL: number; maxLeaseTTL: number };
  /** A password from the named password policy (sys/policies/password); NotFoundError if none. */
  generatePassword?(policyName: string): Promise<string>;
}

export interface Backend {
  readonly type: string;
  /** Paths relative to the mount that need no token (logins); a trailing `*` is a prefix glob. */
  readonly unauthenticatedPaths: readonly string[];
  /** Paths relative to the mount that need `sudo` in addition to the operation's capability. */
  readonly sudoPaths: readonly string[];
  handle(req: LogicalRequest): Promise<LogicalResponse | null>;
  /**
   * For create-vs-update on POST/PUT: true if the resource exists, false if not, undefined if the
   * path has no existence check (then the operation is "update").
   */
  existenceCheck(req: LogicalRequest): Promise<boolean | undefined>;
  /** Renew a lease this backend issued (req.lease is set). */
  renewSecret?(req: LogicalRequest): Promise<LogicalResponse | null>;
  /** Revoke a lease this backend issued (req.lease is set): drop the credential. */
  revokeSecret?(req: LogicalRequest): Promise<void>;
  /** Decide whether a token issued by this auth backend may be renewed (req.lease holds the token's internal data). */
  renewAuth?(req: LogicalRequest): Promise<LogicalResponse | null>;
  /** Called after mount and after every unseal. */
  initialize?(): Promise<void>;
  /** Called on seal and before unmount. */
  cleanup?(): Promise<void>;
  /** Called about once a minute on the active node (tidy, rotation, expiry). */
  periodic?(): Promise<void>;
}

export type BackendFactory = (ctx: BackendContext) => Promise<Backend> | Backend;
