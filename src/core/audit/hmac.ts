/**
 * Vault's audit hashing: `hmac-sha256:<hex>` of a string under the device's salt, and the walk that
 * replaces every string of a data tree except RFC3339 timestamps and values under keys the mount
 * exempts (at any depth, with everything below them).
 */
import { createHmac } from "node:crypto";

export const HMAC_PREFIX = "hmac-sha256:";

export class AuditHasher {
  private readonly key: Buffer;
  constructor(salt: string) {
    this.key = Buffer.from(salt, "utf8");
  }

  hash(value: string): string {
    return HMAC_PREFIX + createHmac("sha256", this.key).update(value, "utf8").digest("hex");
  }

  /** A copy of a JSON-shaped tree with its strings hashed; maps keep their keys. */
  walk(value: unknown, exempt: ReadonlySet<string>): unknown {
    if (typeof value === "string") return isRFC3339(value) ? value : this.hash(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v, exempt));
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = exempt.has(k) ? v : this.walk(v, exempt);
      return out;
    }
    return value;
  }
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

/** Whether Go's time.Parse(time.RFC3339, s) would accept `s`. */
export function isRFC3339(s: string): boolean {
  if (s.length < 20 || s.length > 35) return false;
  const m = RFC3339.exec(s);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return false;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return false;
  return true;
}
