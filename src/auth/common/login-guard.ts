/**
 * The wrapper of a login whose refusals all get one answer: one rate-limit attempt for the client
 * address first, then the login; a LoginRefusal is logged for the operator (the role asked for and
 * the reason, never the credential) and answered with the method's one generic error.
 */
import type { LogicalRequest } from "../../logical/types.js";
import type { Logger } from "../../util/logger.js";
import { LoginRefusal } from "./login-refusal.js";
import type { LoginRateLimiter } from "./rate-limit.js";
import type { RateLimitSettingsStore } from "./rate-limit-config.js";

export interface LoginGuardDeps {
  limiter: LoginRateLimiter;
  rateLimit: RateLimitSettingsStore;
  logger: Logger;
}

export interface LoginRefusalAnswer {
  /** The method's name in the log line: "<method> login refused". */
  method: string;
  /** The role the request named, as given (logged cut to 128 characters). */
  role: string;
  /** The error every refusal gets. */
  answer: () => Error;
}

export async function guardLogin<T>(
  deps: LoginGuardDeps,
  req: LogicalRequest,
  refusal: LoginRefusalAnswer,
  login: () => Promise<T>,
): Promise<T> {
  deps.limiter.take(req.connection.remoteAddress, await deps.rateLimit.get());
  try {
    return await login();
  } catch (err) {
    if (!(err instanceof LoginRefusal)) throw err;
    deps.logger.info(`${refusal.method} login refused`, {
      role: refusal.role.slice(0, 128),
      reason: err.reason,
    });
    throw refusal.answer();
  }
}
