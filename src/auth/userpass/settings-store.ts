/** The mount's login protection settings (lockout and rate limit), stored under `config/`. */
import type { StorageView } from "../../logical/types.js";
import { DEFAULT_LOGIN_RATE_LIMIT, type RateLimitSettings } from "../common/rate-limit.js";
import { DEFAULT_LOCKOUT, type LockoutSettings } from "./lockout.js";

export class SettingsStore {
  constructor(private readonly storage: StorageView) {}

  async lockout(): Promise<LockoutSettings> {
    return { ...DEFAULT_LOCKOUT, ...((await this.storage.getJSON<LockoutSettings>("config/lockout")) ?? {}) };
  }

  setLockout(settings: LockoutSettings): Promise<void> {
    return this.storage.putJSON("config/lockout", settings);
  }

  async rateLimit(): Promise<RateLimitSettings> {
    const stored = await this.storage.getJSON<RateLimitSettings>("config/rate_limit");
    return { ...DEFAULT_LOGIN_RATE_LIMIT, ...(stored ?? {}) };
  }

  setRateLimit(settings: RateLimitSettings): Promise<void> {
    return this.storage.putJSON("config/rate_limit", settings);
  }
}
