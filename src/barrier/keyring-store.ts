/**
 * The keyring at rest: encoded, then encrypted with the root key in the barrier's value format
 * (term 0, which no keyring term uses; the storage path as additional authenticated data).
 */
import { InternalError } from "../errors.js";
import { Keyring } from "./keyring.js";
import { KEYRING_PATH } from "./paths.js";
import { decryptValue, encryptValue } from "./value-format.js";

/** Term label of values encrypted with the root or unseal key rather than a keyring term. */
export const WRAPPING_TERM = 0;

export function sealKeyring(keyring: Keyring, rootKey: Buffer): Buffer {
  const encoded = keyring.encode();
  try {
    return encryptValue(rootKey, WRAPPING_TERM, encoded, KEYRING_PATH);
  } finally {
    encoded.fill(0);
  }
}

/** Decrypts and decodes the stored keyring; throws if it does not authenticate under `rootKey`. */
export function openKeyring(stored: Uint8Array, rootKey: Buffer): Keyring {
  let encoded: Buffer;
  try {
    encoded = decryptValue(rootKey, stored, KEYRING_PATH);
  } catch {
    throw new InternalError("keyring failed integrity check");
  }
  try {
    return Keyring.decode(encoded);
  } finally {
    encoded.fill(0);
  }
}
