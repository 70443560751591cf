/** What the request pipeline needs from the rest of the core, narrowed to the calls it makes. */
import type {
  AuthEnvelope,
  AuthIssue,
  CoreResponse,
  LeaseSecret,
  LogicalRequest,
  LogicalResponse,
  RequestAuth,
  WrapInfo,
} from "../../logical/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/logger.js";
import type { Router } from "../mounts/router.js";
import type { MountEntry } from "../mounts/types.js";
import type { ACL } from "../policy/acl.js";
import type { AclIdentity } from "../policy-store.js";

/** A resolved, valid token as the pipeline sees it. */
export interface Caller {
  /** Opaque handle the token store understands (its stored entry). */
  readonly entry: unknown;
  readonly tokenHash: string;
  /** The token's own policies plus its entity's and groups' (sorted, unique). */
  readonly policies: string[];
  /** The entity's and its groups' policies (empty without an entity). */
  readonly identityPolicies: string[];
  /** The entity templated policies are rendered for (null without one). */
  readonly identity: AclIdentity | null;
  readonly numUses: number;
}

export interface TokenPort {
  /** Null for unknown, expired, used-up or CIDR-bound-elsewhere tokens. */
  resolve(raw: string, remoteAddress: string): Promise<Caller | null>;
  toRequestAuth(caller: Caller, hasSudo: boolean): RequestAuth;
  /**
   * Counts one use of a limited-use token before the request runs (throws InvalidTokenError when
   * it was used up meanwhile); `finish()` revokes it after its last use.
   */
  beginUse(caller: Caller): Promise<{ finish(): Promise<void> }>;
  /**
   * Mints a token for a successful login (resolving its alias into an entity), or answers the
   * login MFA requirement instead when an enforcement applies and no `X-Vault-MFA` header
   * satisfied it.
   */
  createFromAuth(
    auth: AuthIssue,
    ctx: {
      path: string;
      mount: MountEntry;
      ttls: { defaultLeaseTTL: number; maxLeaseTTL: number };
      /** The raw X-Vault-MFA header ("" when absent). */
      mfaHeader: string;
    },
  ): Promise<AuthEnvelope>;
}

export interface LeasePort {
  registerSecret(input: {
    path: string;
    mount: MountEntry;
    secret: LeaseSecret;
    caller: Caller | null;
    ttls: { defaultLeaseTTL: number; maxLeaseTTL: number };
  }): Promise<{ leaseId: string; ttl: number; warnings: string[] }>;
}

export interface WrapPort {
  /** Stores the response for a single-use wrapping token and returns its wrap info. */
  wrap(body: CoreResponse, ttl: number, creationPath: string, wrappedAccessor?: string): Promise<WrapInfo>;
}

export interface AuditPort {
  /** Throws AuditFailedError when devices are enabled and none recorded the entry. */
  logRequest(req: LogicalRequest, error?: Error): Promise<void>;
  logResponse(
    req: LogicalRequest,
    res: LogicalResponse | null,
    envelope: unknown,
    error?: Error,
  ): Promise<void>;
}

export interface PipelineDeps {
  isSealed(): boolean;
  router: Router;
  tokens: TokenPort;
  acl(policies: readonly string[], identity?: AclIdentity | null): Promise<ACL>;
  leases: LeasePort;
  wrapping: WrapPort;
  audit: AuditPort;
  ttlsOf(entry: MountEntry): { defaultLeaseTTL: number; maxLeaseTTL: number };
  clock: Clock;
  logger: Logger;
}
