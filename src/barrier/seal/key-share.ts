/**
 * Key shares: decoding what an operator typed, and splitting / combining the unseal key with
 * Shamir's scheme (`shamir-secret-sharing`, audited). With one share the share is the key itself.
 */
import { combine, split } from "shamir-secret-sharing";
import { InvalidRequestError } from "../../errors.js";
import { type SealConfig, shareLength } from "./config.js";

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Hex decodings outside this range are tried as base64 instead (as Vault does). */
const MIN_HEX_KEY_BYTES = 16;
const MAX_HEX_KEY_BYTES = 33;

/** Decodes a key share given as hex (tried first) or standard base64. */
export function decodeKeyShare(s: string): Buffer {
  if (typeof s === "string" && HEX.test(s)) {
    const bytes = Buffer.from(s, "hex");
    if (bytes.length >= MIN_HEX_KEY_BYTES && bytes.length <= MAX_HEX_KEY_BYTES) return bytes;
    bytes.fill(0);
  }
  if (typeof s === "string" && s.length > 0 && BASE64.test(s)) return Buffer.from(s, "base64");
  throw new InvalidRequestError("'key' must be a valid hex or base64 string");
}

/** Throws unless `key` has the length of this configuration's shares. Changes nothing. */
export function assertShareLength(key: Uint8Array, config: SealConfig): void {
  const expected = shareLength(config);
  if (!(key instanceof Uint8Array) || key.length !== expected) {
    throw new InvalidRequestError(`key must be ${expected} bytes long`);
  }
}

/** Splits `key` into `shares` shares, any `threshold` of which rebuild it. The caller zeroes them. */
export async function splitKey(key: Buffer, shares: number, threshold: number): Promise<Buffer[]> {
  if (shares === 1) return [copyOf(key)];
  const parts = await split(plainView(key), shares, threshold);
  return parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.length));
}

/**
 * Rebuilds a key from shares (`totalShares` is the configuration's share count). Null when the
 * shares cannot be combined (e.g. two shares with the same x coordinate). The caller zeroes it.
 */
export async function combineShares(parts: Buffer[], totalShares: number): Promise<Buffer | null> {
  if (parts.length === 0) return null;
  if (totalShares === 1) return copyOf(parts[0]);
  try {
    const key = await combine(parts.map(plainView));
    return Buffer.from(key.buffer, key.byteOffset, key.length);
  } catch {
    return null;
  }
}

/** The library insists on plain Uint8Arrays (not Buffers): a view over the same bytes, no copy. */
function plainView(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

function copyOf(bytes: Uint8Array): Buffer {
  const out = Buffer.alloc(bytes.length);
  out.set(bytes);
  return out;
}
