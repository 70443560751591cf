/**
 * TOTP (RFC 6238 over RFC 4226's HOTP) with node:crypto's HMAC: key generation, codes, a
 * constant-time check over the allowed time steps, and the otpauth:// URL authenticator apps read.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export type TotpAlgorithm = "SHA1" | "SHA256" | "SHA512";

export interface TotpParams {
  algorithm: TotpAlgorithm;
  digits: 6 | 8;
  /** Seconds per time step. */
  period: number;
  /** Time steps accepted either side of the current one (0 or 1). */
  skew: number;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, "").toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error("invalid base32");
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function newTotpKey(size: number): string {
  return base32Encode(randomBytes(size));
}

/** The HOTP code of `key` (base32) for one counter value. */
export function hotp(key: string, counter: number, p: Pick<TotpParams, "algorithm" | "digits">): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(p.algorithm.toLowerCase(), base32Decode(key)).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** p.digits;
  return bin.toString().padStart(p.digits, "0");
}

/** The code for a time (ms since the epoch). */
export function totpAt(key: string, timeMs: number, p: TotpParams): string {
  return hotp(key, Math.floor(timeMs / 1000 / p.period), p);
}

/**
 * The time step a code matches within the allowed skew, or null. Every candidate is computed and
 * compared in constant time, so the answer's timing tells nothing about how close a guess was.
 */
export function matchingStep(key: string, code: string, timeMs: number, p: TotpParams): number | null {
  if (!/^\d+$/.test(code) || code.length !== p.digits) return null;
  const now = Math.floor(timeMs / 1000 / p.period);
  const given = Buffer.from(code);
  let found: number | null = null;
  for (let step = now - p.skew; step <= now + p.skew; step++) {
    if (step < 0) continue;
    if (timingSafeEqual(given, Buffer.from(hotp(key, step, p))) && found === null) found = step;
  }
  return found;
}

/** The otpauth:// URL of a key (what an authenticator app scans). */
export function otpauthUrl(key: string, issuer: string, account: string, p: TotpParams): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    algorithm: p.algorithm,
    digits: String(p.digits),
    issuer,
    period: String(p.period),
    secret: key,
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}
