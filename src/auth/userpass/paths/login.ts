/**
 * login/<username>: password login. Every refusal (unknown user, wrong password, locked user, client
 * outside the user's bound CIDRs) gives the same 400 and costs one scrypt hash, so an answer tells
 * nothing about which it was. Attempts are rate limited per client address first.
 */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { BackendContext, LogicalRequest, LogicalResponse } from "../../../logical/types.js";
import { addressInCIDRs } from "../../common/cidr.js";
import type { LoginRateLimiter } from "../../common/rate-limit.js";
import { tokenIssue } from "../../common/token-fields.js";
import { normaliseLoginName } from "../../common/username.js";
import type { LockoutTracker } from "../lockout.js";
import { dummyPasswordHash, MAX_PASSWORD_BYTES, verifyPassword } from "../password-hash.js";
import type { SettingsStore } from "../settings-store.js";
import type { UserStore } from "../user-store.js";
import { USERNAME } from "./users.js";

export interface LoginDeps {
  ctx: Pick<BackendContext, "logger">;
  users: UserStore;
  settings: SettingsStore;
  lockout: LockoutTracker;
  limiter: LoginRateLimiter;
}

const REFUSED = "invalid username or password";

async function login(
  deps: LoginDeps,
  req: LogicalRequest,
  rawName: string,
  password: string,
): Promise<LogicalResponse> {
  deps.limiter.take(req.connection.remoteAddress, await deps.settings.rateLimit());
  const name = normaliseLoginName(rawName);
  if (password === "") throw new InvalidRequestError("missing password");
  const lockoutSettings = await deps.settings.lockout();
  const user = await deps.users.get(name);
  // Over-long passwords are hashed like any other wrong one (same time, same answer).
  const candidate = Buffer.byteLength(password) > MAX_PASSWORD_BYTES ? "" : password;
  const matches = await verifyPassword(candidate, user?.passwordHash ?? (await dummyPasswordHash()));
  const correct = user !== null && matches && candidate !== "";
  if (deps.lockout.isLocked(name, lockoutSettings)) throw new InvalidRequestError(REFUSED);
  if (!correct) {
    if (deps.lockout.recordFailure(name, lockoutSettings)) {
      deps.ctx.logger.warn("userpass user locked out after repeated failed logins", {
        username: name,
        lockout_seconds: lockoutSettings.duration,
      });
    }
    throw new InvalidRequestError(REFUSED);
  }
  if (!addressInCIDRs(user.token.boundCIDRs, req.connection.remoteAddress)) {
    deps.ctx.logger.info("userpass login refused: client address outside the user's bound CIDRs", {
      username: name,
    });
    throw new InvalidRequestError(REFUSED);
  }
  deps.lockout.recordSuccess(name);
  return {
    auth: {
      ...tokenIssue(user.token),
      metadata: { username: name },
      displayName: name,
      alias: { name, metadata: {} },
      internal: { username: name, policies: user.token.policies },
    },
  };
}

export function loginPaths(deps: LoginDeps): PathDef[] {
  return [
    definePath({
      pattern: `login/${USERNAME}`,
      fields: { username: field.str(), password: field.str().default("") },
      operations: { update: async (req, f) => login(deps, req, f.username, f.password) },
      help: "Log in with a username and password.",
    }),
  ];
}
