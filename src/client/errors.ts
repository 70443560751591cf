import { CofreError, type ErrorCode } from "../errors.js";

/**
 * Errors the client raises. Messages hold only the HTTP status and the server's own error list
 * (or a transport reason): never the token, a request body or a response's secret data.
 */

/** Maps an HTTP status back to the error code the server used for it. */
function codeForStatus(status: number, errors: string[]): ErrorCode {
  switch (status) {
    case 400:
      return "invalid_request";
    case 403:
      return errors.some((e) => e.includes("invalid token")) ? "invalid_token" : "permission_denied";
    case 404:
      return "not_found";
    case 405:
      return "unsupported_operation";
    case 413:
      return "payload_too_large";
    case 415:
      return "unsupported_media_type";
    case 429:
      return "rate_limited";
    case 502:
      return "upstream";
    case 503:
      return "sealed";
    default:
      return "internal";
  }
}

/**
 * Flattens Go multierror text ("1 error occurred:\n\t* permission denied\n\n") into its items so
 * that every entry is one readable message.
 */
export function flattenServerErrors(raw: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const item of raw) {
    if (typeof item !== "string") continue;
    const multi = /^\d+ errors? occurred:\n/.exec(item);
    if (!multi) {
      out.push(item.trim());
      continue;
    }
    for (const line of item.slice(multi[0].length).split("\n")) {
      const m = /^\s*\* (.*)$/.exec(line);
      if (m) out.push(m[1].trim());
    }
  }
  return out.filter((e) => e !== "");
}

/** The server answered with a status >= 400. */
export class ApiError extends CofreError {
  /** HTTP status code. */
  readonly status: number;
  /** The server's `errors` list (Go multierror text flattened into items). */
  readonly errors: string[];
  /** The parsed response body (Vault's 404 envelope for a deleted KV version); not enumerable. */
  declare readonly responseBody: unknown;

  constructor(status: number, errors: string[], responseBody?: unknown) {
    super(codeForStatus(status, errors), errors);
    this.status = status;
    this.errors = errors;
    this.message =
      errors.length > 0
        ? `Code: ${status}. Errors: ${errors.map((e) => `* ${e}`).join(" ")}`
        : `Code: ${status}`;
    Object.defineProperty(this, "responseBody", { value: responseBody, enumerable: false });
  }
}

/** The request never got an HTTP answer (refused, reset, TLS failure, timeout, bad response). */
export class ConnectionError extends CofreError {
  constructor(message: string) {
    super("upstream", message);
  }
}
