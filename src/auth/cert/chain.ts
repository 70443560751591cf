/**
 * Client certificate chain validation, done here rather than in the TLS layer (which requests a
 * certificate but accepts any, so that each role can trust its own CAs):
 * - the leaf must chain, through certificates the client presented, to a trust anchor (a CA
 *   certificate of the role); every link is checked with the issuer's name/key id (checkIssued)
 *   and its signature;
 * - every certificate in the path must be within its validity period at `now`, signed with an
 *   accepted algorithm, and carry no critical extension this code does not understand;
 * - every issuer must be a CA (basicConstraints CA:TRUE), may sign certificates (keyUsage
 *   keyCertSign when keyUsage is present) and respect its path length limit;
 * - extended key usage, where present, must allow TLS client authentication;
 * - a role's non-CA certificates are pinned: a leaf matching one byte for byte is accepted alone.
 */
import { OID, type ParsedCertificate } from "./certificate.js";

export type ChainResult =
  | { ok: true; chain: ParsedCertificate[] }
  /** `reason` is set when a candidate path existed but was invalid (else: unknown authority). */
  | { ok: false; reason?: string };

/** Signature algorithms accepted on certificates (SHA-1 and MD5 are refused, as Go does). */
const SIGNATURE_ALGORITHMS = new Set([
  "1.2.840.113549.1.1.11", // sha256WithRSAEncryption
  "1.2.840.113549.1.1.12", // sha384WithRSAEncryption
  "1.2.840.113549.1.1.13", // sha512WithRSAEncryption
  "1.2.840.113549.1.1.10", // RSASSA-PSS
  "1.2.840.10045.4.3.2", // ecdsa-with-SHA256
  "1.2.840.10045.4.3.3", // ecdsa-with-SHA384
  "1.2.840.10045.4.3.4", // ecdsa-with-SHA512
  "1.3.101.112", // Ed25519
]);

/** Extensions this validation understands; any other one marked critical makes a certificate unusable. */
const HANDLED_EXTENSIONS = new Set<string>([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.subjectKeyId,
  OID.authorityKeyId,
]);

const MAX_DEPTH = 8;
/** Bound on signature checks per validation, so crafted look-alike certificates cannot exhaust the CPU (Go uses 100). */
const MAX_SIGNATURE_CHECKS = 100;

export function sameCertificate(a: ParsedCertificate, b: ParsedCertificate): boolean {
  return a.der.equals(b.der);
}

/** Whether `issuer`'s key verifies `cert`'s signature (false for keys node:crypto cannot use). */
function signedBy(cert: ParsedCertificate, issuer: ParsedCertificate): boolean {
  try {
    return cert.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

/** Why a certificate cannot appear in any path at `now`, or undefined when it can. */
export function certificateProblem(cert: ParsedCertificate, now: number): string | undefined {
  if (now < cert.notBefore || now > cert.notAfter) {
    return `certificate "${cert.commonName}" has expired or is not yet valid`;
  }
  for (const [id, ext] of cert.extensions) {
    if (ext.critical && !HANDLED_EXTENSIONS.has(id)) {
      return `certificate "${cert.commonName}" has an unhandled critical extension ${id}`;
    }
  }
  const eku = cert.extKeyUsage;
  if (eku !== undefined && !eku.includes(OID.clientAuth) && !eku.includes(OID.anyExtKeyUsage)) {
    return `certificate "${cert.commonName}" is not allowed for TLS client authentication (extended key usage)`;
  }
  return undefined;
}

/** Why `issuer` may not sign a certificate `below` CAs above the leaf, or undefined. */
function issuerProblem(issuer: ParsedCertificate, below: number, now: number): string | undefined {
  const general = certificateProblem(issuer, now);
  if (general) return general;
  if (!issuer.isCA)
    return `certificate "${issuer.commonName}" is not a CA (basicConstraints) but signed another`;
  if (issuer.keyCertSign === false) {
    return `certificate "${issuer.commonName}" may not sign certificates (keyUsage lacks keyCertSign)`;
  }
  if (issuer.maxPathLen >= 0 && below > issuer.maxPathLen) {
    return `certificate "${issuer.commonName}" path length constraint exceeded`;
  }
  return undefined;
}

/**
 * Validates `leaf` (with the client's other presented certificates as possible intermediates)
 * against a role's trusted certificates: CA certificates are anchors, others are pinned leaves.
 */
export function validateChain(
  leaf: ParsedCertificate,
  presented: readonly ParsedCertificate[],
  trusted: readonly ParsedCertificate[],
  now: number,
): ChainResult {
  const leafProblem = certificateProblem(leaf, now);
  if (leafProblem) return { ok: false, reason: leafProblem };
  const anchors = trusted.filter((t) => t.isCA);
  const pinned = trusted.filter((t) => !t.isCA);
  if (pinned.some((p) => sameCertificate(p, leaf))) return { ok: true, chain: [leaf] };

  let reason: string | undefined;
  let checks = 0;
  const extend = (path: ParsedCertificate[]): ParsedCertificate[] | null => {
    const current = path[path.length - 1];
    if (checks > MAX_SIGNATURE_CHECKS) return null;
    if (anchors.some((a) => sameCertificate(a, current))) return path;
    if (path.length > MAX_DEPTH) {
      reason ??= "certificate chain is too long";
      return null;
    }
    if (!SIGNATURE_ALGORITHMS.has(current.signatureAlgorithm)) {
      reason ??= `certificate "${current.commonName}" is signed with an unsupported algorithm`;
      return null;
    }
    for (const candidate of [...anchors, ...presented]) {
      if (path.some((p) => sameCertificate(p, candidate))) continue;
      if (!current.x509.checkIssued(candidate.x509)) continue;
      if (++checks > MAX_SIGNATURE_CHECKS) {
        reason = "too many certificates to check";
        return null;
      }
      if (!signedBy(current, candidate)) {
        reason ??= `certificate "${current.commonName}" has an invalid signature`;
        continue;
      }
      const problem = issuerProblem(candidate, path.length - 1, now);
      if (problem) {
        reason ??= problem;
        continue;
      }
      const found = extend([...path, candidate]);
      if (found) return found;
    }
    return null;
  };
  const chain = extend([leaf]);
  return chain ? { ok: true, chain } : { ok: false, reason };
}
