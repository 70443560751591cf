import type { ConnectionInfo, StorageView } from "../../logical/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/logger.js";
import type { ExpirationManager } from "../expiration/manager.js";
import type { MountTTLs } from "../expiration/ttl.js";

export type TokenType = "service" | "batch";

/** Remaining-uses marker of a token being revoked or serving its last use: no longer resolvable. */
export const REVOCATION_PENDING = -1;

/**
 * A token as stored under `id/<hash>` (service tokens) or sealed inside a batch token. The raw
 * token is never part of it. Times are ms since the epoch, TTLs seconds.
 */
export interface TokenEntry {
  /** Keyed hash of the raw token, the storage id ("" for batch tokens). */
  hash: string;
  /** "" for batch tokens. */
  accessor: string;
  /** Parent's hash, "" for an orphan. */
  parent: string;
  /** Sorted. */
  policies: string[];
  meta: Record<string, string> | null;
  displayName: string;
  /** Remaining uses: 0 unlimited, REVOCATION_PENDING when used up or being revoked. */
  numUses: number;
  creationTime: number;
  /** TTL granted at creation. */
  creationTTL: number;
  /** TTL of the last grant (creation or renewal): a renewal without increment extends by it. */
  ttl: number;
  explicitMaxTTL: number;
  period: number;
  /** Creation path: auth/token/create, auth/token/create/<role>, auth/userpass/login/bob, ... */
  path: string;
  type: TokenType;
  renewable: boolean;
  entityId: string;
  role: string;
  boundCIDRs: string[];
  /** Data of the login backend, handed back on renewal. */
  internal: Record<string, unknown>;
  /** 0 = never expires. */
  expireTime: number;
  /** 0 = never renewed. */
  lastRenewal: number;
  /** Accessor of the auth mount that issued it. */
  mountAccessor: string;
}

/** What a login's auth backend decides when one of its tokens is renewed. */
export interface LoginRenewal {
  ttl: number;
  maxTTL: number;
  period: number;
  explicitMaxTTL: number;
  /** The auth mount's effective TTLs. */
  ttls: MountTTLs;
}

export interface TokenStoreDeps {
  /** The token store's own slice of the barrier. */
  storage: StorageView;
  clock: Clock;
  logger: Logger;
  expiration: Pick<ExpirationManager, "registerAuth" | "revokeByToken">;
  /** For the `Policy "x" does not exist` warning on token creation. */
  policyExists(name: string): Promise<boolean>;
  /** Effective TTLs of the auth/token/ mount. */
  ttls(): MountTTLs;
  /** Accessor of the auth/token/ mount. */
  mountAccessor(): string;
  /**
   * Renewal of a token issued by another auth method (routed to its backend's renewAuth, which sees
   * the renewing request's connection: the cert method checks its client certificate). Throws to
   * refuse. Without it such tokens are not renewable.
   */
  renewLogin?(entry: TokenEntry, increment: number, connection: ConnectionInfo): Promise<LoginRenewal>;
  /** Entity id for a token role's entity alias. Without it `entity_alias` is refused. */
  entityForAlias?(alias: string, mountAccessor: string): Promise<string>;
  /** The policies a token's entity and its groups add (for lookup answers). */
  identityPolicies?(entityId: string): string[];
  /** Called after a token was revoked (the core destroys its cubbyhole). */
  onRevoked?(entry: TokenEntry): Promise<void>;
}

export type RoleTokenType = "service" | "batch" | "default-service" | "default-batch";

/** A token role (auth/token/roles/<name>). */
export interface TokenRole {
  name: string;
  allowedPolicies: string[];
  disallowedPolicies: string[];
  allowedPoliciesGlob: string[];
  disallowedPoliciesGlob: string[];
  orphan: boolean;
  renewable: boolean;
  pathSuffix: string;
  allowedEntityAliases: string[];
  tokenBoundCIDRs: string[];
  tokenExplicitMaxTTL: number;
  tokenNoDefaultPolicy: boolean;
  tokenNumUses: number;
  tokenPeriod: number;
  tokenType: RoleTokenType;
  /** Values given through the deprecated field names, echoed back on read like Vault. */
  legacyPeriod: number;
  legacyExplicitMaxTTL: number;
  legacyBoundCIDRs: string[];
}
