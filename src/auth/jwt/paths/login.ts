/**
 * `login`: a JWT for a role. Order: rate limit per client address; the role (or default_role);
 * the role's token_bound_cidrs; the signature (allowed algorithm, a key of the configured source);
 * exp/nbf/iat with the role's leeways; issuer, audience, subject and bound claims; then the
 * user claim, claim_mappings and groups. Every refusal gets one generic 400 that never echoes the
 * token; the server log records the reason. A key source that cannot be reached gives 502.
 */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { BackendContext, LogicalRequest } from "../../../logical/types.js";
import { addressInCIDRs } from "../../common/cidr.js";
import { guardLogin } from "../../common/login-guard.js";
import { LoginRefusal } from "../../common/login-refusal.js";
import type { LoginRateLimiter } from "../../common/rate-limit.js";
import type { RateLimitSettingsStore } from "../../common/rate-limit-config.js";
import type { JwtConfigStore } from "../config.js";
import type { JwtKeySource } from "../key-source.js";
import { loginFromClaims } from "../login-auth.js";
import type { JwtRoleStore } from "../role.js";
import { roleKey } from "./roles.js";

export const JWT_LOGIN_REFUSED = "login refused: the JWT is invalid or not allowed for this role";

export interface JwtLoginDeps {
  ctx: Pick<BackendContext, "logger" | "clock">;
  configs: JwtConfigStore;
  roles: JwtRoleStore;
  keys: JwtKeySource;
  limiter: LoginRateLimiter;
  rateLimit: RateLimitSettingsStore;
}

async function login(deps: JwtLoginDeps, req: LogicalRequest, roleField: string, jwt: string) {
  const config = await deps.configs.get();
  if (!config) throw new InvalidRequestError("could not load configuration");
  const roleName = roleKey(roleField.trim() || config.defaultRole);
  if (roleName === "") throw new InvalidRequestError("missing role");
  if (jwt === "") throw new InvalidRequestError("missing jwt");
  const role = await deps.roles.get(roleName);
  if (!role) throw new LoginRefusal("role not found");
  if (role.roleType !== "jwt") throw new LoginRefusal("role with oidc role_type is not allowed");
  if (!addressInCIDRs(role.token.boundCIDRs, req.connection.remoteAddress)) {
    throw new LoginRefusal("client address outside the role's token_bound_cidrs");
  }
  const { claims, discoveredIssuer } = await deps.keys.verify(jwt, config);
  const response = loginFromClaims(role, roleName, {
    claims,
    nowSec: Math.floor(deps.ctx.clock.now() / 1000),
    boundIssuer: config.boundIssuer,
    discoveredIssuer,
    audiences: role.boundAudiences,
  });
  return { response, roleName };
}

export function loginPaths(deps: JwtLoginDeps): PathDef[] {
  return [
    definePath({
      pattern: "login",
      fields: { role: field.str().default(""), jwt: field.str().default("") },
      operations: {
        update: async (req, f) => {
          const guard = { limiter: deps.limiter, rateLimit: deps.rateLimit, logger: deps.ctx.logger };
          const refusal = {
            method: "jwt",
            role: f.role,
            answer: () => new InvalidRequestError(JWT_LOGIN_REFUSED),
          };
          const { response, roleName } = await guardLogin(guard, req, refusal, () =>
            login(deps, req, f.role, f.jwt),
          );
          deps.ctx.logger.debug("jwt login accepted", { role: roleName });
          return response;
        },
      },
      help: "Log in with a signed JWT for a role: role (or the config's default_role) and jwt.",
    }),
  ];
}
