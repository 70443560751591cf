/**
 * Go's RFC3339Nano as encoding/json writes a time: fractional seconds without trailing zeros,
 * no fraction at all on a whole second. Times here are UTC, so the zone is "Z".
 */
export function formatTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.(\d*?)0*Z$/, (_m, digits: string) => (digits ? `.${digits}Z` : "Z"));
}

/** Whole seconds from `now` until `expireTime` (ms), never negative; 0 for "never expires". */
export function secondsLeft(expireTime: number, now: number): number {
  if (expireTime === 0) return 0;
  return Math.max(0, Math.floor((expireTime - now) / 1000));
}
