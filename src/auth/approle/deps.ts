import type { BackendContext } from "../../logical/types.js";
import type { LoginRateLimiter } from "../common/rate-limit.js";
import type { RateLimitSettingsStore } from "../common/rate-limit-config.js";
import type { RoleStore } from "./role-store.js";
import type { SecretIdStore } from "./secret-id-store.js";

/** What the AppRole paths share. */
export interface ApproleDeps {
  ctx: Pick<BackendContext, "clock" | "logger" | "ttls" | "mount">;
  roles: RoleStore;
  secretIds: SecretIdStore;
  limiter: LoginRateLimiter;
  rateLimit: RateLimitSettingsStore;
}
