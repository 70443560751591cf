/**
 * The JWT/OIDC auth method (types `jwt` and `oidc`): a workload presents a JWT signed by a
 * trusted issuer (GitHub Actions, GitLab CI, a cloud provider, any OIDC provider) and gets a
 * token for a role whose bindings its claims satisfy. Keys come from OIDC discovery, a JWKS URL
 * or static PEM keys. People log in through their browser with the OIDC authorization code flow
 * (`oidc/auth_url`, `oidc/callback`) against a provider found by discovery.
 */
import { createBackend } from "../../logical/framework.js";
import type { Backend, BackendContext } from "../../logical/types.js";
import { LoginRateLimiter } from "../common/rate-limit.js";
import { RateLimitSettingsStore, rateLimitConfigPath } from "../common/rate-limit-config.js";
import { JwtConfigStore } from "./config.js";
import { JwtKeySource } from "./key-source.js";
import { OidcStateStore } from "./oidc-state.js";
import { configPaths } from "./paths/config.js";
import { loginPaths } from "./paths/login.js";
import { oidcPaths } from "./paths/oidc.js";
import { rolePaths } from "./paths/roles.js";
import { renewJwtLogin } from "./renew.js";
import { JwtRoleStore } from "./role.js";

export function createJwtBackend(ctx: BackendContext): Backend {
  const configs = new JwtConfigStore(ctx.storage);
  const roles = new JwtRoleStore(ctx.storage);
  const keys = new JwtKeySource(ctx.clock);
  const limiter = new LoginRateLimiter(ctx.clock);
  const rateLimit = new RateLimitSettingsStore(ctx.storage);
  const states = new OidcStateStore(ctx.clock);
  return createBackend({
    type: ctx.mount.type === "oidc" ? "oidc" : "jwt",
    paths: [
      ...loginPaths({ ctx, configs, roles, keys, limiter, rateLimit }),
      ...oidcPaths({ ctx, configs, roles, keys, limiter, rateLimit, states }),
      rateLimitConfigPath(rateLimit, limiter),
      ...configPaths(configs, keys),
      ...rolePaths(roles),
    ],
    unauthenticatedPaths: ["login", "oidc/auth_url", "oidc/callback"],
    help: "Log in with a JWT signed by a trusted issuer (OIDC discovery, JWKS URL or PEM keys).",
    renewAuth: (req) => renewJwtLogin(roles, req),
    cleanup: async () => {
      keys.clear();
      limiter.clear();
      states.clear();
    },
  });
}
