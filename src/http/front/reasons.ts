/**
 * Vocabulary shared by the connection front and the HTTP adapter: the stand-in method that
 * carries a client's LIST past Node's parser, and the reasons the front refuses a request.
 */

/** Node's parser rejects `LIST`; the front rewrites it to this verb (same length, rarely used). */
export const LIST_STAND_IN = "BIND";

/**
 * Method of the request the front injects in place of a refused one, so that the refusal is
 * answered in order, after the responses to earlier pipelined requests.
 */
export const REFUSAL_METHOD = "UNBIND";

export type RefusalReason =
  | "request-line"
  | "http-version"
  | "header-field"
  | "obs-fold"
  | "space-before-colon"
  | "bare-lf"
  | "content-length"
  | "transfer-encoding"
  | "ambiguous-length"
  | "host"
  | "upgrade"
  | "method"
  | "header-too-large"
  | "chunked-encoding"
  | "header-timeout";

interface Refusal {
  status: number;
  message: string;
}

const REFUSALS: Record<RefusalReason, Refusal> = {
  "request-line": { status: 400, message: "malformed request line" },
  "http-version": { status: 400, message: "unsupported HTTP version (HTTP/1.1 or HTTP/1.0 only)" },
  "header-field": { status: 400, message: "malformed header field" },
  "obs-fold": { status: 400, message: "obsolete header line folding is not accepted" },
  "space-before-colon": { status: 400, message: "whitespace between header name and colon" },
  "bare-lf": { status: 400, message: "lines must end with CRLF" },
  "content-length": { status: 400, message: "invalid or repeated Content-Length" },
  "transfer-encoding": { status: 400, message: "Transfer-Encoding must be exactly chunked" },
  "ambiguous-length": {
    status: 400,
    message: "request has both Content-Length and Transfer-Encoding",
  },
  host: { status: 400, message: "HTTP/1.1 requests need exactly one Host header" },
  upgrade: { status: 400, message: "protocol upgrade is not supported" },
  method: { status: 405, message: "method not allowed" },
  "header-too-large": { status: 431, message: "request header block too large" },
  "chunked-encoding": { status: 400, message: "malformed chunked body" },
  "header-timeout": { status: 408, message: "timed out waiting for the request header" },
};

export function refusalFor(reason: string): Refusal {
  return Object.hasOwn(REFUSALS, reason) ? REFUSALS[reason as RefusalReason] : REFUSALS["request-line"];
}

/** The request the front hands Node's HTTP server in place of a refused one. */
export function refusalRequest(reason: RefusalReason): Buffer {
  return Buffer.from(
    `${REFUSAL_METHOD} /${reason} HTTP/1.1\r\nHost: cofre.invalid\r\nConnection: close\r\n\r\n`,
    "latin1",
  );
}
