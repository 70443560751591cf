/**
 * The one-time pad of a root generation: a random base62 string as long as the token it protects.
 * The finished token is returned as base64 (unpadded, as Vault does) of token XOR OTP.
 */
import { randomBytes } from "node:crypto";
import { InternalError, InvalidRequestError } from "../../errors.js";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** Largest multiple of 62 below 256: bytes at or above it are dropped so every symbol is equally likely. */
const UNBIASED_LIMIT = 248;

/** Length of an OTP for `hvs.` + 24-character root tokens. */
export const DEFAULT_OTP_LENGTH = 28;

export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < UNBIASED_LIMIT && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** base64(token XOR otp); the token must be exactly as long as the OTP. */
export function encodeRootToken(token: string, otp: Uint8Array): string {
  const tokenBytes = Buffer.from(token, "utf8");
  try {
    if (tokenBytes.length !== otp.length) {
      throw new InternalError("the generated root token does not match the OTP length");
    }
    for (let i = 0; i < tokenBytes.length; i++) tokenBytes[i] ^= otp[i];
    return tokenBytes.toString("base64").replace(/=+$/, "");
  } finally {
    tokenBytes.fill(0);
  }
}

/** Recovers the root token from `encoded_token` and the OTP handed out when the attempt started. */
export function decodeRootToken(encoded: string, otp: string): string {
  const bytes = Buffer.from(encoded, "base64");
  const pad = Buffer.from(otp, "utf8");
  try {
    if (bytes.length === 0 || bytes.length !== pad.length) {
      throw new InvalidRequestError("encoded token and OTP lengths do not match");
    }
    for (let i = 0; i < bytes.length; i++) bytes[i] ^= pad[i];
    return bytes.toString("utf8");
  } finally {
    bytes.fill(0);
    pad.fill(0);
  }
}
