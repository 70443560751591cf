/**
 * JWS signature checks for the JWT and Kubernetes auth methods, with the policy enforced here
 * rather than left to a library default: only asymmetric algorithms (never `none`, never HMAC, so
 * a public key can never be used as an HMAC secret), the header's `alg` must be on the mount's
 * allow-list, and a key is tried only if its type fits that algorithm. `jose` checks the
 * signature itself.
 */
import { createPublicKey, type KeyObject, X509Certificate } from "node:crypto";
import { compactVerify, decodeProtectedHeader } from "jose";
import { InvalidRequestError } from "../../errors.js";
import { LoginRefusal } from "./login-refusal.js";

/** Every algorithm cofre verifies; `none` and HS256/384/512 are deliberately absent. */
export const ASYMMETRIC_ALGS: readonly string[] = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
];

/** Longest JWT accepted at login, in characters. */
export const MAX_JWT_LENGTH = 64 * 1024;

const CURVE_BY_ALG: Record<string, string> = { ES256: "prime256v1", ES384: "secp384r1", ES512: "secp521r1" };

/** Validates an algorithm allow-list (400 on `none`, HMAC or unknown names); empty means all. */
export function parseSupportedAlgs(list: readonly string[], fieldName: string): string[] {
  const out: string[] = [];
  for (const raw of list) {
    const alg = raw.trim();
    if (alg === "") continue;
    if (/^none$/i.test(alg))
      throw new InvalidRequestError(`"${fieldName}": the "none" algorithm is never accepted`);
    if (/^HS\d+$/i.test(alg)) {
      throw new InvalidRequestError(
        `"${fieldName}": HMAC algorithms (${alg.slice(0, 10)}) are not accepted; use an asymmetric algorithm`,
      );
    }
    if (!ASYMMETRIC_ALGS.includes(alg)) {
      throw new InvalidRequestError(
        `"${fieldName}": unsupported algorithm "${alg.slice(0, 20)}" (supported: ${ASYMMETRIC_ALGS.join(", ")})`,
      );
    }
    if (!out.includes(alg)) out.push(alg);
  }
  return out;
}

/** One PEM public key or certificate as a key object; private keys and secrets are refused (400). */
export function parsePublicKeyPem(pem: string, fieldName: string): KeyObject {
  const text = pem.trim();
  const bad = (why: string) => new InvalidRequestError(`invalid value in "${fieldName}": ${why}`);
  if (/PRIVATE KEY/.test(text)) throw bad("a private key was given; give the public key or certificate");
  try {
    const key = text.startsWith("-----BEGIN CERTIFICATE-----")
      ? new X509Certificate(text).publicKey
      : createPublicKey({ key: text, format: "pem" });
    if (key.type !== "public" || !isSupportedKeyType(key)) throw new Error("unsupported key type");
    return key;
  } catch {
    throw bad("expected a PEM-encoded RSA, EC (P-256/384/521) or Ed25519 public key or certificate");
  }
}

function isSupportedKeyType(key: KeyObject): boolean {
  const type = key.asymmetricKeyType;
  if (type === "ec") return Object.values(CURVE_BY_ALG).includes(key.asymmetricKeyDetails?.namedCurve ?? "");
  return type === "rsa" || type === "rsa-pss" || type === "ed25519" || type === "ed448";
}

/** Whether `key` can verify signatures made with `alg`. */
export function keyFitsAlg(key: KeyObject, alg: string): boolean {
  if (key.type !== "public") return false;
  const type = key.asymmetricKeyType;
  if (alg.startsWith("RS")) return type === "rsa";
  if (alg.startsWith("PS")) return type === "rsa" || type === "rsa-pss";
  if (alg.startsWith("ES"))
    return type === "ec" && key.asymmetricKeyDetails?.namedCurve === CURVE_BY_ALG[alg];
  if (alg === "EdDSA") return type === "ed25519" || type === "ed448";
  return false;
}

export interface JwsHeader {
  alg: string;
  kid?: string;
}

/**
 * The protected header of a compact JWS whose algorithm is on `allowedAlgs` (refused otherwise,
 * as is anything that is not a three-part compact JWS within MAX_JWT_LENGTH).
 */
export function readAllowedHeader(token: string, allowedAlgs: readonly string[]): JwsHeader {
  if (token.length > MAX_JWT_LENGTH) throw new LoginRefusal("token too long");
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token)) {
    throw new LoginRefusal("token is not a compact JWS");
  }
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
  } catch {
    throw new LoginRefusal("token header cannot be decoded");
  }
  const alg = header.alg;
  if (typeof alg !== "string" || !ASYMMETRIC_ALGS.includes(alg) || !allowedAlgs.includes(alg)) {
    throw new LoginRefusal("token signing algorithm is not allowed");
  }
  const kid = header.kid;
  if (kid !== undefined && typeof kid !== "string") throw new LoginRefusal("token key id is not a string");
  return { alg, kid };
}

/**
 * Verifies the signature with the first key that fits the algorithm and validates; returns the
 * payload as a JSON object. Refused when no key verifies it or the payload is not a JSON object.
 */
export async function verifyWithKeys(
  token: string,
  header: JwsHeader,
  keys: readonly KeyObject[],
): Promise<Record<string, unknown>> {
  for (const key of keys) {
    if (!keyFitsAlg(key, header.alg)) continue;
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(token, key, { algorithms: [header.alg] }));
    } catch {
      continue;
    }
    return parsePayload(payload);
  }
  throw new LoginRefusal("no configured key verified the token signature");
}

function parsePayload(payload: Uint8Array): Record<string, unknown> {
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(payload));
  } catch {
    throw new LoginRefusal("token payload is not JSON");
  }
  if (!claims || typeof claims !== "object" || Array.isArray(claims)) {
    throw new LoginRefusal("token payload is not a JSON object");
  }
  return claims as Record<string, unknown>;
}
