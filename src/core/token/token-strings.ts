import { InvalidRequestError } from "../../errors.js";
import { randomBase62 } from "../expiration/random-id.js";

export const SERVICE_PREFIX = "hvs.";
export const BATCH_PREFIX = "hvb.";
const RESERVED_PREFIXES = ["hvs.", "hvb.", "hvr.", "s.", "b.", "r."];
/** Longest raw token looked at; anything longer is not a token this store issued. */
export const MAX_TOKEN_LENGTH = 8192;
const MAX_CUSTOM_ID_LENGTH = 256;

/** A new service token: `hvs.` + 24 uniformly random base62 characters. */
export function newServiceToken(): string {
  return SERVICE_PREFIX + randomBase62(24);
}

/** A new accessor: 24 random base62 characters, no prefix. */
export function newAccessor(): string {
  return randomBase62(24);
}

/** Checks a caller-chosen token id (root/sudo only): visible ASCII, no `.`, no reserved prefix. */
export function assertCustomTokenId(id: string): void {
  for (const prefix of RESERVED_PREFIXES) {
    if (id.startsWith(prefix))
      throw new InvalidRequestError(`custom token ID cannot have the "${prefix}" prefix`);
  }
  if (id.includes(".")) throw new InvalidRequestError('custom token ID cannot have a "." in the value');
  if (id.length > MAX_CUSTOM_ID_LENGTH || !/^[\x21-\x7e]+$/.test(id)) {
    throw new InvalidRequestError("custom token ID must be 1 to 256 visible ASCII characters");
  }
}
