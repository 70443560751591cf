/**
 * `login`: a service account JWT for a role. Rate limited per client address; the role's
 * token_bound_cidrs, then verifyServiceAccount (local keys or TokenReview). Every refusal is the
 * same 403 "permission denied" (the server log records why, never the token); an unreachable or
 * failing API server gives 502.
 */
import { InvalidRequestError, PermissionDeniedError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { BackendContext, LogicalRequest, LogicalResponse } from "../../../logical/types.js";
import { addressInCIDRs } from "../../common/cidr.js";
import { guardLogin } from "../../common/login-guard.js";
import { LoginRefusal } from "../../common/login-refusal.js";
import type { LoginRateLimiter } from "../../common/rate-limit.js";
import type { RateLimitSettingsStore } from "../../common/rate-limit-config.js";
import { tokenIssue } from "../../common/token-fields.js";
import type { KubernetesConfigStore } from "../config.js";
import type { KubernetesRoleStore } from "../role.js";
import { type VerifyDeps, verifyServiceAccount } from "../verify.js";

export interface KubernetesLoginDeps extends VerifyDeps {
  logger: BackendContext["logger"];
  configs: KubernetesConfigStore;
  roles: KubernetesRoleStore;
  limiter: LoginRateLimiter;
  rateLimit: RateLimitSettingsStore;
}

async function login(deps: KubernetesLoginDeps, req: LogicalRequest, roleName: string, jwt: string) {
  if (roleName === "") throw new InvalidRequestError("missing role");
  if (jwt === "") throw new InvalidRequestError("missing jwt");
  const config = await deps.configs.get();
  if (!config) throw new InvalidRequestError("could not load backend configuration");
  const role = await deps.roles.get(roleName);
  if (!role) throw new LoginRefusal("role not found");
  if (!addressInCIDRs(role.token.boundCIDRs, req.connection.remoteAddress)) {
    throw new LoginRefusal("client address outside the role's token_bound_cidrs");
  }
  const sa = await verifyServiceAccount(deps, config, role, jwt);
  const saMetadata = {
    service_account_name: sa.name,
    service_account_namespace: sa.namespace,
    service_account_uid: sa.uid,
    service_account_secret_name: sa.secretName,
  };
  const name = roleName.toLowerCase();
  const response: LogicalResponse = {
    auth: {
      ...tokenIssue(role.token),
      metadata: { ...saMetadata, role: name },
      displayName: `${sa.namespace}-${sa.name}`,
      alias: {
        name: role.aliasNameSource === "serviceaccount_name" ? `${sa.namespace}/${sa.name}` : sa.uid,
        metadata: saMetadata,
      },
      internal: { role: name, policies: role.token.policies, namespace: sa.namespace, name: sa.name },
    },
  };
  return response;
}

export function loginPaths(deps: KubernetesLoginDeps): PathDef[] {
  return [
    definePath({
      pattern: "login",
      fields: { role: field.str().default(""), jwt: field.str().default("") },
      operations: {
        update: async (req, f) => {
          const refusal = { method: "kubernetes", role: f.role, answer: () => new PermissionDeniedError() };
          return guardLogin(deps, req, refusal, () => login(deps, req, f.role.trim(), f.jwt.trim()));
        },
      },
      help: "Log in with a Kubernetes service account token (jwt) for a role.",
    }),
  ];
}
