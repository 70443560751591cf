/**
 * The seal's records in the physical store: the seal configuration (plaintext) and the root key
 * wrapped by the unseal key (barrier value format, term 0, its path as additional data).
 */
import { InternalError, InvalidRequestError } from "../../errors.js";
import type { PhysicalStorage } from "../../storage/types.js";
import { WRAPPING_TERM } from "../keyring-store.js";
import { KEYRING_PATH, ROOT_KEY_PATH, SEAL_CONFIG_PATH } from "../paths.js";
import { decryptValue, encryptValue, KEY_BYTES } from "../value-format.js";
import { decodeSealConfig, encodeSealConfig, type SealConfig } from "./config.js";

export function wrapRootKey(rootKey: Buffer, unsealKey: Buffer): Buffer {
  return encryptValue(unsealKey, WRAPPING_TERM, rootKey, ROOT_KEY_PATH);
}

/** The root key, or null if `blob` does not authenticate under `unsealKey`. The caller zeroes it. */
export function unwrapRootKey(blob: Uint8Array, unsealKey: Buffer): Buffer | null {
  let plain: Buffer;
  try {
    plain = decryptValue(unsealKey, blob, ROOT_KEY_PATH);
  } catch {
    return null;
  }
  try {
    if (plain.length !== KEY_BYTES) return null;
    const rootKey = Buffer.alloc(KEY_BYTES);
    plain.copy(rootKey);
    return rootKey;
  } finally {
    plain.fill(0);
  }
}

export class SealStore {
  constructor(private readonly physical: PhysicalStorage) {}

  async readConfig(): Promise<SealConfig | null> {
    const entry = await this.physical.get(SEAL_CONFIG_PATH);
    return entry ? decodeSealConfig(entry.value) : null;
  }

  async requireConfig(): Promise<SealConfig> {
    const config = await this.readConfig();
    if (!config) throw new InvalidRequestError("server is not yet initialized");
    return config;
  }

  /** Unwraps the stored root key; null when `unsealKey` is not the current unseal key. */
  async openRootKey(unsealKey: Buffer): Promise<{ rootKey: Buffer; revision: number } | null> {
    const entry = await this.physical.get(ROOT_KEY_PATH);
    if (!entry) throw new InternalError("root key not found in storage");
    const rootKey = unwrapRootKey(entry.value, unsealKey);
    return rootKey ? { rootKey, revision: entry.revision } : null;
  }

  /** Writes a new server's records in one transaction; false if any of them already exists. */
  writeInitial(config: SealConfig, rootKeyBlob: Uint8Array, keyringBlob: Uint8Array): Promise<boolean> {
    return this.physical.transaction(
      [
        { type: "put", key: KEYRING_PATH, value: keyringBlob },
        { type: "put", key: ROOT_KEY_PATH, value: rootKeyBlob },
        { type: "put", key: SEAL_CONFIG_PATH, value: encodeSealConfig(config) },
      ],
      [
        { key: KEYRING_PATH, absent: true },
        { key: ROOT_KEY_PATH, absent: true },
        { key: SEAL_CONFIG_PATH, absent: true },
      ],
    );
  }

  /**
   * Installs a new unseal key (the root key rewrapped by it) and its share configuration, if the
   * wrapped root key is still at `rootKeyRevision`; false otherwise.
   */
  replaceUnsealKey(config: SealConfig, rootKeyBlob: Uint8Array, rootKeyRevision: number): Promise<boolean> {
    return this.physical.transaction(
      [
        { type: "put", key: ROOT_KEY_PATH, value: rootKeyBlob },
        { type: "put", key: SEAL_CONFIG_PATH, value: encodeSealConfig(config) },
      ],
      [{ key: ROOT_KEY_PATH, revision: rootKeyRevision }],
    );
  }
}
