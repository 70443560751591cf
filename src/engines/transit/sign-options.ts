/** The sign/verify request options, parsed by Vault's rules and messages. */
import { InvalidRequestError } from "../../errors.js";
import type { Marshaling } from "./ecdsa.js";
import { type HashName, isHashName } from "./hashes.js";
import type { RsaSignatureAlgorithm } from "./rsa.js";
import type { SaltLength } from "./rsa-padding.js";
import type { SignOptions } from "./signing.js";

export interface RawSignOptions {
  urlalgorithm?: string;
  hash_algorithm?: string;
  algorithm?: string;
  prehashed: boolean;
  signature_algorithm: string;
  marshaling_algorithm: string;
  salt_length: string;
}

function hashOf(o: RawSignOptions): HashName | "none" {
  const name = o.urlalgorithm || o.hash_algorithm || o.algorithm || "sha2-256";
  if (name !== "none" && !isHashName(name)) throw new InvalidRequestError(`invalid hash algorithm "${name}"`);
  return name;
}

function saltOf(text: string): SaltLength {
  const s = text.toLowerCase();
  if (s === "auto") return "auto";
  if (s === "hash") return "hash";
  if (!/^[+-]?\d+$/.test(s))
    throw new InvalidRequestError(`salt length neither 'auto', 'hash', nor an int: ${text}`);
  const n = Number(s);
  if (n < -1) throw new InvalidRequestError(`salt length is invalid: ${n}`);
  return n === -1 ? "hash" : n === 0 ? "auto" : n;
}

export function parseSignOptions(o: RawSignOptions): SignOptions {
  const hash = hashOf(o);
  if (o.marshaling_algorithm !== "asn1" && o.marshaling_algorithm !== "jws") {
    throw new InvalidRequestError(`invalid marshaling type "${o.marshaling_algorithm}"`);
  }
  const algorithm = (o.signature_algorithm || "pss") as RsaSignatureAlgorithm;
  if (algorithm !== "pss" && algorithm !== "pkcs1v15") {
    throw new InvalidRequestError(`unsupported rsa signature algorithm ${o.signature_algorithm}`);
  }
  if (hash === "none" && (!o.prehashed || algorithm !== "pkcs1v15")) {
    throw new InvalidRequestError(
      "hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15",
    );
  }
  return {
    hash,
    prehashed: o.prehashed,
    algorithm,
    marshaling: o.marshaling_algorithm as Marshaling,
    saltLength: saltOf(o.salt_length),
  };
}
