import { InvalidRequestError } from "../../errors.js";

/** Longest accepted user or alias name, in characters after normalisation. */
const MAX_NAME_LENGTH = 256;
/** Letters, digits, `_`, `.`, `@`, `-` and combining marks; starts with a letter, digit or `_`. */
const NAME = /^[\p{L}\p{N}_][\p{L}\p{N}\p{M}_.@-]*$/u;

/**
 * The one spelling of a login name used for storage, login, lockout, MFA and identity lookups:
 * surrounding whitespace trimmed, Unicode NFC, lower-case. "Alice", " alice " and a decomposed
 * "é" all name the same user, so a variant spelling cannot dodge lockout. 400 when invalid.
 */
export function normaliseLoginName(raw: string): string {
  const name = raw.trim().normalize("NFC").toLowerCase();
  if (name === "") throw new InvalidRequestError("missing username");
  if (name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
    throw new InvalidRequestError(
      "invalid username: use letters, digits, '_', '.', '@' and '-', starting with a letter or digit",
    );
  }
  return name;
}
