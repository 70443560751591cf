/**
 * An X.509 certificate as the cert auth method sees it: node:crypto's X509Certificate (signature
 * checks, issuer matching) plus the fields it does not expose, read from the DER: validity
 * instants, subject attributes, SANs and the extensions that matter for chain validation.
 */
import { X509Certificate } from "node:crypto";
import {
  childrenOf,
  DerError,
  decodeInteger,
  decodeOid,
  decodeString,
  decodeTime,
  expectTag,
  readSingle,
  readTlv,
  TAG,
  type Tlv,
} from "./der.js";

export const OID = {
  commonName: "2.5.4.3",
  organizationalUnit: "2.5.4.11",
  subjectKeyId: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyId: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  anyExtKeyUsage: "2.5.29.37.0",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

export interface Extension {
  critical: boolean;
  /** The DER inside the extension's OCTET STRING. */
  value: Uint8Array;
}

export interface ParsedCertificate {
  x509: X509Certificate;
  der: Buffer;
  /** Decimal, as Vault's metadata shows it. */
  serialNumber: string;
  signatureAlgorithm: string;
  notBefore: number;
  notAfter: number;
  commonName: string;
  organizationalUnits: string[];
  dnsNames: string[];
  emailAddresses: string[];
  uris: string[];
  extensions: ReadonlyMap<string, Extension>;
  isCA: boolean;
  /** -1 when the CA sets no path length limit. */
  maxPathLen: number;
  /** undefined when the certificate has no keyUsage extension. */
  keyCertSign: boolean | undefined;
  /** undefined when the certificate has no extendedKeyUsage extension. */
  extKeyUsage: string[] | undefined;
  subjectKeyId: Uint8Array;
  authorityKeyId: Uint8Array;
}

export class CertificateParseError extends Error {}

/** Parses one DER certificate; throws CertificateParseError when it is not a well-formed one. */
export function parseCertificate(der: Uint8Array): ParsedCertificate {
  const bytes = Buffer.from(der);
  try {
    const x509 = new X509Certificate(bytes);
    return { x509, der: bytes, ...readFields(bytes) };
  } catch (err) {
    if (err instanceof CertificateParseError) throw err;
    throw new CertificateParseError(err instanceof DerError ? err.message : "not an X.509 certificate");
  }
}

/**
 * Every CERTIFICATE block of a PEM text, parsed, in order; other text around the blocks is
 * ignored. Throws CertificateParseError on a malformed or unterminated block, and on any private
 * key block (a private key must never be stored as a trusted certificate). Linear in the input.
 */
export function parsePemCertificates(text: string): ParsedCertificate[] {
  const out: ParsedCertificate[] = [];
  let label: string | null = null;
  let body = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const begin = /^-----BEGIN ([A-Z0-9 ]{1,64})-----$/.exec(line);
    if (label === null) {
      if (!begin) continue;
      if (begin[1].includes("PRIVATE KEY"))
        throw new CertificateParseError("a private key does not belong here");
      label = begin[1];
      body = "";
    } else if (line === `-----END ${label}-----`) {
      if (label === "CERTIFICATE") out.push(parseCertificate(decodeBase64(body)));
      label = null;
    } else if (begin) {
      throw new CertificateParseError("unterminated PEM block");
    } else body += line;
  }
  if (label !== null) throw new CertificateParseError("unterminated PEM block");
  return out;
}

function decodeBase64(body: string): Buffer {
  if (body === "" || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    throw new CertificateParseError("invalid base64 in a CERTIFICATE block");
  }
  return Buffer.from(body, "base64");
}

/** PEM of a parsed certificate. */
export function toPem(cert: ParsedCertificate): string {
  return cert.x509.toString();
}

