/** Stage: resolve the request's token into a caller. */
import { InvalidTokenError, PermissionDeniedError } from "../../errors.js";
import type { LogicalRequest } from "../../logical/types.js";
import type { Caller, PipelineDeps } from "./deps.js";

/**
 * On authenticated paths a missing token is a 403 `permission denied` and a bad one a 403 that
 * also says `invalid token` (clients re-authenticate on it). On unauthenticated paths a token is
 * still resolved when sent, but a bad one is ignored.
 */
export async function authenticate(
  deps: Pick<PipelineDeps, "tokens">,
  req: LogicalRequest,
  unauthenticated: boolean,
): Promise<Caller | null> {
  if (req.clientToken === "") {
    if (unauthenticated) return null;
    throw new PermissionDeniedError();
  }
  const caller = await deps.tokens.resolve(req.clientToken, req.connection.remoteAddress);
  if (!caller && !unauthenticated) throw new InvalidTokenError();
  return caller;
}
