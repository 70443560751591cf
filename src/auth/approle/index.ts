/**
 * The AppRole auth method: machines and services log in with a role_id and a secret_id (Vault's
 * API). Secret IDs are stored only as keyed hashes, used up atomically, and tidied periodically;
 * login attempts are rate limited per client address.
 */
import { createBackend } from "../../logical/framework.js";
import type { Backend, BackendContext } from "../../logical/types.js";
import { LoginRateLimiter } from "../common/rate-limit.js";
import { RateLimitSettingsStore, rateLimitConfigPath } from "../common/rate-limit-config.js";
import type { ApproleDeps } from "./deps.js";
import { MountKey } from "./mount-key.js";
import { loginPaths } from "./paths/login.js";
import { roleFieldPaths } from "./paths/role-fields.js";
import { rolePaths } from "./paths/roles.js";
import { secretIdPaths } from "./paths/secret-ids.js";
import { secretIdTidier, tidyPaths } from "./paths/tidy.js";
import { renewApproleLogin } from "./renew.js";
import { RoleStore } from "./role-store.js";
import { SecretIdStore } from "./secret-id-store.js";

export function createApproleBackend(ctx: BackendContext): Backend {
  const key = new MountKey(ctx.storage);
  const limiter = new LoginRateLimiter(ctx.clock);
  const deps: ApproleDeps = {
    ctx,
    roles: new RoleStore(ctx.storage, key),
    secretIds: new SecretIdStore(ctx.storage, key),
    limiter,
    rateLimit: new RateLimitSettingsStore(ctx.storage),
  };
  const tidy = secretIdTidier(deps);
  return createBackend({
    type: "approle",
    paths: [
      ...loginPaths(deps),
      ...rolePaths(deps),
      ...roleFieldPaths(deps),
      ...secretIdPaths(deps),
      ...tidyPaths(tidy),
      rateLimitConfigPath(deps.rateLimit, limiter),
    ],
    unauthenticatedPaths: ["login"],
    help: "Log in machines and services with a role_id and a secret_id.",
    renewAuth: (req) => renewApproleLogin(deps.roles, req),
    initialize: () => key.load(),
    periodic: async () => {
      await tidy();
    },
    cleanup: async () => {
      key.forget();
      limiter.clear();
    },
  });
}
