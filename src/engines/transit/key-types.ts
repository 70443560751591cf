/** The key types of the transit engine and what each one can do (Vault's names and rules). */

export const KEY_TYPES = [
  "aes128-gcm96",
  "aes256-gcm96",
  "chacha20-poly1305",
  "ed25519",
  "ecdsa-p256",
  "ecdsa-p384",
  "ecdsa-p521",
  "rsa-2048",
  "rsa-3072",
  "rsa-4096",
  "hmac",
] as const;

export type KeyType = (typeof KEY_TYPES)[number];
export type AeadType = "aes128-gcm96" | "aes256-gcm96" | "chacha20-poly1305";
export type EcdsaType = "ecdsa-p256" | "ecdsa-p384" | "ecdsa-p521";
export type RsaType = "rsa-2048" | "rsa-3072" | "rsa-4096";

export function isKeyType(name: string): name is KeyType {
  return (KEY_TYPES as readonly string[]).includes(name);
}

export function isAead(type: KeyType): type is AeadType {
  return type === "aes128-gcm96" || type === "aes256-gcm96" || type === "chacha20-poly1305";
}

export function isEcdsa(type: KeyType): type is EcdsaType {
  return type === "ecdsa-p256" || type === "ecdsa-p384" || type === "ecdsa-p521";
}

export function isRsa(type: KeyType): type is RsaType {
  return type === "rsa-2048" || type === "rsa-3072" || type === "rsa-4096";
}

export const supports = {
  encryption: (t: KeyType) => isAead(t) || isRsa(t),
  signing: (t: KeyType) => isEcdsa(t) || isRsa(t) || t === "ed25519",
  derivation: (t: KeyType) => isAead(t) || t === "ed25519",
  associatedData: (t: KeyType) => isAead(t),
  /** Signing hashes the input first (ed25519 signs the message itself). */
  hashesInput: (t: KeyType) => isEcdsa(t) || isRsa(t),
};

/** Bytes of the symmetric key of an AEAD type. */
export function aeadKeyBytes(type: AeadType): number {
  return type === "aes128-gcm96" ? 16 : 32;
}

export function rsaBits(type: RsaType): number {
  return type === "rsa-2048" ? 2048 : type === "rsa-3072" ? 3072 : 4096;
}

export const HMAC_MIN_KEY_BYTES = 32;
export const HMAC_MAX_KEY_BYTES = 512;
export const HMAC_DEFAULT_KEY_BYTES = 32;
