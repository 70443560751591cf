import { parseDuration } from "../util/duration.js";

/**
 * A duration in milliseconds: Vault's forms (integers are seconds, "30s", "5m", "1h") plus whole
 * milliseconds ("250ms"), which polling intervals in tests and tight loops need.
 */
export function durationMs(value: string | number | undefined, field: string): number {
  if (value === undefined) return 0;
  if (typeof value === "string") {
    const ms = /^(\d+)ms$/.exec(value.trim());
    if (ms) return Number(ms[1]);
  }
  return parseDuration(value, { field }) * 1000;
}
