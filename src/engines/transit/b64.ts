/**
 * Strict standard base64 (Go's base64.StdEncoding): padding required, no other alphabet, CR and
 * LF ignored. Node's decoder silently skips bad characters, which would let a typo decrypt or
 * sign something else than the caller meant.
 */
import { InvalidRequestError } from "../../errors.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function illegalAt(s: string): InvalidRequestError {
  const m = /^[A-Za-z0-9+/]*/.exec(s);
  const at = Math.min(m ? m[0].length : 0, Math.max(0, s.length - 1));
  return new InvalidRequestError(`illegal base64 data at input byte ${at}`);
}

/**
 * Decodes standard base64; throws InvalidRequestError with Go's wording on bad input. Node's
 * decoder skips what is not base64 (and takes the URL-safe alphabet too), so a strict check is:
 * no URL-safe characters, and exactly as many bytes out as the length and padding promise (any
 * skipped character or early "=" gives fewer); then the bits the padding leaves unused must be 0.
 */
export function decodeBase64(text: string): Buffer {
  const s = text.includes("\n") || text.includes("\r") ? text.replace(/[\r\n]/g, "") : text;
  const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  if (s.length % 4 !== 0 || s.includes("-") || s.includes("_")) throw illegalAt(s);
  const out = Buffer.from(s, "base64");
  if (out.length !== (s.length / 4) * 3 - pad) throw illegalAt(s);
  if (pad > 0 && (ALPHABET.indexOf(s[s.length - pad - 1]!) & (pad === 2 ? 0x0f : 0x03)) !== 0) {
    throw illegalAt(s);
  }
  return out;
}

/** Standard base64 without line breaks. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** Decodes unpadded URL-safe base64 (JWS-marshaled signatures). */
export function decodeBase64Url(text: string): Buffer {
  const out = /^[A-Za-z0-9_-]*$/.test(text) ? Buffer.from(text, "base64url") : null;
  if (!out || out.toString("base64url") !== text) {
    throw new InvalidRequestError("invalid base64 signature value");
  }
  return out;
}
