/**
 * RSA signature encodings done by hand for prehashed input (node:crypto only signs messages it
 * hashes itself): EMSA-PSS (RFC 8017 9.1) and the PKCS#1 v1.5 DigestInfo. The RSA operation itself
 * stays OpenSSL's (privateEncrypt / publicDecrypt without padding), which blinds it.
 */
import {
  constants,
  createHash,
  type KeyObject,
  privateEncrypt,
  publicDecrypt,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import { type HashName, nodeHashName } from "./hashes.js";

/** "auto": as long as fits when signing, any when verifying; "hash": the digest's length. */
export type SaltLength = "auto" | "hash" | number;

function mgf1(hash: string, seed: Uint8Array, length: number): Buffer {
  const out: Buffer[] = [];
  let total = 0;
  for (let counter = 0; total < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(seed).update(c).digest();
    out.push(block);
    total += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

function pssHash(hash: string, mHash: Uint8Array, salt: Uint8Array): Buffer {
  return createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
}

export function maxSaltLength(modulusBits: number, hLen: number): number {
  return Math.ceil((modulusBits - 1) / 8) - 2 - hLen;
}

/** Signs a digest with RSASSA-PSS. */
export function pssSignDigest(
  key: KeyObject,
  bits: number,
  h: HashName,
  mHash: Uint8Array,
  sLen: number,
): Buffer {
  const hash = nodeHashName(h);
  const emBits = bits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = mHash.length;
  const salt = randomBytes(sLen);
  const H = pssHash(hash, mHash, salt);
  const db = Buffer.concat([Buffer.alloc(emLen - sLen - hLen - 2), Buffer.from([1]), salt]);
  const mask = mgf1(hash, H, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const em = Buffer.concat([db, H, Buffer.from([0xbc])]);
  const k = Math.ceil(bits / 8);
  const block = Buffer.concat([Buffer.alloc(k - emLen), em]);
  return privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, block);
}

/** Verifies an RSASSA-PSS signature of a digest; `salt` "auto" accepts any salt length. */
export function pssVerifyDigest(
  key: KeyObject,
  bits: number,
  h: HashName,
  mHash: Uint8Array,
  signature: Uint8Array,
  salt: number | "auto",
): boolean {
  const hash = nodeHashName(h);
  const k = Math.ceil(bits / 8);
  if (signature.length !== k) return false;
  let block: Buffer;
  try {
    block = publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  const emBits = bits - 1;
  const emLen = Math.ceil(emBits / 8);
  const hLen = mHash.length;
  if (block.subarray(0, k - emLen).some((b) => b !== 0)) return false;
  const em = block.subarray(k - emLen);
  if (emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const H = em.subarray(emLen - hLen - 1, emLen - 1);
  const topMask = 0xff >> (8 * emLen - emBits);
  if ((db[0]! & ~topMask) !== 0) return false;
  const mask = mgf1(hash, H, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= topMask;
  const one = db.indexOf(1);
  if (one < 0 || db.subarray(0, one).some((b) => b !== 0)) return false;
  const sLen = db.length - one - 1;
  if (salt !== "auto" && sLen !== salt) return false;
  const expected = pssHash(hash, mHash, db.subarray(one + 1));
  return timingSafeEqual(expected, H);
}

/** PKCS#1 v1.5 signature of an already-encoded DigestInfo (or raw input for hash "none"). */
export function pkcs1SignEncoded(key: KeyObject, encoded: Uint8Array): Buffer {
  return privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, encoded);
}

export function pkcs1VerifyEncoded(key: KeyObject, encoded: Uint8Array, signature: Uint8Array): boolean {
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  return recovered.length === encoded.length && timingSafeEqual(recovered, encoded);
}
