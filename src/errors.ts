/**
 * Typed errors. Anything may throw these; only http/errors.ts maps a code to an HTTP status.
 * Messages must be safe to show a client: never put a secret value, token or password in one.
 */
export type ErrorCode =
  | "invalid_request"
  | "permission_denied"
  | "invalid_token"
  | "not_found"
  | "unsupported_path"
  | "unsupported_operation"
  | "sealed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "upstream"
  | "internal"
  | "audit_failed"
  | "uninitialized";

export class CofreError extends Error {
  readonly code: ErrorCode;
  /** One entry per message in Vault's `{"errors":[...]}` body. */
  readonly messages: string[];
  constructor(code: ErrorCode, message: string | string[]) {
    const messages = Array.isArray(message) ? message : [message];
    super(messages.join("; "));
    this.code = code;
    this.messages = messages;
    this.name = new.target.name;
  }
}

/** 400: the request is malformed or not valid for the resource. */
export class InvalidRequestError extends CofreError {
  constructor(message: string | string[]) {
    super("invalid_request", message);
  }
}

/** 403: the token lacks a capability, or no token was given. */
export class PermissionDeniedError extends CofreError {
  constructor(message = "permission denied") {
    super("permission_denied", message);
  }
}

/** 403: the token is unknown, expired or used up (clients re-authenticate on "invalid token"). */
export class InvalidTokenError extends CofreError {
  constructor() {
    super("invalid_token", ["permission denied", "invalid token"]);
  }
}

/** 404: nothing at this path (a read or list that found nothing has an empty message list). */
export class NotFoundError extends CofreError {
  constructor(message: string | string[] = []) {
    super("not_found", message);
  }
}

/** 404: no backend path or no mount handles this path. */
export class UnsupportedPathError extends CofreError {
  constructor(message = "unsupported path") {
    super("unsupported_path", message);
  }
}

/** 405: the path exists but not for this operation. */
export class UnsupportedOperationError extends CofreError {
  constructor(message = "unsupported operation") {
    super("unsupported_operation", message);
  }
}

/** 503: the server is sealed (or not initialised). */
export class SealedError extends CofreError {
  constructor() {
    super("sealed", "Vault is sealed");
  }
}

export class PayloadTooLargeError extends CofreError {
  constructor(message = "request body too large") {
    super("payload_too_large", message);
  }
}

export class UnsupportedMediaTypeError extends CofreError {
  constructor(message: string) {
    super("unsupported_media_type", message);
  }
}

export class RateLimitedError extends CofreError {
  constructor(message = "request rate limit exceeded") {
    super("rate_limited", message);
  }
}

/** 502: a third-party system (a database, a JWKS URL) failed. */
export class UpstreamError extends CofreError {
  constructor(message: string) {
    super("upstream", message);
  }
}

/** 500: no enabled audit device could record the request or response. */
export class AuditFailedError extends CofreError {
  constructor() {
    super("audit_failed", "internal error");
  }
}

/** 500 with a safe message; the cause is logged (redacted) by the server, never sent. */
export class InternalError extends CofreError {
  constructor(message = "internal error") {
    super("internal", message);
  }
}
