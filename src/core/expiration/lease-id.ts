import { InvalidRequestError } from "../../errors.js";
import { randomBase62 } from "./random-id.js";

/** Longest lease id or prefix accepted from a client. */
const MAX_LEASE_ID_LENGTH = 2048;
const CONTROL_OR_SURROGATE = /[\u0000-\u001f\u007f]|\p{Cs}/u;
const TOKEN_HASH = /^[A-Za-z0-9_-]{1,128}$/;

/** True if `id` is a well-formed lease id: `/`-separated non-empty segments, none `.` or `..`. */
export function isValidLeaseId(id: string): boolean {
  if (id.length === 0 || id.length > MAX_LEASE_ID_LENGTH || CONTROL_OR_SURROGATE.test(id)) return false;
  return id.split("/").every((seg) => seg !== "" && seg !== "." && seg !== "..");
}

/** A lease prefix is "" or a lease id, optionally ending in "/". */
export function isValidLeasePrefix(prefix: string): boolean {
  if (prefix === "") return true;
  return isValidLeaseId(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
}

function trimmedPath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, "");
  if (!isValidLeaseId(trimmed)) throw new InvalidRequestError("invalid path for a lease");
  return trimmed;
}

/** `<request path>/<24 random base62>`, e.g. `database/creds/readonly/AbCd...`. */
export function newSecretLeaseId(path: string): string {
  return `${trimmedPath(path)}/${randomBase62(24)}`;
}

/** A token's lease: `<creation path>/<token hash>`, e.g. `auth/token/create/9f2c...`. */
export function authLeaseId(path: string, tokenHash: string): string {
  assertTokenHash(tokenHash);
  return `${trimmedPath(path)}/${tokenHash}`;
}

export function assertTokenHash(tokenHash: string): void {
  if (!TOKEN_HASH.test(tokenHash)) throw new InvalidRequestError("invalid token reference for a lease");
}

/** One storage key segment for a lease id (no "/" inside), for the by-token index. */
export function encodeIndexSegment(leaseId: string): string {
  return encodeURIComponent(leaseId);
}

export function decodeIndexSegment(segment: string): string {
  return decodeURIComponent(segment);
}
