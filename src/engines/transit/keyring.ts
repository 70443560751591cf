/**
 * A named transit key: its settings and its versions (Vault calls this a policy). Pure rules on
 * versions live here: which version encrypts or signs, which may decrypt or verify, rotation
 * bookkeeping, config changes and trimming. Key material is opaque here (see material.ts).
 */
import { InvalidRequestError } from "../../errors.js";
import type { KeyType } from "./key-types.js";

/** One version of a key. Binary fields are standard base64. */
export interface KeyVersion {
  /** Creation time, ms since the epoch. */
  created: number;
  /** Symmetric key, HMAC key (type hmac), or ed25519 seed+public (64 bytes, as Go keeps it). */
  key?: string;
  /** PKCS#8 DER of the private key (ecdsa, rsa). */
  privateKey?: string;
  /** PEM (ecdsa, rsa) or base64 raw public key (ed25519), as Vault shows it. */
  publicKey?: string;
  /** Key of the hmac endpoint for this version (every type has one). */
  hmacKey: string;
  /** Convergent nonce scheme of this version (3 for every version cofre creates). */
  convergentVersion?: number;
}

export interface KeyRing {
  name: string;
  type: KeyType;
  derived: boolean;
  convergent: boolean;
  exportable: boolean;
  allowPlaintextBackup: boolean;
  deletionAllowed: boolean;
  /** Seconds; 0 = no automatic rotation. */
  autoRotatePeriod: number;
  /** HMAC keys only: key size in bytes. */
  keySize?: number;
  latestVersion: number;
  minDecryptionVersion: number;
  /** 0 = only the latest version encrypts/signs. */
  minEncryptionVersion: number;
  /** Versions below this were trimmed (deleted for good). */
  minAvailableVersion: number;
  versions: Record<string, KeyVersion>;
  backupInfo?: { time: number; version: number };
  restoreInfo?: { time: number; version: number };
}

export const CURRENT_CONVERGENT_VERSION = 3;

export interface NewKeySpec {
  name: string;
  type: KeyType;
  derived: boolean;
  convergent: boolean;
  exportable: boolean;
  allowPlaintextBackup: boolean;
  autoRotatePeriod: number;
  keySize?: number;
}

export function newKeyRing(spec: NewKeySpec, first: KeyVersion): KeyRing {
  const ring: KeyRing = {
    ...spec,
    deletionAllowed: false,
    latestVersion: 0,
    minDecryptionVersion: 1,
    minEncryptionVersion: 0,
    minAvailableVersion: 0,
    versions: {},
  };
  if (spec.keySize === undefined) delete ring.keySize;
  addVersion(ring, first);
  return ring;
}

/** Appends a new latest version (rotation). */
export function addVersion(ring: KeyRing, entry: KeyVersion): void {
  if (ring.convergent) entry.convergentVersion = CURRENT_CONVERGENT_VERSION;
  ring.latestVersion += 1;
  ring.versions[String(ring.latestVersion)] = entry;
}

export function versionEntry(ring: KeyRing, version: number): KeyVersion {
  const entry = ring.versions[String(version)];
  if (!entry) throw new InvalidRequestError("no such key version");
  return entry;
}

export type UseKind = "encryption" | "signing";

/** The version an encrypt/sign/hmac with `requested` (0 = latest) uses, or a 400 saying why not. */
export function useVersion(ring: KeyRing, requested: number, kind: UseKind): number {
  if (requested === 0) return ring.latestVersion;
  if (requested < 0) throw new InvalidRequestError(`requested version for ${kind} is negative`);
  if (requested > ring.latestVersion) {
    throw new InvalidRequestError(`requested version for ${kind} is higher than the latest key version`);
  }
  if (requested < ring.minEncryptionVersion) {
    throw new InvalidRequestError(
      `requested version for ${kind} is less than the minimum encryption key version`,
    );
  }
  versionEntry(ring, requested);
  return requested;
}

export const TOO_OLD = "ciphertext or signature version is disallowed by policy (too old)";

/** Checks a version read from a ciphertext or signature may be used to decrypt or verify. */
export function checkReadableVersion(
  ring: KeyRing,
  version: number,
  what: "ciphertext" | "signature",
): number {
  const v = version === 0 ? 1 : version;
  if (v > ring.latestVersion) throw new InvalidRequestError(`invalid ${what}: version is too new`);
  if (v < ring.minDecryptionVersion) throw new InvalidRequestError(TOO_OLD);
  versionEntry(ring, v);
  return v;
}

/** Versions shown by a read and exported: those that may still decrypt or verify. */
export function liveVersions(ring: KeyRing): [number, KeyVersion][] {
  return Object.entries(ring.versions)
    .map(([k, v]) => [Number(k), v] as [number, KeyVersion])
    .filter(([n]) => n >= ring.minDecryptionVersion)
    .sort((a, b) => a[0] - b[0]);
}

/** Whether auto-rotation is due at `now` (ms). */
export function rotationDue(ring: KeyRing, now: number): boolean {
  if (ring.autoRotatePeriod <= 0) return false;
  const latest = ring.versions[String(ring.latestVersion)];
  return latest !== undefined && now >= latest.created + ring.autoRotatePeriod * 1000;
}

/** Deletes every version below `minAvailable` for good (Vault's trim rules and messages). */
export function trimVersions(ring: KeyRing, minAvailable: number): void {
  if (minAvailable < ring.minAvailableVersion) {
    throw new InvalidRequestError("minimum available version cannot be decremented");
  }
  if (ring.minEncryptionVersion === 0) {
    throw new InvalidRequestError(
      "minimum available version cannot be set when minimum encryption version is not set",
    );
  }
  if (minAvailable > ring.minEncryptionVersion) {
    throw new InvalidRequestError(
      "minimum available version cannot be greater than minmum encryption version",
    );
  }
  if (minAvailable > ring.minDecryptionVersion) {
    throw new InvalidRequestError(
      "minimum available version cannot be greater than minimum decryption version",
    );
  }
  if (minAvailable < 0) throw new InvalidRequestError("minimum available version cannot be negative");
  if (minAvailable === 0) throw new InvalidRequestError("minimum available version should be positive");
  ring.minAvailableVersion = minAvailable;
  for (const k of Object.keys(ring.versions)) if (Number(k) < minAvailable) delete ring.versions[k];
}
