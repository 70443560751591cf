import type { LeaseRecord } from "./types.js";

/** Whether a renewal could succeed now. */
export function isRenewable(rec: LeaseRecord, now: number): boolean {
  return rec.renewable && rec.expireTime !== 0 && rec.expireTime > now && !rec.revocation;
}

/** Applies a hard expiry limit (ms, 0 = none) to a TTL granted at `now`. */
export function capAt(ttl: number, now: number, notAfter: number): { ttl: number; expireTime: number } {
  const expireTime = now + ttl * 1000;
  if (notAfter === 0 || expireTime <= notAfter) return { ttl, expireTime };
  return { ttl: Math.max(0, Math.floor((notAfter - now) / 1000)), expireTime: notAfter };
}
