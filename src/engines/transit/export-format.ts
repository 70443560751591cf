/**
 * export/:type/:name: key material in Vault's formats. Default formats: symmetric and HMAC keys
 * as base64 raw bytes, ed25519 as base64 of Go's 64-byte key, ECDSA as SEC 1 PEM ("EC PRIVATE
 * KEY"), RSA as PKCS#1 PEM ("RSA PRIVATE KEY"); public keys as SubjectPublicKeyInfo PEM (ed25519:
 * base64 raw). format=der|pem gives PKCS#8 / SubjectPublicKeyInfo instead.
 */
import type { KeyObject } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import { ed25519SigningKey } from "./ed25519.js";
import { isAead, isEcdsa, isRsa, supports } from "./key-types.js";
import type { KeyRing, KeyVersion } from "./keyring.js";
import { hmacKey, privateKeyObject, publicKeyObject, rawKey } from "./material.js";

export const EXPORT_TYPES = ["encryption-key", "signing-key", "hmac-key", "public-key"] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];
export type ExportFormat = "" | "raw" | "der" | "pem";

export function parseExportType(text: string): ExportType {
  if (!(EXPORT_TYPES as readonly string[]).includes(text))
    throw new InvalidRequestError(`invalid export type: ${text}`);
  return text as ExportType;
}

export function parseExportFormat(text: string): ExportFormat {
  if (text !== "" && text !== "raw" && text !== "der" && text !== "pem") {
    throw new InvalidRequestError(`invalid format: ${text}`);
  }
  return text;
}

/** Refuses what the key cannot export (a 400 with Vault's message). */
export function checkExportable(ring: KeyRing, type: ExportType): void {
  if (!ring.exportable && type !== "public-key")
    throw new InvalidRequestError("private key material is not exportable");
  if (type === "encryption-key" && !supports.encryption(ring.type)) {
    throw new InvalidRequestError("encryption not supported for the key");
  }
  if (type === "signing-key" && !supports.signing(ring.type)) {
    throw new InvalidRequestError("signing not supported for the key");
  }
  if (type === "public-key" && !supports.signing(ring.type)) {
    throw new InvalidRequestError("public key not available for the key");
  }
}

function noBinaryFormats(format: ExportFormat, what: string): void {
  if (format === "der" || format === "pem") {
    throw new InvalidRequestError(`unknown format for ${what}; supported values are \`\` or \`raw\``);
  }
}

function noRaw(format: ExportFormat, what: string): void {
  if (format === "raw") {
    throw new InvalidRequestError(
      `unknown key format for ${what}; supported values are \`\`, \`der\`, or \`pem\``,
    );
  }
}

function pkcs8(key: KeyObject, format: ExportFormat): string {
  if (format === "der") return key.export({ format: "der", type: "pkcs8" }).toString("base64");
  return key.export({ format: "pem", type: "pkcs8" }).toString().trim();
}

function spki(key: KeyObject, format: ExportFormat): string {
  if (format === "der") return key.export({ format: "der", type: "spki" }).toString("base64");
  return key.export({ format: "pem", type: "spki" }).toString();
}

/** One version's exported key. */
export function exportVersion(
  ring: KeyRing,
  entry: KeyVersion,
  type: ExportType,
  format: ExportFormat,
): string {
  if (type === "hmac-key") {
    noBinaryFormats(format, "HMAC key");
    return hmacKey(entry).toString("base64");
  }
  if (isAead(ring.type)) {
    noBinaryFormats(format, "symmetric key");
    return rawKey(entry).toString("base64");
  }
  if (ring.type === "ed25519") {
    if (type === "public-key") {
      if (format === "" || format === "raw") return entry.publicKey ?? "";
      return spki(publicKeyObject(entry), format).trim();
    }
    if (format === "" || format === "raw") return rawKey(entry).toString("base64");
    return pkcs8(ed25519SigningKey(rawKey(entry), null), format);
  }
  if (isEcdsa(ring.type)) {
    noRaw(format, "ec key");
    if (type === "public-key") return spki(publicKeyObject(entry), format).trim();
    if (format !== "") return pkcs8(privateKeyObject(entry), format);
    return privateKeyObject(entry).export({ format: "pem", type: "sec1" }).toString().trim();
  }
  if (isRsa(ring.type)) {
    noRaw(format, "rsa key");
    if (type === "public-key") return spki(publicKeyObject(entry), format);
    if (format !== "")
      return format === "pem"
        ? `${pkcs8(privateKeyObject(entry), format)}\n`
        : pkcs8(privateKeyObject(entry), format);
    return privateKeyObject(entry).export({ format: "pem", type: "pkcs1" }).toString();
  }
  throw new InvalidRequestError(`unknown key type ${ring.type} for export type ${type}`);
}
