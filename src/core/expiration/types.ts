import type { StorageView } from "../../logical/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/logger.js";
import type { MountTTLs } from "./ttl.js";

export type LeaseKind = "secret" | "auth";

/** A revocation that was asked for (expiry, revoke with sync=false, token revoked) or that failed. */
export interface PendingRevocation {
  /** Failed attempts so far. */
  failures: number;
  /** Earliest time of the next attempt, ms. */
  nextAttempt: number;
  /** Safe description of the last failure ("" before any). Never a secret value. */
  lastError: string;
}

/** One lease as persisted under `id/<leaseId>`. Times are ms since the epoch, TTLs seconds. */
export interface LeaseRecord {
  leaseId: string;
  kind: LeaseKind;
  /** Request path that created it (a secret's read path, a token's creation path). */
  path: string;
  mountAccessor: string;
  /** Keyed hash of the owning token ("" for none): revoking that token revokes this lease. */
  tokenHash: string;
  issueTime: number;
  /** 0 = never expires. */
  expireTime: number;
  /** 0 = never renewed. */
  lastRenewal: number;
  /** Last granted TTL. */
  ttl: number;
  renewable: boolean;
  /** Mount TTLs at issue time: the renewal defaults and cap. */
  ttls: MountTTLs;
  /** The backend's own cap (0 = none). */
  backendMaxTTL: number;
  /** Hard limit on the expire time (a batch token's expiry), ms; 0 = none. */
  notAfter: number;
  /** Data the issuing backend needs to renew or revoke a secret. */
  internal: Record<string, unknown>;
  revocation?: PendingRevocation;
}

export interface ExpirationDeps {
  storage: StorageView;
  clock: Clock;
  logger: Logger;
  /** Route to the backend that issued the secret and drop the credential; throws on failure. */
  revokeSecret(lease: LeaseRecord): Promise<void>;
  /** Ask the issuing backend to renew; null when it does not support renewal. */
  renewSecret(lease: LeaseRecord, increment: number): Promise<{ ttl: number; maxTTL?: number } | null>;
  /** Revoke a token, its descendants and their leases (the token store's revokeTree). */
  revokeToken(tokenHash: string): Promise<void>;
  /** For tidy: whether a token still exists. Without it tidy only drops dangling index entries. */
  tokenExists?(tokenHash: string): Promise<boolean>;
}

export interface ExpirationOptions {
  /** First retry delay after a failed revocation (doubles each time), ms. Default 10 s. */
  retryBaseMs?: number;
  /** Longest retry delay, ms. Default 5 min. */
  retryMaxMs?: number;
  /** Failures after which a lease is reported by failedRevocations(). Default 6. */
  reportAfter?: number;
  /** Shortest timer delay, ms (expiry granularity). Default 1 s. */
  minTimerMs?: number;
  /** Longest timer delay, ms. Default 60 s. */
  maxTimerMs?: number;
  /** Timer functions (tests inject fakes). */
  timers?: {
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
  };
}

export interface RegisterSecretInput {
  /** Request path that returned the secret, e.g. `database/creds/readonly`. */
  path: string;
  mountAccessor: string;
  secret: { ttl: number; maxTTL: number; renewable: boolean; internal: Record<string, unknown> };
  /** Owner token's hash ("" for none); for a batch token, its parent's (see TokenStore.leaseOwner). */
  tokenHash: string;
  /** The mount's effective TTLs. */
  ttls: MountTTLs;
  /** Never let the lease outlive this time, ms (a batch token's expiry); 0/absent = no limit. */
  notAfter?: number;
}

export interface RegisteredLease {
  leaseId: string;
  ttl: number;
  renewable: boolean;
  warnings: string[];
}

export interface RegisterAuthInput {
  /** The token's creation path, e.g. `auth/token/create` or `auth/userpass/login/bob`. */
  path: string;
  mountAccessor: string;
  tokenHash: string;
  issueTime: number;
  /** 0 = never expires. */
  expireTime: number;
  ttl: number;
  renewable: boolean;
  lastRenewal?: number;
}

/** Vault's sys/leases/lookup data. */
export interface LeaseLookupData {
  id: string;
  issue_time: string;
  expire_time: string | null;
  last_renewal: string | null;
  renewable: boolean;
  ttl: number;
}

export interface FailedRevocation {
  leaseId: string;
  kind: LeaseKind;
  /** Accessor of the mount the lease came from. */
  mountAccessor: string;
  failures: number;
  nextAttempt: number;
  lastError: string;
}
