import { InvalidRequestError } from "../../errors.js";
import type { ConnectionInfo } from "../../logical/types.js";
import { calculateTTL } from "../expiration/ttl.js";
import type { RoleStore } from "./roles.js";
import type { LoginRenewal, TokenEntry, TokenStoreDeps } from "./types.js";

/**
 * The TTL a renewal grants: the increment (else the token's last TTL), or the period for a
 * periodic token, capped by the mount max and the explicit max counted from creation. Tokens of
 * the token store use their own (or their role's current) period and explicit max; login tokens
 * ask their auth backend through deps.renewLogin.
 */
export async function renewalGrant(
  entry: TokenEntry,
  increment: number,
  now: number,
  deps: Pick<TokenStoreDeps, "ttls" | "renewLogin">,
  roles: Pick<RoleStore, "get">,
  connection: ConnectionInfo,
): Promise<{ ttl: number; warnings: string[] }> {
  if (entry.expireTime === 0) throw new InvalidRequestError("lease is not renewable");
  if (entry.expireTime <= now) throw new InvalidRequestError("lease expired");
  if (!entry.renewable) throw new InvalidRequestError("lease is not renewable");

  let rules: LoginRenewal;
  if (entry.path.startsWith("auth/token/")) {
    rules = {
      ttl: entry.ttl,
      maxTTL: 0,
      period: entry.period,
      explicitMaxTTL: entry.explicitMaxTTL,
      ttls: deps.ttls(),
    };
    if (entry.role !== "") {
      const role = await roles.get(entry.role);
      if (!role)
        throw new InvalidRequestError(`original token role "${entry.role}" could not be found, not renewing`);
      // The role's current values apply (an operator may have lowered them), never above the token's own.
      rules.period = smallerSet(entry.period, role.tokenPeriod);
      rules.explicitMaxTTL = smallerSet(entry.explicitMaxTTL, role.tokenExplicitMaxTTL);
    }
  } else {
    if (!deps.renewLogin) throw new InvalidRequestError("lease is not renewable");
    rules = await deps.renewLogin(entry, increment, connection);
  }
  return calculateTTL({
    ttls: rules.ttls,
    increment,
    backendTTL: rules.ttl,
    period: rules.period,
    backendMaxTTL: rules.maxTTL,
    explicitMaxTTL: rules.explicitMaxTTL,
    startTime: entry.creationTime,
    now,
  });
}

/** The smaller of two limits where 0 means "not set". */
function smallerSet(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return Math.min(a, b);
}
