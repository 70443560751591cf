/**
 * `config/rate_limit` of an auth method: the per-address login rate limit's settings, stored in
 * the mount (`rate` attempts regained per second, `burst` at once, `disable`).
 */
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { StorageView } from "../../logical/types.js";
import { DEFAULT_LOGIN_RATE_LIMIT, type LoginRateLimiter, type RateLimitSettings } from "./rate-limit.js";

const KEY = "config/rate_limit";

export class RateLimitSettingsStore {
  constructor(private readonly storage: StorageView) {}

  async get(): Promise<RateLimitSettings> {
    return { ...DEFAULT_LOGIN_RATE_LIMIT, ...((await this.storage.getJSON<RateLimitSettings>(KEY)) ?? {}) };
  }

  set(settings: RateLimitSettings): Promise<void> {
    return this.storage.putJSON(KEY, settings);
  }
}

/** A number, also given as a string ("0.5"). */
function positiveNumber() {
  return field
    .str()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (v.trim() === "" || !Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", message: "expected a number" });
        return undefined;
      }
      return n;
    });
}

export function rateLimitConfigPath(store: RateLimitSettingsStore, limiter: LoginRateLimiter): PathDef {
  return definePath({
    pattern: "config/rate_limit",
    fields: { rate: positiveNumber(), burst: field.int().optional(), disable: field.bool().optional() },
    operations: {
      read: async () => {
        const s = await store.get();
        return { data: { rate: s.rate, burst: s.burst, disable: s.disabled } };
      },
      update: async (_req, f) => {
        const s = await store.get();
        const next = { rate: f.rate ?? s.rate, burst: f.burst ?? s.burst, disabled: f.disable ?? s.disabled };
        if (!(next.rate > 0) || next.rate > 1e6) throw new InvalidRequestError('"rate" must be above 0');
        if (next.burst < 1 || next.burst > 1e6) throw new InvalidRequestError('"burst" must be at least 1');
        await store.set(next);
        limiter.clear();
        return null;
      },
    },
    help: "Limit login attempts per client address: `burst` at once, regained at `rate` per second.",
  });
}
