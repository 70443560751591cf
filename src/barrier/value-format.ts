/**
 * The barrier's value format:
 * `[1 byte format version][4 bytes key term, big-endian][12 bytes nonce][ciphertext][16 bytes tag]`,
 * AES-256-GCM with the storage key as additional authenticated data, so a value copied to another
 * key fails to decrypt. Errors name the storage key, never the value.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { InternalError } from "../errors.js";

export const FORMAT_VERSION = 1;
/** AES-256: every key the barrier uses (keyring terms, root key, unseal key) is 32 bytes. */
export const KEY_BYTES = 32;
const TERM_OFFSET = 1;
const NONCE_OFFSET = 5;
const NONCE_BYTES = 12;
const HEADER_BYTES = NONCE_OFFSET + NONCE_BYTES;
const TAG_BYTES = 16;
const MIN_VALUE_BYTES = HEADER_BYTES + TAG_BYTES;
const MAX_TERM = 0xffffffff;
/** Nonces drawn per call to the CSPRNG (one call costs about as much as the encryption itself). */
const NONCES_PER_DRAW = 256;

let noncePool = Buffer.alloc(0);
let nonceOffset = 0;

/** 12 fresh random bytes: a slice of a block drawn from the CSPRNG; no slice is handed out twice. */
function freshNonce(): Buffer {
  if (nonceOffset + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * NONCES_PER_DRAW);
    nonceOffset = 0;
  }
  const nonce = noncePool.subarray(nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}

/** Encrypts `plaintext` for storage at `aad` under `key`, labelled with `term`. */
export function encryptValue(key: Buffer, term: number, plaintext: Uint8Array, aad: string): Buffer {
  if (!Number.isInteger(term) || term < 0 || term > MAX_TERM) {
    throw new InternalError("invalid key term");
  }
  const nonce = freshNonce();
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const header = Buffer.alloc(NONCE_OFFSET);
  header[0] = FORMAT_VERSION;
  header.writeUInt32BE(term, TERM_OFFSET);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, nonce, body, cipher.getAuthTag()]);
}

/** The key term a stored value was written with; throws on a truncated or unknown-format value. */
export function readTerm(value: Uint8Array, aad: string): number {
  if (value.length < MIN_VALUE_BYTES) {
    throw new InternalError(`stored value at ${aad} is truncated`);
  }
  if (value[0] !== FORMAT_VERSION) {
    throw new InternalError(`stored value at ${aad} has an unknown format version`);
  }
  return Buffer.from(value.buffer, value.byteOffset, value.length).readUInt32BE(TERM_OFFSET);
}

/** Decrypts a stored value; throws (and returns nothing) unless it authenticates under `key` and `aad`. */
export function decryptValue(key: Buffer, value: Uint8Array, aad: string): Buffer {
  readTerm(value, aad);
  const bytes = Buffer.from(value.buffer, value.byteOffset, value.length);
  const nonce = bytes.subarray(NONCE_OFFSET, HEADER_BYTES);
  const body = bytes.subarray(HEADER_BYTES, bytes.length - TAG_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce);
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tag);
    const head = decipher.update(body);
    try {
      return Buffer.concat([head, decipher.final()]);
    } finally {
      head.fill(0);
    }
  } catch {
    throw new InternalError(`stored value failed integrity check at ${aad}`);
  }
}
