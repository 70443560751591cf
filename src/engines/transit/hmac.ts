/** The hmac endpoint: HMAC of the input with a version's HMAC key, as `vault:v<N>:<base64>`. */
import { createHmac, timingSafeEqual } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import { decodeBase64 } from "./b64.js";
import { parseVersioned, versioned } from "./ciphertext.js";
import { type HashName, nodeHashName } from "./hashes.js";
import type { KeyRing } from "./keyring.js";
import { hmacKey } from "./material.js";

function keyOf(ring: KeyRing, version: number): Buffer {
  if (version < 0) throw new InvalidRequestError("key version does not exist (cannot be negative)");
  if (version > ring.latestVersion) {
    throw new InvalidRequestError(`key version does not exist; latest key version is ${ring.latestVersion}`);
  }
  const entry = ring.versions[String(version)];
  if (!entry) throw new InvalidRequestError("no such key version");
  return hmacKey(entry);
}

/** The version an HMAC is made with (0 = latest), by Vault's rules. */
export function hmacVersion(ring: KeyRing, requested: number): number {
  if (requested === 0) return ring.latestVersion;
  if (
    requested !== ring.latestVersion &&
    ring.minEncryptionVersion > 0 &&
    requested < ring.minEncryptionVersion
  ) {
    throw new InvalidRequestError("cannot generate HMAC: version is too old (disallowed by policy)");
  }
  keyOf(ring, requested);
  return requested;
}

export function hmacWith(ring: KeyRing, version: number, hash: HashName, input: Uint8Array): string {
  const mac = createHmac(nodeHashName(hash), keyOf(ring, version)).update(input).digest();
  return versioned(version, mac.toString("base64"));
}

export function verifyHmacWith(ring: KeyRing, hash: HashName, input: Uint8Array, given: string): boolean {
  if (!given.startsWith("vault:v")) throw new InvalidRequestError("invalid HMAC to verify: no prefix");
  const parsed = parseVersioned(given, "HMAC");
  let mac: Buffer;
  try {
    mac = decodeBase64(parsed.payload);
  } catch (err) {
    throw new InvalidRequestError(`unable to decode verification HMAC as base64: ${(err as Error).message}`);
  }
  if (parsed.version > ring.latestVersion) throw new InvalidRequestError("invalid HMAC: version is too new");
  if (parsed.version < ring.minDecryptionVersion) {
    throw new InvalidRequestError("cannot verify HMAC: version is too old (disallowed by policy)");
  }
  const expected = createHmac(nodeHashName(hash), keyOf(ring, parsed.version)).update(input).digest();
  return expected.length === mac.length && timingSafeEqual(expected, mac);
}
