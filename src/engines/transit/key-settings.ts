/** Settings of a key: what a new key may be created with, and changes through keys/:name/config. */
import { InvalidRequestError } from "../../errors.js";
import {
  HMAC_DEFAULT_KEY_BYTES,
  HMAC_MAX_KEY_BYTES,
  HMAC_MIN_KEY_BYTES,
  isAead,
  isKeyType,
} from "./key-types.js";
import type { KeyRing, NewKeySpec } from "./keyring.js";

const HOUR = 3600;

export function checkAutoRotatePeriod(seconds: number): void {
  if (seconds !== 0 && seconds < HOUR) {
    throw new InvalidRequestError("auto rotate period must be 0 to disable or at least an hour");
  }
}

export interface NewKeyInput {
  name: string;
  type: string;
  derived: boolean;
  convergent: boolean;
  exportable: boolean;
  allowPlaintextBackup: boolean;
  autoRotatePeriod: number;
  keySize: number;
}

/** Checks a create request by Vault's rules and returns the spec of the new key. */
export function newKeySpec(input: NewKeyInput): NewKeySpec {
  const { type, derived, convergent, keySize } = input;
  checkAutoRotatePeriod(input.autoRotatePeriod);
  if (!derived && convergent)
    throw new InvalidRequestError("convergent encryption requires derivation to be enabled");
  if (!isKeyType(type)) throw new InvalidRequestError(`unknown key type ${type}`);
  if (keySize !== 0) {
    if (type !== "hmac") throw new InvalidRequestError(`key_size is not valid for algorithm ${type}`);
    if (keySize < HMAC_MIN_KEY_BYTES || keySize > HMAC_MAX_KEY_BYTES) {
      throw new InvalidRequestError(`invalid key_size ${keySize}`);
    }
  }
  if (type === "ed25519" && convergent) {
    throw new InvalidRequestError(`convergent encryption not supported for keys of type ${type}`);
  }
  if (!isAead(type) && type !== "ed25519" && (derived || convergent)) {
    throw new InvalidRequestError(
      `key derivation and convergent encryption not supported for keys of type ${type}`,
    );
  }
  return {
    name: input.name,
    type,
    derived,
    convergent,
    exportable: input.exportable,
    allowPlaintextBackup: input.allowPlaintextBackup,
    autoRotatePeriod: input.autoRotatePeriod,
    ...(type === "hmac" ? { keySize: keySize || HMAC_DEFAULT_KEY_BYTES } : {}),
  };
}

export interface ConfigChange {
  minDecryptionVersion?: number;
  minEncryptionVersion?: number;
  deletionAllowed?: boolean;
  exportable?: boolean;
  allowPlaintextBackup?: boolean;
  autoRotatePeriod?: number;
}

/**
 * Applies a config change to `ring` (a private copy) by Vault's rules; returns whether anything
 * changed and the warnings to show. Throws a 400 and leaves the stored key alone on bad input.
 */
export function applyConfig(ring: KeyRing, change: ConfigChange): { changed: boolean; warnings: string[] } {
  const warnings: string[] = [];
  let changed = false;
  if (change.minDecryptionVersion !== undefined) {
    let v = change.minDecryptionVersion;
    if (v < 0) throw new InvalidRequestError("min decryption version cannot be negative");
    if (v === 0) {
      v = 1;
      warnings.push("transit key numbering starts at 1; forcing minimum to 1");
    }
    if (v !== ring.minDecryptionVersion) {
      if (v > ring.latestVersion) {
        throw new InvalidRequestError(
          `cannot set min decryption version of ${v}, latest key version is ${ring.latestVersion}`,
        );
      }
      ring.minDecryptionVersion = v;
      changed = true;
    }
  }
  if (change.minEncryptionVersion !== undefined) {
    const v = change.minEncryptionVersion;
    if (v < 0) throw new InvalidRequestError("min encryption version cannot be negative");
    if (v !== ring.minEncryptionVersion) {
      if (v > ring.latestVersion) {
        throw new InvalidRequestError(
          `cannot set min encryption version of ${v}, latest key version is ${ring.latestVersion}`,
        );
      }
      ring.minEncryptionVersion = v;
      changed = true;
    }
  }
  if (ring.minEncryptionVersion > 0 && ring.minEncryptionVersion < ring.minDecryptionVersion) {
    throw new InvalidRequestError(
      `cannot set min encryption/decryption values; min encryption version of ${ring.minEncryptionVersion} ` +
        `must be greater than or equal to min decryption version of ${ring.minDecryptionVersion}`,
    );
  }
  if (change.deletionAllowed !== undefined && change.deletionAllowed !== ring.deletionAllowed) {
    ring.deletionAllowed = change.deletionAllowed;
    changed = true;
  }
  // Once on, exportable and allow_plaintext_backup stay on.
  if (change.exportable === true && !ring.exportable) {
    ring.exportable = true;
    changed = true;
  }
  if (change.allowPlaintextBackup === true && !ring.allowPlaintextBackup) {
    ring.allowPlaintextBackup = true;
    changed = true;
  }
  if (change.autoRotatePeriod !== undefined) {
    checkAutoRotatePeriod(change.autoRotatePeriod);
    if (change.autoRotatePeriod !== ring.autoRotatePeriod) {
      ring.autoRotatePeriod = change.autoRotatePeriod;
      changed = true;
    }
  }
  if (changed && ring.minAvailableVersion > ring.minEncryptionVersion) {
    throw new InvalidRequestError("min encryption version should not be less than min available version");
  }
  if (changed && ring.minAvailableVersion > ring.minDecryptionVersion) {
    throw new InvalidRequestError("min decryption version should not be less then min available version");
  }
  return { changed, warnings };
}
