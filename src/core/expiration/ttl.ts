import { InternalError, InvalidRequestError } from "../../errors.js";
import { formatGoDuration } from "../../util/duration.js";

/** Effective TTLs of a mount (its tuning, else the system defaults), in seconds. */
export interface MountTTLs {
  defaultLeaseTTL: number;
  maxLeaseTTL: number;
}

export interface TTLInput {
  ttls: MountTTLs;
  /** Requested increment on a renewal, seconds (0 = none). */
  increment: number;
  /** TTL the backend (or the token's previous grant) proposes, seconds (0 = mount default). */
  backendTTL: number;
  /** Periodic tokens: every grant is exactly this long (capped by the max TTL), seconds. */
  period: number;
  /** The backend's own cap, seconds (0 = none). */
  backendMaxTTL: number;
  /** A token's hard cap from its creation, seconds (0 = none). */
  explicitMaxTTL: number;
  /** When the lease or token was issued, ms. */
  startTime: number;
  now: number;
}

/**
 * Vault's TTL rule for issuing and renewing leases and tokens: the increment (else the backend's
 * TTL, else the mount default) is capped so the lease never outlives the smallest of the mount
 * max, the backend max and the explicit max, counted from the start time. A periodic grant is the
 * period, capped only by the explicit max. Returns the granted TTL in seconds and any warnings.
 */
export function calculateTTL(input: TTLInput): { ttl: number; warnings: string[] } {
  const warnings: string[] = [];
  const now = Math.floor(input.now / 1000);
  const start = Math.floor(input.startTime / 1000);
  let maxTTL = input.ttls.maxLeaseTTL;
  if (input.backendMaxTTL > 0 && input.backendMaxTTL < maxTTL) maxTTL = input.backendMaxTTL;
  if (input.explicitMaxTTL > 0 && input.explicitMaxTTL < maxTTL) maxTTL = input.explicitMaxTTL;
  if (maxTTL <= 0) throw new InternalError("max TTL must be greater than zero");

  let ttl: number;
  let maxValidTime: number | null = null;
  if (input.period > 0) {
    ttl = input.period;
    if (ttl > maxTTL) {
      warnings.push(
        `period of "${formatGoDuration(ttl)}" exceeded the effective max_ttl of "${formatGoDuration(maxTTL)}"; period value is capped accordingly`,
      );
      ttl = maxTTL;
    }
    if (input.explicitMaxTTL > 0) maxValidTime = start + input.explicitMaxTTL;
  } else {
    if (input.increment > 0) ttl = input.increment;
    else if (input.backendTTL > 0) ttl = input.backendTTL;
    else ttl = input.ttls.defaultLeaseTTL;
    maxValidTime = start + maxTTL;
  }

  if (maxValidTime !== null) {
    const maxValidTTL = maxValidTime - now;
    if (maxValidTTL < 0) throw new InvalidRequestError("past the max TTL, cannot renew");
    if (ttl > maxValidTTL) {
      warnings.push(
        `TTL of "${formatGoDuration(ttl)}" exceeded the effective max_ttl of "${formatGoDuration(maxValidTTL)}"; TTL value is capped accordingly`,
      );
      ttl = maxValidTTL;
    }
  }
  return { ttl, warnings };
}
