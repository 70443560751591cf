/**
 * The Kubernetes auth method: a pod presents its service account token and gets a token for a
 * role bound to its namespace and service account. The token is confirmed by the cluster's
 * TokenReview API, or verified locally against pem_keys when those are configured.
 */
import { createBackend } from "../../logical/framework.js";
import type { Backend, BackendContext } from "../../logical/types.js";
import { LoginRateLimiter } from "../common/rate-limit.js";
import { RateLimitSettingsStore, rateLimitConfigPath } from "../common/rate-limit-config.js";
import { KubernetesConfigStore } from "./config.js";
import { type LocalCredentialPaths, POD_CREDENTIAL_PATHS } from "./local-credentials.js";
import { configPaths } from "./paths/config.js";
import { loginPaths } from "./paths/login.js";
import { rolePaths } from "./paths/roles.js";
import { renewKubernetesLogin } from "./renew.js";
import { KubernetesRoleStore } from "./role.js";

export interface KubernetesBackendOptions {
  /** Where the pod's own service account token and CA are read (tests point elsewhere). */
  localPaths?: LocalCredentialPaths;
  /** TokenReview request timeout (default 10 s). */
  timeoutMs?: number;
}

export function createKubernetesBackend(ctx: BackendContext, opts: KubernetesBackendOptions = {}): Backend {
  const configs = new KubernetesConfigStore(ctx.storage);
  const roles = new KubernetesRoleStore(ctx.storage);
  const limiter = new LoginRateLimiter(ctx.clock);
  const rateLimit = new RateLimitSettingsStore(ctx.storage);
  return createBackend({
    type: "kubernetes",
    paths: [
      ...loginPaths({
        clock: ctx.clock,
        logger: ctx.logger,
        localPaths: opts.localPaths ?? POD_CREDENTIAL_PATHS,
        timeoutMs: opts.timeoutMs,
        configs,
        roles,
        limiter,
        rateLimit,
      }),
      rateLimitConfigPath(rateLimit, limiter),
      ...configPaths(configs),
      ...rolePaths(roles),
    ],
    unauthenticatedPaths: ["login"],
    help: "Log in with a Kubernetes service account token.",
    renewAuth: (req) => renewKubernetesLogin(roles, req),
    cleanup: async () => limiter.clear(),
  });
}
