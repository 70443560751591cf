import type { Confidence } from "../types.js";
import { decodeBase64 } from "./base64.js";

/**
 * Offline checks of private key blocks. A block counts when its body decodes to the structure
 * its label promises: a DER SEQUENCE whose length covers the body (PKCS#1, SEC1, PKCS#8, DSA),
 * the `openssh-key-v1` magic, or an OpenPGP secret-key packet with a valid CRC-24 armor checksum.
 * Unencrypted keys are high confidence; encrypted ones medium (they still need a passphrase).
 */
export interface PemBody {
  headers: Record<string, string>;
  base64: string;
  /** The `=XXXX` armor checksum line of PGP blocks, without the `=`. */
  armorChecksum?: string;
}

/** Splits a block's inner text (between BEGIN and END lines) into headers and base64. */
export function parsePemBody(inner: string): PemBody {
  const text = inner.replace(/\\r/g, "").replace(/\\n/g, "\n");
  const headers: Record<string, string> = {};
  let base64 = "";
  let armorChecksum: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    // Strip string-literal syntax around a line of a key pasted into code ("...\n" +).
    const line = raw
      .trim()
      .replace(/^["'`]/, "")
      .replace(/["'`]\s*[+,;]?\s*$/, "")
      .trim();
    if (/^[+,;]*$/.test(line)) continue;
    const header = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (header) {
      headers[header[1].toLowerCase()] = header[2];
      continue;
    }
    if (/^=[A-Za-z0-9+/]{4}$/.test(line)) {
      armorChecksum = line.slice(1);
      continue;
    }
    base64 += line;
  }
  return { headers, base64, armorChecksum };
}

function derSequenceCovers(der: Buffer): boolean {
  if (der.length < 8 || der[0] !== 0x30) return false;
  let len = der[1];
  let offset = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3) return false;
    len = 0;
    for (let i = 0; i < n; i++) len = (len << 8) | der[2 + i];
    offset += n;
  }
  return offset + len === der.length;
}

export function checkDerKey(inner: string, encryptedLabel: boolean): Confidence | null {
  const body = parsePemBody(inner);
  const der = decodeBase64(body.base64);
  if (!der || der.length < 40) return null;
  const legacyEncrypted = (body.headers["proc-type"] ?? "").includes("ENCRYPTED");
  if (legacyEncrypted) return "medium";
  if (!derSequenceCovers(der)) return null;
  return encryptedLabel ? "medium" : "high";
}

const OPENSSH_MAGIC = "openssh-key-v1\0";

export function checkOpenSshKey(inner: string): Confidence | null {
  const bytes = decodeBase64(parsePemBody(inner).base64);
  if (!bytes || bytes.length < 64 || bytes.toString("latin1", 0, OPENSSH_MAGIC.length) !== OPENSSH_MAGIC) {
    return null;
  }
  const at = OPENSSH_MAGIC.length;
  const nameLength = bytes.readUInt32BE(at);
  if (nameLength > 64) return null;
  const cipher = bytes.toString("latin1", at + 4, at + 4 + nameLength);
  return cipher === "none" ? "high" : "medium";
}

/** CRC-24 of OpenPGP ASCII armor (RFC 4880 6.1). */
export function crc24(bytes: Uint8Array): number {
  let crc = 0xb704ce;
  for (const b of bytes) {
    crc ^= b << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

export function checkPgpKey(inner: string): Confidence | null {
  const body = parsePemBody(inner);
  const bytes = decodeBase64(body.base64);
  if (!bytes || bytes.length < 64) return null;
  const tagByte = bytes[0];
  if (!(tagByte & 0x80)) return null;
  const tag = tagByte & 0x40 ? tagByte & 0x3f : (tagByte >> 2) & 0x0f;
  if (tag !== 5) return null;
  if (body.armorChecksum === undefined) return "medium";
  const expected = Buffer.from(body.armorChecksum, "base64");
  const sum = crc24(bytes);
  const ok =
    expected.length === 3 &&
    expected[0] === sum >> 16 &&
    expected[1] === ((sum >> 8) & 0xff) &&
    expected[2] === (sum & 0xff);
  return ok ? "high" : null;
}
