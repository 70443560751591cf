/**
 * The userpass auth method: users with a password (scrypt-hashed) log in at login/<username> and
 * get a token with the user's token_* settings. Failed logins lock a user out; login attempts are
 * rate limited per client address.
 */
import { createBackend } from "../../logical/framework.js";
import type { Backend, BackendContext } from "../../logical/types.js";
import { LoginRateLimiter } from "../common/rate-limit.js";
import { LockoutTracker } from "./lockout.js";
import { configPaths } from "./paths/config.js";
import { loginPaths } from "./paths/login.js";
import { userPaths } from "./paths/users.js";
import { renewUserpassLogin } from "./renew.js";
import { SettingsStore } from "./settings-store.js";
import { UserStore } from "./user-store.js";

export function createUserpassBackend(ctx: BackendContext): Backend {
  const users = new UserStore(ctx.storage);
  const settings = new SettingsStore(ctx.storage);
  const lockout = new LockoutTracker(ctx.clock);
  const limiter = new LoginRateLimiter(ctx.clock);
  return createBackend({
    type: "userpass",
    paths: [
      ...loginPaths({ ctx, users, settings, lockout, limiter }),
      ...configPaths(settings, lockout, limiter),
      ...userPaths(users),
    ],
    unauthenticatedPaths: ["login/*"],
    help: "Log in with a username and password.",
    renewAuth: (req) => renewUserpassLogin(users, req),
    cleanup: async () => {
      lockout.clear();
      limiter.clear();
    },
  });
}
