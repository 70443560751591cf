/** Stage: resolve the request's token into a caller. */
import { InvalidRequestError, InvalidTokenError, PermissionDeniedError, SealedError } from "../../errors.js";
import type { LogicalRequest } from "../../logical/types.js";
import type { Caller, PipelineDeps } from "./deps.js";

/** Paths that take a wrapping token as the request's token. */
const WRAPPING_TOKEN_PATHS = new Set(["sys/wrapping/unwrap", "sys/wrapping/rewrap"]);

/**
 * On authenticated paths a missing token is a 403 `permission denied` and a bad one a 403 that
 * also says `invalid token` (clients re-authenticate on it). On unauthenticated paths a token is
 * still resolved when sent, but a bad one is ignored, and so is one that cannot be resolved because
 * the server is sealed (a client that always sends its token must still be able to unseal).
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
  let caller: Caller | null;
  try {
    caller = await deps.tokens.resolve(req.clientToken, req.connection.remoteAddress);
  } catch (err) {
    // A token of a disabled entity is refused; on a login path it is simply ignored.
    if (unauthenticated && (err instanceof SealedError || err instanceof PermissionDeniedError)) return null;
    throw err;
  }
  if (!caller && !unauthenticated) {
    // As Vault's, unwrap and rewrap check the wrapping token (here the request's own, no body
    // token) before the request's token: a used, expired or unknown one is a 400, not a 403.
    if (WRAPPING_TOKEN_PATHS.has(req.path) && (req.data.token === undefined || req.data.token === null))
      throw new InvalidRequestError("wrapping token is not valid or does not exist");
    throw new InvalidTokenError();
  }
  return caller;
}
