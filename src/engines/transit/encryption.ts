/** Encrypt and decrypt with a key ring: version rules, derivation, and each family's cipher. */
import { InvalidRequestError } from "../../errors.js";
import { aeadOpen, aeadSeal, convergentNonce, hkdfSha256 } from "./aead.js";
import { decodeBase64, encodeBase64 } from "./b64.js";
import { parseVersioned, versioned } from "./ciphertext.js";
import { type AeadType, aeadKeyBytes, isAead, isRsa, supports } from "./key-types.js";
import {
  CURRENT_CONVERGENT_VERSION,
  checkReadableVersion,
  type KeyRing,
  useVersion,
  versionEntry,
} from "./keyring.js";
import { privateKeyObject, publicKeyObject, rawKey } from "./material.js";
import { rsaDecrypt, rsaEncrypt } from "./rsa.js";

export interface CipherOptions {
  /** Derivation context (required for derived keys). */
  context: Uint8Array | null;
  /** AEAD associated data. */
  aad: Uint8Array | null;
}

export const MISSING_CONTEXT =
  "missing 'context' for key derivation; the key was created using a derived key, which means " +
  "additional, per-request information must be included in order to perform operations with the key";

/** The key bytes of a version: its own, or HKDF(key, context) for derived keys. */
export function versionKey(
  ring: KeyRing,
  version: number,
  context: Uint8Array | null,
  length: number,
): Buffer {
  const own = rawKey(versionEntry(ring, version));
  if (!ring.derived) return own;
  if (context === null || context.length === 0) throw new InvalidRequestError(MISSING_CONTEXT);
  return hkdfSha256(own, context, length);
}

function checkAad(ring: KeyRing, opts: CipherOptions): void {
  if (opts.aad !== null && opts.aad.length > 0 && !supports.associatedData(ring.type)) {
    throw new InvalidRequestError(`associated_data provided for non-AEAD cipher suite ${ring.type}`);
  }
}

/** Encrypts with version `requested` (0 = latest); returns `vault:v<N>:<base64>` and N. */
export function encryptWith(
  ring: KeyRing,
  requested: number,
  plaintext: Uint8Array,
  opts: CipherOptions,
): { ciphertext: string; version: number } {
  if (!supports.encryption(ring.type)) {
    throw new InvalidRequestError(`message encryption not supported for key type ${ring.type}`);
  }
  checkAad(ring, opts);
  const version = useVersion(ring, requested, "encryption");
  let sealed: Buffer;
  if (isAead(ring.type)) {
    sealed = sealAead(ring, ring.type, version, plaintext, opts);
  } else {
    sealed = rsaEncrypt(publicKeyObject(versionEntry(ring, version)), plaintext);
  }
  return { ciphertext: versioned(version, encodeBase64(sealed)), version };
}

function sealAead(
  ring: KeyRing,
  type: AeadType,
  version: number,
  plaintext: Uint8Array,
  opts: CipherOptions,
) {
  const encBytes = aeadKeyBytes(type);
  const convergent =
    ring.convergent && versionEntry(ring, version).convergentVersion === CURRENT_CONVERGENT_VERSION;
  const key = versionKey(ring, version, opts.context, convergent ? encBytes + 32 : encBytes);
  const encKey = key.subarray(0, encBytes);
  const aad = opts.aad ?? undefined;
  if (!convergent) return aeadSeal(type, encKey, plaintext, aad);
  return aeadSeal(
    type,
    encKey,
    plaintext,
    aad,
    convergentNonce(key.subarray(encBytes, encBytes + 32), plaintext),
  );
}

/** Decrypts `vault:v<N>:<base64>`; each way it can fail is a 400 with Vault's message. */
export function decryptWith(ring: KeyRing, ciphertext: string, opts: CipherOptions): Buffer {
  if (!supports.encryption(ring.type)) {
    throw new InvalidRequestError(`message decryption not supported for key type ${ring.type}`);
  }
  checkAad(ring, opts);
  const parsed = parseVersioned(ciphertext, "ciphertext");
  const version = checkReadableVersion(ring, parsed.version, "ciphertext");
  const entry = versionEntry(ring, version);
  if (ring.convergent && entry.convergentVersion !== CURRENT_CONVERGENT_VERSION) {
    throw new InvalidRequestError(
      `refusing to support decryption with old convergent encryption key: version ${entry.convergentVersion ?? 0}`,
    );
  }
  let sealed: Buffer;
  try {
    sealed = decodeBase64(parsed.payload);
  } catch {
    throw new InvalidRequestError("invalid ciphertext: could not decode base64");
  }
  if (isRsa(ring.type)) return rsaDecrypt(privateKeyObject(entry), sealed);
  const type = ring.type as AeadType;
  const key = versionKey(ring, version, opts.context, aeadKeyBytes(type));
  return aeadOpen(type, key.subarray(0, aeadKeyBytes(type)), sealed, opts.aad ?? undefined);
}