function readFields(der: Buffer): Omit<ParsedCertificate, "x509" | "der"> {
  const cert = childrenOf(expectTag(readSingle(der), TAG.sequence, "certificate"));
  const tbs = childrenOf(expectTag(cert[0], TAG.sequence, "tbsCertificate"));
  const sigAlg = childrenOf(expectTag(cert[1], TAG.sequence, "signature algorithm"));
  let i = tbs[0]?.tag === 0xa0 ? 1 : 0;
  const serial = decodeInteger(expectTag(tbs[i++], TAG.integer, "serial number").content);
  i++; // inner signature algorithm
  i++; // issuer
  const validity = childrenOf(expectTag(tbs[i++], TAG.sequence, "validity"));
  if (validity.length !== 2) throw new DerError("invalid validity");
  const subject = nameAttributes(expectTag(tbs[i++], TAG.sequence, "subject"));
  i++; // subjectPublicKeyInfo
  const extensions = new Map<string, Extension>();
  for (const tlv of tbs.slice(i)) {
    if (tlv.tag !== 0xa3) continue;
    const list = expectTag(readSingle(tlv.content), TAG.sequence, "extensions");
    for (const ext of childrenOf(list)) {
      const parts = childrenOf(expectTag(ext, TAG.sequence, "extension"));
      const id = decodeOid(expectTag(parts[0], TAG.oid, "extension id").content);
      const critical = parts.length === 3 && parts[1].tag === TAG.boolean && parts[1].content[0] !== 0;
      const value = expectTag(parts[parts.length - 1], TAG.octetString, "extension value").content;
      if (extensions.has(id)) throw new DerError("duplicate extension");
      extensions.set(id, { critical, value });
    }
  }
  const basic = basicConstraints(extensions.get(OID.basicConstraints));
  const san = subjectAltNames(extensions.get(OID.subjectAltName));
  return {
    serialNumber: serial.toString(10),
    signatureAlgorithm: decodeOid(expectTag(sigAlg[0], TAG.oid, "signature algorithm").content),
    notBefore: decodeTime(validity[0]),
    notAfter: decodeTime(validity[1]),
    commonName: subject.filter((a) => a.type === OID.commonName).at(-1)?.value ?? "",
    organizationalUnits: subject.filter((a) => a.type === OID.organizationalUnit).map((a) => a.value),
    ...san,
    extensions,
    isCA: basic.isCA,
    maxPathLen: basic.maxPathLen,
    keyCertSign: keyCertSign(extensions.get(OID.keyUsage)),
    extKeyUsage: extKeyUsage(extensions.get(OID.extKeyUsage)),
    subjectKeyId: subjectKeyId(extensions.get(OID.subjectKeyId)),
    authorityKeyId: authorityKeyId(extensions.get(OID.authorityKeyId)),
  };
}

function nameAttributes(name: Tlv): Array<{ type: string; value: string }> {
  const out: Array<{ type: string; value: string }> = [];
  for (const rdn of childrenOf(name)) {
    for (const atv of childrenOf(expectTag(rdn, TAG.set, "relative distinguished name"))) {
      const [type, value] = childrenOf(expectTag(atv, TAG.sequence, "name attribute"));
      const text = value === undefined ? undefined : decodeString(value);
      if (text !== undefined)
        out.push({ type: decodeOid(expectTag(type, TAG.oid, "attribute type").content), value: text });
    }
  }
  return out;
}

function basicConstraints(ext: Extension | undefined): { isCA: boolean; maxPathLen: number } {
  if (!ext) return { isCA: false, maxPathLen: -1 };
  const parts = childrenOf(expectTag(readSingle(ext.value), TAG.sequence, "basicConstraints"));
  let isCA = false;
  let maxPathLen = -1;
  for (const p of parts) {
    if (p.tag === TAG.boolean) isCA = p.content[0] !== 0;
    else if (p.tag === TAG.integer) {
      const n = decodeInteger(p.content);
      if (n < 0n || n > 255n) throw new DerError("invalid path length constraint");
      maxPathLen = Number(n);
    }
  }
  return { isCA, maxPathLen };
}

function keyCertSign(ext: Extension | undefined): boolean | undefined {
  if (!ext) return undefined;
  const bits = expectTag(readSingle(ext.value), TAG.bitString, "keyUsage").content;
  // bits[0] is the unused-bit count; keyCertSign is bit 5 of the first byte (0x04).
  return bits.length >= 2 && (bits[1] & 0x04) !== 0;
}

function extKeyUsage(ext: Extension | undefined): string[] | undefined {
  if (!ext) return undefined;
  const list = expectTag(readSingle(ext.value), TAG.sequence, "extKeyUsage");
  return childrenOf(list).map((o) => decodeOid(expectTag(o, TAG.oid, "key purpose").content));
}

function subjectKeyId(ext: Extension | undefined): Uint8Array {
  return ext
    ? expectTag(readSingle(ext.value), TAG.octetString, "subjectKeyIdentifier").content
    : new Uint8Array();
}

function authorityKeyId(ext: Extension | undefined): Uint8Array {
  if (!ext) return new Uint8Array();
  const parts = childrenOf(expectTag(readSingle(ext.value), TAG.sequence, "authorityKeyIdentifier"));
  return parts.find((p) => p.tag === 0x80)?.content ?? new Uint8Array();
}

function subjectAltNames(
  ext: Extension | undefined,
): Pick<ParsedCertificate, "dnsNames" | "emailAddresses" | "uris"> {
  const out = { dnsNames: [] as string[], emailAddresses: [] as string[], uris: [] as string[] };
  if (!ext) return out;
  let offset = 0;
  const list = expectTag(readSingle(ext.value), TAG.sequence, "subjectAltName").content;
  while (offset < list.length) {
    const name = readTlv(list, offset);
    offset = name.end;
    const text = Buffer.from(name.content).toString("latin1");
    if (name.tag === 0x81) out.emailAddresses.push(text);
    else if (name.tag === 0x82) out.dnsNames.push(text);
    else if (name.tag === 0x86) out.uris.push(text);
  }
  return out;
}
