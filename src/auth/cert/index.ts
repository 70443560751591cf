/**
 * The cert auth method (Vault's TLS certificate auth): roles trust CA certificates (or pin client
 * certificates); a client logs in at `login` over a TLS connection that presented a certificate
 * chain, which is validated here in full. Login attempts are rate limited per client address.
 */
import { createBackend } from "../../logical/framework.js";
import type { Backend, BackendContext } from "../../logical/types.js";
import { LoginRateLimiter } from "../common/rate-limit.js";
import { RateLimitSettingsStore, rateLimitConfigPath } from "../common/rate-limit-config.js";
import { certPaths } from "./paths/certs.js";
import { configPaths } from "./paths/config.js";
import { loginPaths } from "./paths/login.js";
import { renewCertLogin } from "./renew.js";
import { CertRoleStore } from "./role-store.js";

export function createCertBackend(ctx: BackendContext): Backend {
  const roles = new CertRoleStore(ctx.storage);
  const limiter = new LoginRateLimiter(ctx.clock);
  const rateLimit = new RateLimitSettingsStore(ctx.storage);
  return createBackend({
    type: "cert",
    paths: [
      ...loginPaths({ ctx, roles, rateLimit, limiter }),
      rateLimitConfigPath(rateLimit, limiter),
      ...configPaths(roles),
      ...certPaths(ctx, roles),
    ],
    unauthenticatedPaths: ["login"],
    help: "Log in with a TLS client certificate.",
    renewAuth: (req) => renewCertLogin(roles, ctx.clock, req),
    cleanup: async () => limiter.clear(),
  });
}
