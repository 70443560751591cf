/**
 * The ed25519 key family. A version's key is Go's 64-byte form (seed || public key). Derived keys
 * use HKDF-SHA256(that 64-byte key, context) as the seed of a fresh key pair, as Vault does.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { promisify } from "node:util";
import { hkdfSha256 } from "./aead.js";

const generate = promisify(generateKeyPair);

/** PKCS#8 header of an Ed25519 private key; the 32-byte seed follows. */
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
/** SubjectPublicKeyInfo header of an Ed25519 public key; the 32-byte key follows. */
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
}

export function rawPublicKey(key: KeyObject): Buffer {
  const der = createPublicKey(key).export({ format: "der", type: "spki" });
  return der.subarray(der.length - 32);
}

/** A new key: the 64-byte Go form and the base64 public key. */
export async function generateEd25519(): Promise<{ key: Buffer; publicKey: string }> {
  const { privateKey } = await generate("ed25519");
  const der = privateKey.export({ format: "der", type: "pkcs8" });
  const seed = der.subarray(der.length - 32);
  const pub = rawPublicKey(privateKey);
  return { key: Buffer.concat([seed, pub]), publicKey: pub.toString("base64") };
}

/** The signing key of a version: its own, or the one derived from the context. */
export function ed25519SigningKey(goKey: Uint8Array, context: Uint8Array | null): KeyObject {
  const seed = context === null ? goKey.subarray(0, 32) : hkdfSha256(goKey, context, 32);
  return privateKeyFromSeed(seed);
}

export function ed25519Sign(key: KeyObject, message: Uint8Array): Buffer {
  return sign(null, message, key);
}

export function ed25519Verify(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  return verify(null, message, key, signature);
}
