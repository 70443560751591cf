/**
 * config/lockout and config/rate_limit: the mount's brute-force protections, plus
 * users/<name>/unlock to end a lockout early. Vault sets user lockout through
 * sys/auth/<path>/tune's user_lockout_config; cofre keeps these settings with the auth method.
 */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LoginRateLimiter } from "../../common/rate-limit.js";
import { normaliseLoginName } from "../../common/username.js";
import type { LockoutTracker } from "../lockout.js";
import type { SettingsStore } from "../settings-store.js";
import { USERNAME } from "./users.js";

export function configPaths(
  settings: SettingsStore,
  lockout: LockoutTracker,
  limiter: LoginRateLimiter,
): PathDef[] {
  return [
    definePath({
      pattern: "config/lockout",
      fields: {
        lockout_threshold: field.int().optional(),
        lockout_duration: field.duration().optional(),
        lockout_counter_reset: field.duration().optional(),
        lockout_disable: field.bool().optional(),
      },
      operations: {
        read: async () => {
          const s = await settings.lockout();
          return {
            data: {
              lockout_threshold: s.threshold,
              lockout_duration: s.duration,
              lockout_counter_reset: s.counterReset,
              lockout_disable: s.disabled,
            },
          };
        },
        update: async (_req, f) => {
          const s = await settings.lockout();
          const next = {
            threshold: f.lockout_threshold ?? s.threshold,
            duration: f.lockout_duration ?? s.duration,
            counterReset: f.lockout_counter_reset ?? s.counterReset,
            disabled: f.lockout_disable ?? s.disabled,
          };
          if (next.threshold < 1) throw new InvalidRequestError('"lockout_threshold" must be at least 1');
          if (next.duration < 1) throw new InvalidRequestError('"lockout_duration" must be at least 1s');
          if (next.counterReset < 1)
            throw new InvalidRequestError('"lockout_counter_reset" must be at least 1s');
          await settings.setLockout(next);
          lockout.clear();
          return null;
        },
      },
      help: "Lock a user out after repeated failed logins (threshold, duration, counter reset window).",
    }),

    definePath({
      pattern: "config/rate_limit",
      fields: {
        rate: positiveNumber(),
        burst: field.int().optional(),
        disable: field.bool().optional(),
      },
      operations: {
        read: async () => {
          const s = await settings.rateLimit();
          return { data: { rate: s.rate, burst: s.burst, disable: s.disabled } };
        },
        update: async (_req, f) => {
          const s = await settings.rateLimit();
          const next = {
            rate: f.rate ?? s.rate,
            burst: f.burst ?? s.burst,
            disabled: f.disable ?? s.disabled,
          };
          if (!(next.rate > 0) || next.rate > 1e6) throw new InvalidRequestError('"rate" must be above 0');
          if (next.burst < 1 || next.burst > 1e6) throw new InvalidRequestError('"burst" must be at least 1');
          await settings.setRateLimit(next);
          limiter.clear();
          return null;
        },
      },
      help: "Limit login attempts per client address: `burst` at once, regained at `rate` per second.",
    }),

    definePath({
      pattern: `users/${USERNAME}/unlock`,
      fields: { username: field.str() },
      operations: {
        update: async (_req, f) => {
          lockout.unlock(normaliseLoginName(f.username));
          return null;
        },
      },
      help: "End a user's lockout now.",
    }),
  ];
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
