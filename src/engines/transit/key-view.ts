/** What a read of keys/:name shows (Vault's fields), never the private key material. */
import { curveName } from "./ecdsa.js";
import { ed25519SigningKey, rawPublicKey } from "./ed25519.js";
import { isAead, isEcdsa, isRsa, supports } from "./key-types.js";
import { type KeyRing, liveVersions } from "./keyring.js";
import { rawKey } from "./material.js";

/** Go's RFC 3339 time with trailing zeros of the fraction dropped. */
export function goTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.?0+Z$/, "Z");
}

export function keyInfo(ring: KeyRing, context: Uint8Array | null = null): Record<string, unknown> {
  const data: Record<string, unknown> = {
    name: ring.name,
    type: ring.type,
    derived: ring.derived,
    deletion_allowed: ring.deletionAllowed,
    min_available_version: ring.minAvailableVersion,
    min_decryption_version: ring.minDecryptionVersion,
    min_encryption_version: ring.minEncryptionVersion,
    latest_version: ring.latestVersion,
    exportable: ring.exportable,
    allow_plaintext_backup: ring.allowPlaintextBackup,
    supports_encryption: supports.encryption(ring.type),
    supports_decryption: supports.encryption(ring.type),
    supports_signing: supports.signing(ring.type),
    supports_derivation: supports.derivation(ring.type),
    auto_rotate_period: ring.autoRotatePeriod,
    imported_key: false,
  };
  if (ring.keySize !== undefined) data.key_size = ring.keySize;
  if (ring.backupInfo)
    data.backup_info = { time: goTime(ring.backupInfo.time), version: ring.backupInfo.version };
  if (ring.restoreInfo) {
    data.restore_info = { time: goTime(ring.restoreInfo.time), version: ring.restoreInfo.version };
  }
  if (ring.derived) {
    data.kdf = "hkdf_sha256";
    data.convergent_encryption = ring.convergent;
    if (ring.convergent) data.convergent_encryption_version = 3;
  }
  const versions = liveVersions(ring);
  if (isAead(ring.type)) {
    data.keys = Object.fromEntries(versions.map(([n, v]) => [String(n), Math.floor(v.created / 1000)]));
  } else if (ring.type !== "hmac") {
    data.keys = Object.fromEntries(
      versions.map(([n, v]) => {
        let publicKey = v.publicKey ?? "";
        if (ring.type === "ed25519" && ring.derived) {
          publicKey = context?.length
            ? rawPublicKey(ed25519SigningKey(rawKey(v), context)).toString("base64")
            : "";
        }
        const name = isEcdsa(ring.type) ? curveName(ring.type) : isRsa(ring.type) ? ring.type : "ed25519";
        return [String(n), { name, public_key: publicKey, creation_time: goTime(v.created) }];
      }),
    );
  }
  return data;
}
