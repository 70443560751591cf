/**
 * The ECDSA key family (P-256, P-384, P-521). Signatures are DER (asn1 marshaling) or r || s of
 * fixed width (jws). A message is hashed and signed by node:crypto; a caller's own digest
 * (prehashed) goes through ec-math.ts.
 */
import { generateKeyPair, type KeyObject, sign, verify } from "node:crypto";
import { promisify } from "node:util";
import { InvalidRequestError } from "../../errors.js";
import {
  bigIntToBytes,
  bytesToBigInt,
  CURVES,
  type CurveParams,
  signDigest,
  verifyDigest,
} from "./ec-math.js";
import { nodeHashName, type SignInput } from "./hashes.js";
import type { EcdsaType } from "./key-types.js";

const generate = promisify(generateKeyPair);

export type Marshaling = "asn1" | "jws";

export function curveName(type: EcdsaType): "P-256" | "P-384" | "P-521" {
  return type === "ecdsa-p256" ? "P-256" : type === "ecdsa-p384" ? "P-384" : "P-521";
}

function curve(type: EcdsaType): CurveParams {
  return CURVES[curveName(type)];
}

/** A new key pair: PKCS#8 DER (base64) and the SubjectPublicKeyInfo PEM Vault shows. */
export async function generateEcdsa(type: EcdsaType): Promise<{ privateKey: string; publicKey: string }> {
  const { privateKey, publicKey } = await generate("ec", { namedCurve: curveName(type) });
  return {
    privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
    publicKey: publicKey.export({ format: "pem", type: "spki" }).toString(),
  };
}

export function ecdsaSign(type: EcdsaType, key: KeyObject, input: SignInput, marshaling: Marshaling): Buffer {
  const c = curve(type);
  if ("message" in input) {
    const dsaEncoding = marshaling === "jws" ? "ieee-p1363" : "der";
    return sign(nodeHashName(input.hash), input.message, { key, dsaEncoding });
  }
  const jwk = key.export({ format: "jwk" });
  const d = bytesToBigInt(Buffer.from(jwk.d ?? "", "base64url"));
  const { r, s } = signDigest(c, d, input.digest);
  return marshaling === "jws"
    ? Buffer.concat([bigIntToBytes(r, c.size), bigIntToBytes(s, c.size)])
    : encodeDer(r, s);
}

export function ecdsaVerify(
  type: EcdsaType,
  key: KeyObject,
  input: SignInput,
  signature: Uint8Array,
  marshaling: Marshaling,
): boolean {
  const c = curve(type);
  const rs = marshaling === "jws" ? splitJws(signature) : decodeDer(signature);
  if ("message" in input) {
    const p1363 = Buffer.concat([bigIntToBytes(rs.r, c.size), bigIntToBytes(rs.s, c.size)]);
    if (p1363.length !== 2 * c.size) return false;
    return verify(nodeHashName(input.hash), input.message, { key, dsaEncoding: "ieee-p1363" }, p1363);
  }
  const jwk = key.export({ format: "jwk" });
  const q = {
    x: bytesToBigInt(Buffer.from(jwk.x ?? "", "base64url")),
    y: bytesToBigInt(Buffer.from(jwk.y ?? "", "base64url")),
  };
  return verifyDigest(c, q, input.digest, rs.r, rs.s);
}

function splitJws(sig: Uint8Array): { r: bigint; s: bigint } {
  const half = Math.floor(sig.length / 2);
  return { r: bytesToBigInt(sig.subarray(0, half)), s: bytesToBigInt(sig.subarray(half)) };
}

function derInteger(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, "hex");
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

function derLength(n: number): Buffer {
  return n < 0x80 ? Buffer.from([n]) : Buffer.from([0x81, n]);
}

function encodeDer(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/** Parses SEQUENCE { INTEGER r, INTEGER s } strictly (Vault's messages for what it refuses). */
function decodeDer(sig: Uint8Array): { r: bigint; s: bigint } {
  const invalid = () => new InvalidRequestError("supplied signature is invalid");
  let at = 0;
  const byte = () => {
    if (at >= sig.length) throw invalid();
    return sig[at++]!;
  };
  const length = () => {
    const first = byte();
    if (first < 0x80) return first;
    if (first !== 0x81) throw invalid();
    const n = byte();
    if (n < 0x80) throw invalid();
    return n;
  };
  const integer = () => {
    if (byte() !== 0x02) throw invalid();
    const len = length();
    if (len === 0 || at + len > sig.length) throw invalid();
    const bytes = sig.subarray(at, at + len);
    at += len;
    if (bytes[0]! & 0x80) throw invalid();
    return bytesToBigInt(bytes);
  };
  if (byte() !== 0x30) throw invalid();
  const total = length();
  const end = at + total;
  if (end > sig.length) throw invalid();
  const r = integer();
  const s = integer();
  if (at !== end) throw invalid();
  if (end !== sig.length) throw new InvalidRequestError("supplied signature contains extra data");
  return { r, s };
}
