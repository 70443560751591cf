/** Sign and verify with a key ring: version rules, input hashing, and each family's scheme. */
import type { KeyObject } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import { decodeBase64, decodeBase64Url } from "./b64.js";
import { parseVersioned, versioned } from "./ciphertext.js";
import { ecdsaSign, ecdsaVerify, type Marshaling } from "./ecdsa.js";
import { ed25519Sign, ed25519SigningKey, ed25519Verify, rawPublicKey } from "./ed25519.js";
import { MISSING_CONTEXT } from "./encryption.js";
import type { HashName, SignInput } from "./hashes.js";
import { isEcdsa, isRsa, rsaBits } from "./key-types.js";
import { checkReadableVersion, type KeyRing, type KeyVersion, useVersion, versionEntry } from "./keyring.js";
import { privateKeyObject, publicKeyObject, rawKey } from "./material.js";
import { type RsaSignatureAlgorithm, rsaSign, rsaVerify } from "./rsa.js";
import type { SaltLength } from "./rsa-padding.js";

export interface SignOptions {
  hash: HashName | "none";
  prehashed: boolean;
  algorithm: RsaSignatureAlgorithm;
  marshaling: Marshaling;
  saltLength: SaltLength;
}

function signInput(input: Uint8Array, opts: SignOptions): SignInput {
  if (opts.prehashed) return { digest: input, hash: opts.hash };
  if (opts.hash === "none") {
    throw new InvalidRequestError(
      "hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15",
    );
  }
  return { message: input, hash: opts.hash };
}

/** The ed25519 private key of a version (derived from the context for derived keys). */
function ed25519Key(ring: KeyRing, entry: KeyVersion, context: Uint8Array | null): KeyObject {
  if (!ring.derived) return ed25519SigningKey(rawKey(entry), null);
  if (context === null || context.length === 0) throw new InvalidRequestError(MISSING_CONTEXT);
  return ed25519SigningKey(rawKey(entry), context);
}

function checkEd25519(opts: SignOptions): void {
  if (opts.prehashed) throw new InvalidRequestError("prehashed input is not supported for ed25519 keys");
}

export interface Signed {
  signature: string;
  version: number;
  /** The derived public key (derived ed25519 keys only). */
  publicKey?: Buffer;
}

export function signWith(
  ring: KeyRing,
  requested: number,
  input: Uint8Array,
  context: Uint8Array | null,
  opts: SignOptions,
): Signed {
  const version = useVersion(ring, requested, "signing");
  const entry = versionEntry(ring, version);
  let sig: Buffer;
  let publicKey: Buffer | undefined;
  if (ring.type === "ed25519") {
    checkEd25519(opts);
    const key = ed25519Key(ring, entry, context);
    sig = ed25519Sign(key, input);
    if (ring.derived) publicKey = rawPublicKey(key);
  } else if (isEcdsa(ring.type)) {
    sig = ecdsaSign(ring.type, privateKeyObject(entry), signInput(input, opts), opts.marshaling);
  } else if (isRsa(ring.type)) {
    sig = rsaSign(privateKeyObject(entry), rsaBits(ring.type), signInput(input, opts), opts);
  } else {
    throw new InvalidRequestError(`key type ${ring.type} does not support signing`);
  }
  const encoded = sig.toString(opts.marshaling === "jws" ? "base64url" : "base64");
  return { signature: versioned(version, encoded), version, publicKey };
}

export function verifyWith(
  ring: KeyRing,
  input: Uint8Array,
  signature: string,
  context: Uint8Array | null,
  opts: SignOptions,
): boolean {
  const parsed = parseVersioned(signature, "signature");
  const version = checkReadableVersion(ring, parsed.version, "signature");
  const entry = versionEntry(ring, version);
  let sig: Buffer;
  if (opts.marshaling === "jws") {
    sig = decodeBase64Url(parsed.payload);
  } else {
    try {
      sig = decodeBase64(parsed.payload);
    } catch {
      throw new InvalidRequestError("invalid base64 signature value");
    }
  }
  if (ring.type === "ed25519") {
    checkEd25519(opts);
    const key = ring.derived ? ed25519Key(ring, entry, context) : publicKeyObject(entry);
    return ed25519Verify(key, input, sig);
  }
  if (isEcdsa(ring.type)) {
    return ecdsaVerify(ring.type, publicKeyObject(entry), signInput(input, opts), sig, opts.marshaling);
  }
  if (isRsa(ring.type)) {
    return rsaVerify(publicKeyObject(entry), rsaBits(ring.type), signInput(input, opts), sig, opts);
  }
  throw new InvalidRequestError(`key type ${ring.type} does not support verification`);
}
