/** Hash algorithms by their Vault names, with what signing needs to know about each. */
import { createHash } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";

export const HASH_NAMES = [
  "sha1",
  "sha2-224",
  "sha2-256",
  "sha2-384",
  "sha2-512",
  "sha3-224",
  "sha3-256",
  "sha3-384",
  "sha3-512",
] as const;

export type HashName = (typeof HASH_NAMES)[number];

interface HashInfo {
  node: string;
  size: number;
  /** DER of the AlgorithmIdentifier's OID contents, for PKCS#1 v1.5 DigestInfo. */
  oid: number[];
}

const NIST = (n: number) => [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, n];

const INFO: Record<HashName, HashInfo> = {
  sha1: { node: "sha1", size: 20, oid: [0x2b, 0x0e, 0x03, 0x02, 0x1a] },
  "sha2-224": { node: "sha224", size: 28, oid: NIST(4) },
  "sha2-256": { node: "sha256", size: 32, oid: NIST(1) },
  "sha2-384": { node: "sha384", size: 48, oid: NIST(2) },
  "sha2-512": { node: "sha512", size: 64, oid: NIST(3) },
  "sha3-224": { node: "sha3-224", size: 28, oid: NIST(7) },
  "sha3-256": { node: "sha3-256", size: 32, oid: NIST(8) },
  "sha3-384": { node: "sha3-384", size: 48, oid: NIST(9) },
  "sha3-512": { node: "sha3-512", size: 64, oid: NIST(10) },
};

export function isHashName(name: string): name is HashName {
  return (HASH_NAMES as readonly string[]).includes(name);
}

/** A hash for the hash and hmac endpoints (SHA-2 and SHA-3 only, as Vault documents them). */
export function requireDigestAlgorithm(name: string): HashName {
  if (!isHashName(name) || name === "sha1") throw new InvalidRequestError(`unsupported algorithm ${name}`);
  return name;
}

export function nodeHashName(h: HashName): string {
  return INFO[h].node;
}

export function digestSize(h: HashName): number {
  return INFO[h].size;
}

export function digest(h: HashName, data: Uint8Array): Buffer {
  return createHash(INFO[h].node).update(data).digest();
}

/** DER DigestInfo prefix: SEQUENCE { SEQUENCE { OID, NULL }, OCTET STRING (digest follows) }. */
export function digestInfoPrefix(h: HashName): Buffer {
  const { oid, size } = INFO[h];
  const algId = [0x30, oid.length + 4, 0x06, oid.length, ...oid, 0x05, 0x00];
  return Buffer.from([0x30, algId.length + 2 + size, ...algId, 0x04, size]);
}

/** What a signature covers: a message that signing hashes with `hash`, or a caller's digest. */
export type SignInput =
  | { message: Uint8Array; hash: HashName }
  | { digest: Uint8Array; hash: HashName | "none" };
