import { isPlaceholder } from "../engine/placeholders.js";
import type { CheckInput, Confidence } from "../types.js";
import { decodeBase64, decodeBase64Json, isPrintableAscii } from "../validate/base64.js";
import { hasValidCrcSuffix } from "../validate/checksum-tokens.js";
import { crc32 } from "../validate/crc32.js";

/** Offline checks shared by several detectors. Each returns a confidence, or null to drop. */
export type Check = (input: CheckInput) => Confidence | null;

/** `prefix` + random + base62 CRC-32 (GitHub, npm). A wrong checksum is not a real token. */
export const crcSuffixCheck =
  (prefixLength: number): Check =>
  ({ secret }) =>
    hasValidCrcSuffix(secret, prefixLength) ? "high" : null;

/** Last 8 hex characters are the CRC-32 of everything before them (Atlassian, Bitbucket). */
export const hexCrcTailCheck: Check = ({ secret }) => {
  const tail = Number.parseInt(secret.slice(-8), 16);
  return tail === crc32(secret.slice(0, -8)) ? "high" : "medium";
};

/** The value base64-decodes to exactly `bytes` bytes (keys made of random bytes). */
export const base64BytesCheck =
  (bytes: number): Check =>
  ({ secret }) => {
    const raw = decodeBase64(decodeURIComponentSafe(secret));
    return raw && raw.length === bytes ? "high" : null;
  };

/** The part after `skip` characters base64-decodes to a JSON object. */
export const base64JsonCheck =
  (skip: number): Check =>
  ({ secret }) =>
    decodeBase64Json(secret.slice(skip).replace(/=+$/, "")) ? "high" : "medium";

/** A base64 `user:password` pair with a non-empty password. */
export const basicCredentialCheck: Check = ({ secret }) => {
  const raw = decodeBase64(secret);
  if (!raw || !isPrintableAscii(raw)) return null;
  const text = raw.toString("latin1");
  const colon = text.indexOf(":");
  if (colon <= 0 || colon >= text.length - 4) return null;
  const password = text.slice(colon + 1);
  return isPlaceholder(password) || password === text.slice(0, colon) ? null : "medium";
};

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
