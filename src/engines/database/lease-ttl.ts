/** How long a dynamic credential lives: the lease TTL the engine asks for, and its database expiry. */
import type { DynamicRole } from "./types.js";

/** Seconds the database keeps a credential past its lease, so the lease always ends first. */
export const EXPIRY_MARGIN_SECONDS = 5;

/**
 * The TTL for an issue (increment 0, issued now) or a renewal: the increment, else the role's
 * default_ttl, else the mount default; never past the smaller of the role's max_ttl and the mount
 * maximum, counted from the issue time. Seconds, at least 0.
 */
export function leaseTTL(
  role: Pick<DynamicRole, "default_ttl" | "max_ttl">,
  mount: { defaultLeaseTTL: number; maxLeaseTTL: number },
  increment: number,
  issueTime: number,
  now: number,
): number {
  const max = role.max_ttl > 0 ? Math.min(role.max_ttl, mount.maxLeaseTTL) : mount.maxLeaseTTL;
  const wanted = increment > 0 ? increment : role.default_ttl > 0 ? role.default_ttl : mount.defaultLeaseTTL;
  const left = max - Math.floor((now - issueTime) / 1000);
  return Math.max(0, Math.min(wanted, left));
}
