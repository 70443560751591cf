/**
 * Strict standard base64 (Go's base64.StdEncoding): padding required, no other alphabet, CR and
 * LF ignored. Node's decoder silently skips bad characters, which would let a typo decrypt or
 * sign something else than the caller meant.
 */
import { InvalidRequestError } from "../../errors.js";

const STD = /^[A-Za-z0-9+/]*={0,2}$/;

function illegalAt(s: string): InvalidRequestError {
  const m = /^[A-Za-z0-9+/]*/.exec(s);
  const at = Math.min(m ? m[0].length : 0, Math.max(0, s.length - 1));
  return new InvalidRequestError(`illegal base64 data at input byte ${at}`);
}

/** Decodes standard base64; throws InvalidRequestError with Go's wording on bad input. */
export function decodeBase64(text: string): Buffer {
  const s = text.replace(/[\r\n]/g, "");
  if (!STD.test(s) || s.length % 4 !== 0) throw illegalAt(s);
  const out = Buffer.from(s, "base64");
  // Non-canonical trailing bits are refused too: re-encoding must give the same text back.
  if (out.toString("base64") !== s) throw illegalAt(s);
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
