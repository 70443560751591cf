/**
 * backup/:name and restore: a key ring with all its versions as base64 JSON. The format is
 * cofre's own (Vault's is Go's internal structure); a restore checks every field, because a
 * backup is input like any other and must not plant a key that fails later.
 */
import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { decodeBase64 } from "./b64.js";
import { CURVES } from "./ec-math.js";
import { curveName } from "./ecdsa.js";
import {
  aeadKeyBytes,
  HMAC_MAX_KEY_BYTES,
  HMAC_MIN_KEY_BYTES,
  isAead,
  isEcdsa,
  isRsa,
  KEY_TYPES,
  rsaBits,
} from "./key-types.js";
import type { KeyRing } from "./keyring.js";
import { privateKeyObject, publicKeyObject, rawKey } from "./material.js";

const FORMAT = "cofre-transit-backup";
export const KEY_NAME = /^\w(?:[\w.@-]*\w)?$/;

const int = z.number().int().nonnegative();
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);

const versionSchema = z.strictObject({
  created: int,
  key: b64.optional(),
  privateKey: b64.optional(),
  publicKey: z.string().max(4096).optional(),
  hmacKey: b64,
  convergentVersion: int.optional(),
});

const infoSchema = z.strictObject({ time: int, version: int });

const ringSchema = z.strictObject({
  name: z.string().regex(KEY_NAME),
  type: z.enum(KEY_TYPES),
  derived: z.boolean(),
  convergent: z.boolean(),
  exportable: z.boolean(),
  allowPlaintextBackup: z.boolean(),
  deletionAllowed: z.boolean(),
  autoRotatePeriod: int,
  keySize: int.optional(),
  latestVersion: int.min(1),
  minDecryptionVersion: int.min(1),
  minEncryptionVersion: int,
  minAvailableVersion: int,
  versions: z.record(z.string().regex(/^[1-9]\d*$/), versionSchema),
  backupInfo: infoSchema.optional(),
  restoreInfo: infoSchema.optional(),
});

const backupSchema = z.strictObject({ format: z.literal(FORMAT), version: z.literal(1), key: ringSchema });

export function encodeBackup(ring: KeyRing): string {
  return Buffer.from(JSON.stringify({ format: FORMAT, version: 1, key: ring })).toString("base64");
}

/** Parses and checks a backup; the key ring it holds, ready to store. */
export function decodeBackup(text: string): KeyRing {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeBase64(text).toString("utf8"));
  } catch {
    throw new InvalidRequestError("invalid backup: not base64-encoded JSON");
  }
  const result = backupSchema.safeParse(parsed);
  if (!result.success) throw new InvalidRequestError("invalid backup: not a transit key backup");
  const ring = result.data.key as KeyRing;
  checkConsistent(ring);
  return ring;
}

function checkConsistent(ring: KeyRing): void {
  const bad = (why: string) => new InvalidRequestError(`invalid backup: ${why}`);
  const lowest = Math.max(1, ring.minAvailableVersion);
  if (ring.minDecryptionVersion < lowest || ring.minDecryptionVersion > ring.latestVersion) {
    throw bad("version bounds do not hold");
  }
  if (ring.minEncryptionVersion > ring.latestVersion) throw bad("version bounds do not hold");
  for (let v = ring.minDecryptionVersion; v <= ring.latestVersion; v++) {
    if (!ring.versions[String(v)]) throw bad(`version ${v} is missing`);
  }
  for (const [n, entry] of Object.entries(ring.versions)) {
    const v = Number(n);
    if (v < lowest || v > ring.latestVersion) throw bad(`version ${v} is out of range`);
    try {
      if (isAead(ring.type)) {
        if (rawKey(entry).length !== aeadKeyBytes(ring.type)) throw new Error("key size");
      } else if (ring.type === "hmac") {
        const size = rawKey(entry).length;
        if (size < HMAC_MIN_KEY_BYTES || size > HMAC_MAX_KEY_BYTES) throw new Error("key size");
      } else if (ring.type === "ed25519") {
        if (rawKey(entry).length !== 64) throw new Error("key size");
        publicKeyObject(entry);
      } else {
        const details = privateKeyObject(entry).asymmetricKeyDetails;
        const expected = isRsa(ring.type)
          ? details?.modulusLength === rsaBits(ring.type)
          : isEcdsa(ring.type) && details?.namedCurve === CURVES[curveName(ring.type)].openssl;
        if (!expected) throw new Error("key type");
        publicKeyObject(entry);
      }
    } catch {
      throw bad(`version ${v} does not hold a valid ${ring.type} key`);
    }
  }
}
