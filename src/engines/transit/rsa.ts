/**
 * The RSA key family: RSASSA-PSS (default) and PKCS#1 v1.5 signatures, RSA-OAEP with SHA-256
 * for encryption (as Vault does). Messages are hashed and signed by node:crypto; prehashed input
 * goes through rsa-padding.ts.
 */
import {
  constants,
  generateKeyPair,
  type KeyObject,
  privateDecrypt,
  publicEncrypt,
  sign,
  verify,
} from "node:crypto";
import { promisify } from "node:util";
import { InvalidRequestError } from "../../errors.js";
import { digestInfoPrefix, digestSize, type HashName, nodeHashName, type SignInput } from "./hashes.js";
import {
  maxSaltLength,
  pkcs1SignEncoded,
  pkcs1VerifyEncoded,
  pssSignDigest,
  pssVerifyDigest,
  type SaltLength,
} from "./rsa-padding.js";

const generate = promisify(generateKeyPair);

export type RsaSignatureAlgorithm = "pss" | "pkcs1v15";

export interface RsaSignOptions {
  algorithm: RsaSignatureAlgorithm;
  saltLength: SaltLength;
}

export async function generateRsa(bits: number): Promise<{ privateKey: string; publicKey: string }> {
  const { privateKey, publicKey } = await generate("rsa", { modulusLength: bits, publicExponent: 65537 });
  return {
    privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    publicKey: publicKey.export({ format: "pem", type: "spki" }).toString(),
  };
}

/** The PSS salt length to use (Vault's rules: "hash" = digest length, 0 = auto, else in range). */
function pssSalt(bits: number, hash: HashName, salt: SaltLength, signing: boolean): number | "auto" {
  const hLen = digestSize(hash);
  const max = maxSaltLength(bits, hLen);
  if (salt === "hash") return hLen;
  if (salt === "auto" || salt === 0) return signing ? max : "auto";
  if (salt < 0 || salt > max) throw new InvalidRequestError(`requested salt length ${salt} is invalid`);
  return salt;
}

/** A caller's digest must be as long as its hash's output. */
function checkDigestLength(input: SignInput): void {
  if ("digest" in input && input.hash !== "none" && input.digest.length !== digestSize(input.hash)) {
    throw new InvalidRequestError("input must be hashed with the given hash algorithm");
  }
}

/** PSS needs a real hash; "none" is for PKCS#1 v1.5 only. */
function pssHash(input: SignInput): HashName {
  if (input.hash === "none") {
    throw new InvalidRequestError(
      "hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15",
    );
  }
  return input.hash;
}

/** DigestInfo || digest, or the raw bytes for hash "none". */
function pkcs1Encoded(input: { digest: Uint8Array; hash: HashName | "none" }): Buffer {
  if (input.hash === "none") return Buffer.from(input.digest);
  return Buffer.concat([digestInfoPrefix(input.hash), input.digest]);
}

export function rsaSign(key: KeyObject, bits: number, input: SignInput, opts: RsaSignOptions): Buffer {
  checkDigestLength(input);
  if (opts.algorithm === "pkcs1v15") {
    if ("message" in input) return sign(nodeHashName(input.hash), input.message, key);
    const encoded = pkcs1Encoded(input);
    if (encoded.length > Math.ceil(bits / 8) - 11)
      throw new InvalidRequestError("input too long for the RSA key");
    return pkcs1SignEncoded(key, encoded);
  }
  const hash = pssHash(input);
  const saltLength = pssSalt(bits, hash, opts.saltLength, true) as number;
  if ("message" in input) {
    return sign(nodeHashName(hash), input.message, {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength,
    });
  }
  return pssSignDigest(key, bits, hash, input.digest, saltLength);
}

export function rsaVerify(
  key: KeyObject,
  bits: number,
  input: SignInput,
  signature: Uint8Array,
  opts: RsaSignOptions,
): boolean {
  checkDigestLength(input);
  if (opts.algorithm === "pkcs1v15") {
    if ("message" in input) return verify(nodeHashName(input.hash), input.message, key, signature);
    return pkcs1VerifyEncoded(key, pkcs1Encoded(input), signature);
  }
  const hash = pssHash(input);
  const salt = pssSalt(bits, hash, opts.saltLength, false);
  if ("message" in input) {
    const saltLength = salt === "auto" ? constants.RSA_PSS_SALTLEN_AUTO : salt;
    const padding = constants.RSA_PKCS1_PSS_PADDING;
    return verify(nodeHashName(hash), input.message, { key, padding, saltLength }, signature);
  }
  return pssVerifyDigest(key, bits, hash, input.digest, signature, salt);
}

export function rsaEncrypt(key: KeyObject, plaintext: Uint8Array): Buffer {
  try {
    return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, plaintext);
  } catch {
    throw new InvalidRequestError("failed to RSA encrypt the plaintext: message too long for RSA key size");
  }
}

export function rsaDecrypt(key: KeyObject, ciphertext: Uint8Array): Buffer {
  try {
    return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" }, ciphertext);
  } catch {
    throw new InvalidRequestError("failed to RSA decrypt the ciphertext: decryption error");
  }
}
