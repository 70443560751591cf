/**
 * New key versions (fresh key material for each type) and the node:crypto key objects of stored
 * versions. Key objects are cached per version record, so a key ring loaded once (see
 * key-store.ts) parses its DER once; the cache goes when the ring does.
 */
import { createPrivateKey, createPublicKey, type KeyObject, randomBytes } from "node:crypto";
import { InternalError } from "../../errors.js";
import { generateEcdsa } from "./ecdsa.js";
import { generateEd25519, publicKeyFromRaw } from "./ed25519.js";
import {
  aeadKeyBytes,
  HMAC_DEFAULT_KEY_BYTES,
  isAead,
  isEcdsa,
  isRsa,
  type KeyType,
  rsaBits,
} from "./key-types.js";
import type { KeyVersion } from "./keyring.js";
import { generateRsa } from "./rsa.js";

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** Fresh material for a new version of a key of `type`; every version gets its own HMAC key. */
export async function generateVersion(type: KeyType, now: number, keySize?: number): Promise<KeyVersion> {
  const entry: KeyVersion = { created: now, hmacKey: b64(randomBytes(32)) };
  if (isAead(type)) {
    entry.key = b64(randomBytes(aeadKeyBytes(type)));
  } else if (type === "hmac") {
    entry.key = b64(randomBytes(keySize ?? HMAC_DEFAULT_KEY_BYTES));
    entry.hmacKey = entry.key;
  } else if (type === "ed25519") {
    const { key, publicKey } = await generateEd25519();
    entry.key = b64(key);
    entry.publicKey = publicKey;
  } else if (isEcdsa(type)) {
    Object.assign(entry, await generateEcdsa(type));
  } else if (isRsa(type)) {
    Object.assign(entry, await generateRsa(rsaBits(type)));
  }
  return entry;
}

const privateKeys = new WeakMap<KeyVersion, KeyObject>();
const publicKeys = new WeakMap<KeyVersion, KeyObject>();
const rawKeys = new WeakMap<KeyVersion, Buffer>();

/** The version's raw key bytes (symmetric, hmac, ed25519). */
export function rawKey(entry: KeyVersion): Buffer {
  let k = rawKeys.get(entry);
  if (!k) {
    if (entry.key === undefined) throw new InternalError("key version has no key material");
    k = Buffer.from(entry.key, "base64");
    rawKeys.set(entry, k);
  }
  return k;
}

export function hmacKey(entry: KeyVersion): Buffer {
  return Buffer.from(entry.hmacKey, "base64");
}

/** Private key object of an ecdsa or rsa version. */
export function privateKeyObject(entry: KeyVersion): KeyObject {
  let k = privateKeys.get(entry);
  if (!k) {
    if (entry.privateKey === undefined) throw new InternalError("key version has no private key");
    k = createPrivateKey({ key: Buffer.from(entry.privateKey, "base64"), format: "der", type: "pkcs8" });
    privateKeys.set(entry, k);
  }
  return k;
}

/** Public key object of an ecdsa, rsa or ed25519 version. */
export function publicKeyObject(entry: KeyVersion): KeyObject {
  let k = publicKeys.get(entry);
  if (!k) {
    if (entry.publicKey === undefined) throw new InternalError("key version has no public key");
    k = entry.publicKey.startsWith("-----")
      ? createPublicKey(entry.publicKey)
      : publicKeyFromRaw(Buffer.from(entry.publicKey, "base64"));
    publicKeys.set(entry, k);
  }
  return k;
}
