/**
 * The AEAD key family (aes128-gcm96, aes256-gcm96, chacha20-poly1305): Vault's layout
 * nonce(12) || ciphertext || tag(16), HKDF-SHA256 derivation for derived keys, and convergent
 * encryption's nonce HMAC-SHA256(derived nonce key, plaintext)[:12].
 */
import {
  type CipherGCMTypes,
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomFillSync,
} from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import type { AeadType } from "./key-types.js";

export const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Random nonces come from a pool filled 4 KiB at a time from the CSPRNG: one randomFillSync per
 * 341 nonces instead of one per nonce (it was the largest cost of a batch encrypt). Each nonce is
 * copied out and its bytes are never handed out again.
 */
const pool = Buffer.alloc(NONCE_BYTES * 341);
let poolAt = pool.length;

export function randomNonce(): Buffer {
  if (poolAt + NONCE_BYTES > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const nonce = Buffer.from(pool.subarray(poolAt, poolAt + NONCE_BYTES));
  poolAt += NONCE_BYTES;
  return nonce;
}

/** Node's cipher name (typed as a GCM name: chacha20-poly1305 takes the same options). */
function cipherName(type: AeadType): CipherGCMTypes {
  return (
    type === "aes128-gcm96" ? "aes-128-gcm" : type === "aes256-gcm96" ? "aes-256-gcm" : "chacha20-poly1305"
  ) as CipherGCMTypes;
}

/** Seals `plaintext`; a random nonce unless one is given (convergent encryption). */
export function aeadSeal(
  type: AeadType,
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array | undefined,
  nonce: Uint8Array = randomNonce(),
): Buffer {
  const cipher = createCipheriv(cipherName(type), key, nonce, { authTagLength: TAG_BYTES });
  if (aad && aad.length > 0) cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Opens nonce || ciphertext || tag; a 400 with Go's wording when it does not authenticate. */
export function aeadOpen(
  type: AeadType,
  key: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array | undefined,
): Buffer {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new InvalidRequestError("invalid ciphertext length");
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv(cipherName(type), key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  if (aad && aad.length > 0) decipher.setAAD(aad);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new InvalidRequestError("cipher: message authentication failed");
  }
}

/**
 * HKDF-SHA256 (RFC 5869) with an empty salt and the context as info, as Vault derives keys.
 * Written out because node's hkdf caps info at 1024 bytes and Vault's contexts have no cap.
 */
export function hkdfSha256(ikm: Uint8Array, info: Uint8Array, length: number): Buffer {
  const prk = createHmac("sha256", Buffer.alloc(32)).update(ikm).digest();
  const blocks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  for (let i = 1; blocks.length * 32 < length; i++) {
    previous = createHmac("sha256", prk)
      .update(previous)
      .update(info)
      .update(Buffer.from([i]))
      .digest();
    blocks.push(previous);
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/** Convergent encryption (version 3): the nonce is the HMAC of the plaintext. */
export function convergentNonce(nonceKey: Uint8Array, plaintext: Uint8Array): Buffer {
  return createHmac("sha256", nonceKey).update(plaintext).digest().subarray(0, NONCE_BYTES);
}
