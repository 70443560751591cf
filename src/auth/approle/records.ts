/**
 * What the AppRole method stores, inside the mount's view:
 *   hmac_key                              the mount's random HMAC key (barrier-encrypted)
 *   role/<name>                           RoleEntry (name lower-cased)
 *   role_id/<hmac(role_id)>               RoleIdIndex: which role a role_id belongs to
 *   secret_id/<role.key>/<hmac(secret)>   SecretIdEntry (the secret ID itself is never stored)
 *   accessor/<hmac(accessor)>             AccessorIndex: the secret ID an accessor names
 * `role.key` is random per role, so a role deleted and created again under the same name never
 * sees the old role's secret IDs (tidy removes those leftovers).
 */
import type { TokenSettings } from "../common/token-fields.js";

export interface RoleEntry {
  name: string;
  /** Random, fixed for the role's life: the folder of its secret IDs and a renewal check. */
  key: string;
  roleId: string;
  bindSecretId: boolean;
  secretIdBoundCIDRs: string[];
  /** 0 = unlimited. */
  secretIdNumUses: number;
  /** Seconds; 0 = never expires. */
  secretIdTTL: number;
  localSecretIds: boolean;
  token: TokenSettings;
}

export interface RoleIdIndex {
  name: string;
}

export interface SecretIdEntry {
  accessor: string;
  /** HMAC of the secret ID (hex), compared in constant time at login. */
  hmac: string;
  /** Uses left; 0 = unlimited. */
  numUses: number;
  /** Seconds the secret ID was given; 0 = never expires. */
  ttl: number;
  /** Milliseconds since the epoch. */
  creationTime: number;
  /** 0 = never. */
  expirationTime: number;
  lastUpdatedTime: number;
  metadata: Record<string, string>;
  cidrList: string[];
  tokenBoundCIDRs: string[];
}

export interface AccessorIndex {
  roleKey: string;
  secretHmac: string;
}

/** Longest role name, role_id or secret_id accepted (bytes), as in Vault. */
export const MAX_ID_BYTES = 4096;
