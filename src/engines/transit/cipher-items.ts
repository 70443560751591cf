/** One encrypt/decrypt/rewrap item: its fields decoded and checked, then the operation. */
import { InvalidRequestError } from "../../errors.js";
import { decodeBase64 } from "./b64.js";
import { type BatchItem, hasField, itemInt, itemString } from "./batch.js";
import { type CipherOptions, decryptWith, encryptWith } from "./encryption.js";
import type { KeyRing } from "./keyring.js";

/** Vault's rule: a context in every item or in none. */
export function checkContextsAgree(items: readonly BatchItem[]): boolean {
  const set = (item: BatchItem, i: number) => itemString(item, i, "context") !== "";
  const first = set(items[0]!, 0);
  items.forEach((item, i) => {
    if (set(item, i) !== first) {
      throw new InvalidRequestError("context should be set either in all the request blocks or in none");
    }
  });
  return first;
}

function optionalBytes(item: BatchItem, i: number, field: string): Buffer | null {
  const text = itemString(item, i, field);
  return text === "" ? null : decodeBase64(text);
}

function cipherOptions(item: BatchItem, i: number): CipherOptions {
  const opts = { context: optionalBytes(item, i, "context"), aad: optionalBytes(item, i, "associated_data") };
  if (itemString(item, i, "nonce") !== "") throw new InvalidRequestError("nonce provided when not allowed");
  return opts;
}

export function encryptItem(
  ring: KeyRing,
  item: BatchItem,
  i: number,
): { ciphertext: string; key_version: number } {
  if (!hasField(item, "plaintext")) throw new InvalidRequestError("missing plaintext to encrypt");
  const plaintext = decodeBase64(itemString(item, i, "plaintext"));
  const out = encryptWith(ring, itemInt(item, i, "key_version"), plaintext, cipherOptions(item, i));
  return { ciphertext: out.ciphertext, key_version: out.version };
}

export function decryptItem(ring: KeyRing, item: BatchItem, i: number): Buffer {
  const ciphertext = itemString(item, i, "ciphertext");
  if (ciphertext === "") throw new InvalidRequestError("missing ciphertext to decrypt");
  return decryptWith(ring, ciphertext, cipherOptions(item, i));
}

/** Decrypts and encrypts again with `key_version` (0 = latest). */
export function rewrapItem(
  ring: KeyRing,
  item: BatchItem,
  i: number,
): { ciphertext: string; key_version: number } {
  const plaintext = decryptItem(ring, item, i);
  const opts = { context: optionalBytes(item, i, "context"), aad: null };
  const out = encryptWith(ring, itemInt(item, i, "key_version"), plaintext, opts);
  return { ciphertext: out.ciphertext, key_version: out.version };
}
