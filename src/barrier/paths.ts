/**
 * Where the barrier and the seal keep things in the physical store. `core/` is theirs alone:
 * everything written through the barrier's SecureStorage interface lands under `logical/`, so no
 * caller of the barrier can reach (or clobber) the keyring, the wrapped root key or the seal config.
 */
export const CORE_PREFIX = "core/";
export const LOGICAL_PREFIX = "logical/";

/** The keyring, encrypted with the root key. */
export const KEYRING_PATH = "core/keyring";
/** The root key, encrypted with the unseal key. */
export const ROOT_KEY_PATH = "core/root-key";
/** The seal configuration (type, shares, threshold), plaintext JSON. */
export const SEAL_CONFIG_PATH = "core/seal-config";

/** The physical key of a logical (barrier) key. */
export function physicalKeyOf(logicalKey: string): string {
  return LOGICAL_PREFIX + logicalKey;
}
