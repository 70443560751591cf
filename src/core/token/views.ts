import type { AuthEnvelope, RequestAuth } from "../../logical/types.js";
import { formatTime, secondsLeft } from "../expiration/time.js";
import type { TokenEntry } from "./types.js";

/** Whether a renewal could succeed now. */
export function renewableNow(entry: TokenEntry, now: number): boolean {
  return entry.type === "service" && entry.renewable && entry.expireTime !== 0 && entry.expireTime > now;
}

/**
 * Vault's token lookup data. `id` is the raw token when the caller gave it (lookup, lookup-self)
 * and "" otherwise (lookup-accessor); the parent is never shown.
 */
export function lookupData(entry: TokenEntry, now: number, id: string): Record<string, unknown> {
  const data: Record<string, unknown> = {
    accessor: entry.accessor,
    creation_time: Math.floor(entry.creationTime / 1000),
    creation_ttl: entry.creationTTL,
    display_name: entry.displayName,
    entity_id: entry.entityId,
    expire_time: entry.expireTime === 0 ? null : formatTime(entry.expireTime),
    explicit_max_ttl: entry.explicitMaxTTL,
    id,
    issue_time: formatTime(entry.creationTime),
    meta: entry.meta,
    num_uses: entry.numUses,
    orphan: entry.parent === "",
    path: entry.path,
    policies: entry.policies,
    renewable: renewableNow(entry, now),
    ttl: secondsLeft(entry.expireTime, now),
    type: entry.type,
  };
  if (entry.role !== "") data.role = entry.role;
  if (entry.period !== 0) data.period = entry.period;
  if (entry.boundCIDRs.length > 0) data.bound_cidrs = entry.boundCIDRs;
  if (entry.lastRenewal !== 0) {
    data.last_renewal = formatTime(entry.lastRenewal);
    data.last_renewal_time = Math.floor(entry.lastRenewal / 1000);
  }
  return data;
}

/** The envelope's `auth` block for a token just minted or renewed (`clientToken` "" when renewed by accessor). */
export function authEnvelope(entry: TokenEntry, clientToken: string): AuthEnvelope {
  const env: AuthEnvelope = {
    client_token: clientToken,
    accessor: entry.accessor,
    policies: entry.policies,
    metadata: entry.meta,
    lease_duration: entry.ttl,
    renewable: entry.renewable && entry.type === "service" && entry.ttl > 0,
    entity_id: entry.entityId,
    token_type: entry.type,
    orphan: entry.parent === "",
    mfa_requirement: null,
    num_uses: entry.numUses,
  };
  if (entry.policies.length > 0) env.token_policies = entry.policies;
  return env;
}

/** The RequestAuth the core attaches to a request made with this token. */
export function toRequestAuth(entry: TokenEntry, hasSudo: boolean): RequestAuth {
  const isRoot = entry.policies.includes("root");
  return {
    accessor: entry.accessor,
    displayName: entry.displayName,
    policies: [...entry.policies],
    tokenPolicies: [...entry.policies],
    identityPolicies: [],
    entityId: entry.entityId,
    metadata: { ...(entry.meta ?? {}) },
    tokenType: entry.type,
    isRoot,
    tokenPath: entry.path,
    hasSudo: hasSudo || isRoot,
  };
}
