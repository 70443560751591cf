/**
 * From an HTTP request to a LogicalRequest (reference section 1.1 and 1.2): method -> operation,
 * query or body -> data, token and wrap TTL headers.
 */
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { InvalidRequestError, UnsupportedMediaTypeError, UnsupportedOperationError } from "../errors.js";
import type { ConnectionInfo, LogicalRequest, Operation } from "../logical/types.js";
import { parseDuration } from "../util/duration.js";
import { mediaType } from "./body.js";
import { LIST_STAND_IN } from "./front/reasons.js";

export type QueryParams = Readonly<Record<string, string | string[] | undefined>>;

/** What the method (and for GET the `list` parameter) makes of a request. */
export interface ResolvedOperation {
  operation: Operation;
  /** The request carries its data in the body (POST, PUT, PATCH). */
  readsBody: boolean;
  /** A form-urlencoded body is accepted (POST, PUT). */
  acceptsForm: boolean;
}

const PATCH_MEDIA_TYPE = "application/merge-patch+json";

const READ: ResolvedOperation = { operation: "read", readsBody: false, acceptsForm: false };
const LIST: ResolvedOperation = { operation: "list", readsBody: false, acceptsForm: false };
const UPDATE: ResolvedOperation = { operation: "update", readsBody: true, acceptsForm: true };
const PATCH: ResolvedOperation = { operation: "patch", readsBody: true, acceptsForm: false };
const DELETE: ResolvedOperation = { operation: "delete", readsBody: false, acceptsForm: false };
const HEADER: ResolvedOperation = { operation: "header", readsBody: false, acceptsForm: false };
const HELP: ResolvedOperation = { operation: "help", readsBody: false, acceptsForm: false };

/** GET with `?list=<true>` (the `list` parameter is consumed, not passed on as data). */
const LIST_BY_QUERY: ResolvedOperation = { operation: "list", readsBody: false, acceptsForm: false };

/** Go's strconv.ParseBool. */
const GO_BOOLS = new Map<string, boolean>([
  ["1", true],
  ["t", true],
  ["T", true],
  ["true", true],
  ["TRUE", true],
  ["True", true],
  ["0", false],
  ["f", false],
  ["F", false],
  ["false", false],
  ["FALSE", false],
  ["False", false],
]);

export function resolveOperation(
  method: string,
  query: QueryParams,
  headers: IncomingHttpHeaders,
): ResolvedOperation {
  if (firstValue(query.help) !== "") return HELP;
  switch (method) {
    case "GET": {
      const list = firstValue(query.list);
      if (list === "") return READ;
      const flag = GO_BOOLS.get(list);
      if (flag === undefined)
        throw new InvalidRequestError("invalid value for the list parameter: must be a boolean");
      return flag ? LIST_BY_QUERY : READ;
    }
    case LIST_STAND_IN:
      return LIST;
    case "POST":
    case "PUT":
      return UPDATE;
    case "PATCH":
      checkPatchContentType(headers["content-type"]);
      return PATCH;
    case "DELETE":
      return DELETE;
    case "HEAD":
      return HEADER;
    default:
      throw new UnsupportedOperationError("unsupported method");
  }
}

function checkPatchContentType(header: string | undefined): void {
  const media = mediaType(header);
  if (media === "") throw new InvalidRequestError("mime: no media type");
  if (media !== PATCH_MEDIA_TYPE) {
    throw new UnsupportedMediaTypeError(
      `PATCH requires Content-Type of ${PATCH_MEDIA_TYPE}, provided ${media}`,
    );
  }
}

export interface RequestParts {
  resolved: ResolvedOperation;
  /** Decoded logical path (see decodeApiPath). */
  path: string;
  query: QueryParams;
  headers: IncomingHttpHeaders;
  /** Parsed body for operations that read one. */
  body: Record<string, unknown> | null;
  connection: ConnectionInfo;
}

export function buildLogicalRequest(parts: RequestParts): LogicalRequest {
  const { operation, readsBody } = parts.resolved;
  let path = parts.path;
  if (operation === "list" && !path.endsWith("/")) path += "/";
  const headers = parts.headers;
  return {
    id: randomUUID(),
    operation,
    path,
    data: readsBody ? (parts.body ?? {}) : queryData(parts.query, parts.resolved),
    headers: forwardedHeaders(headers),
    clientToken: clientToken(headers),
    connection: parts.connection,
    wrapTTL: wrapTTL(firstValue(headers["x-vault-wrap-ttl"])),
  };
}

/** Query parameters as request data: one value stays a string, repeats become a list. */
function queryData(query: QueryParams, resolved: ResolvedOperation): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (resolved === HELP) return data;
  for (const key in query) {
    if (key === "help" || (key === "list" && resolved === LIST_BY_QUERY)) continue;
    if (key === "__proto__") throw new InvalidRequestError('"__proto__" is not allowed as a query parameter');
    const value = query[key];
    if (value !== undefined) data[key] = value;
  }
  return data;
}

/** X-Vault-Token wins; otherwise `Authorization: Bearer <token>`; other schemes are ignored. */
function clientToken(headers: IncomingHttpHeaders): string {
  const vaultToken = headers["x-vault-token"];
  if (typeof vaultToken === "string" && vaultToken !== "") return vaultToken;
  const authorization = headers.authorization;
  if (authorization?.startsWith("Bearer ")) return authorization.slice(7).trim();
  return "";
}

/** Every header, lower-cased, except the ones that carry credentials. */
function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    if (name === "x-vault-token" || name === "authorization") continue;
    const value = headers[name];
    if (value !== undefined) out[name] = typeof value === "string" ? value : value.join(", ");
  }
  return out;
}

function wrapTTL(header: string): number {
  if (header === "") return 0;
  let seconds: number;
  try {
    seconds = parseDuration(header, { signed: true });
  } catch (err) {
    const detail = err instanceof Error ? err.message : "invalid duration";
    throw new InvalidRequestError(`error parsing X-Vault-Wrap-TTL header: ${detail}`);
  }
  if (seconds < 0) {
    throw new InvalidRequestError(
      "error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative",
    );
  }
  return seconds;
}

function firstValue(value: string | string[] | undefined): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : (value[0] ?? "");
}
