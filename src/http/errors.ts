/**
 * The one place that turns an error into an HTTP status and a `{"errors":[...]}` body. Anything
 * that is not a CofreError is an internal error: logged (without request body or token) and
 * answered with a bare "internal error".
 */
import { CofreError, type ErrorCode } from "../errors.js";
import type { Logger } from "../util/logger.js";

export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  invalid_request: 400,
  permission_denied: 403,
  invalid_token: 403,
  not_found: 404,
  unsupported_path: 404,
  unsupported_operation: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  audit_failed: 500,
  upstream: 502,
  sealed: 503,
  uninitialized: 503,
};

export interface RenderedError {
  status: number;
  body: string;
}

/** Where an unexpected error happened, for the log line. */
export interface ErrorContext {
  requestId?: string;
  method?: string;
  path?: string;
}

export function renderError(err: unknown, logger: Logger, context: ErrorContext = {}): RenderedError {
  if (err instanceof CofreError && err.code === "internal") {
    // Internal errors (a stored value failing its integrity check, an exhausted retry) are for the
    // operator: logged with their detail, answered with a bare "internal error".
    logger.error("internal error while serving a request", {
      request_id: context.requestId,
      method: context.method,
      path: context.path,
      error: { name: err.name, message: err.message },
    });
    return { status: 500, body: errorBody(["internal error"]) };
  }
  if (err instanceof CofreError) {
    const status = STATUS_BY_CODE[err.code];
    // The core's own denials are Go multierror text; a backend's 403 with its own message (an
    // error response such as token lookup's "bad token") is sent plain, as Vault does.
    const coreDenial =
      err.code === "invalid_token" ||
      (err.code === "permission_denied" &&
        err.messages.length === 1 &&
        err.messages[0] === "permission denied");
    const messages = coreDenial ? [goMultiError(err.messages)] : err.messages;
    return { status, body: errorBody(messages) };
  }
  logger.error("unexpected error while serving a request", {
    request_id: context.requestId,
    method: context.method,
    path: context.path,
    // An Error goes to the logger as it is: the logger scrubs what its message may quote of the input.
    error: err instanceof Error ? err : typeof err,
  });
  return { status: 500, body: errorBody(["internal error"]) };
}

/** `{"errors":[...]}` */
export function errorBody(messages: readonly string[]): string {
  return JSON.stringify({ errors: messages });
}

/** The text of a Go hashicorp/go-multierror error, as Vault's core returns permission errors. */
export function goMultiError(messages: readonly string[]): string {
  if (messages.length === 1) return `1 error occurred:\n\t* ${messages[0]}\n\n`;
  const points = messages.map((m) => `* ${m}`).join("\n\t");
  return `${messages.length} errors occurred:\n\t${points}\n\n`;
}
