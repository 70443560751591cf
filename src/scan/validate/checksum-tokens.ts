import { encodeBase62 } from "./base62.js";
import { crc32 } from "./crc32.js";

/**
 * Tokens that carry a CRC-32 of their random part as their last six base62 characters: GitHub's
 * `gh[pousr]_` tokens, npm's `npm_` tokens, and cofre's own `hvs.` tokens. A valid checksum means
 * the value was made by the issuer's generator (or a faithful copy of it), not typed by hand.
 */
export function checksumSuffix(randomPart: string): string {
  return encodeBase62(crc32(randomPart), 6);
}

/** `prefix` + random + 6-char checksum: true when the checksum matches the random part. */
export function hasValidCrcSuffix(token: string, prefixLength: number): boolean {
  if (token.length < prefixLength + 7) return false;
  const random = token.slice(prefixLength, -6);
  return checksumSuffix(random) === token.slice(-6);
}

/**
 * cofre's service tokens look like Vault's root tokens (`hvs.` + 24 base62, opaque to clients) and
 * make their last 6 characters a checksum of the first 18: `hvs.` + 18 random + checksum. Vault's
 * own tokens fail this check (a random match is one in 2^32), so a valid one is a cofre token.
 */
export function isCofreToken(token: string): boolean {
  return /^hv[sbr]\.[0-9A-Za-z]{24}$/.test(token) && hasValidCrcSuffix(token, 4);
}

/** Builds a cofre-format token from 18 random base62 characters (for issuers and tests). */
export function makeCofreToken(random18: string, prefix: "hvs." | "hvb." | "hvr." = "hvs."): string {
  return `${prefix}${random18}${checksumSuffix(random18)}`;
}
