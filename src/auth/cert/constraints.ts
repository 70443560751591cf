/**
 * A role's name constraints on the client's leaf certificate, as Vault checks them: each list that
 * is set needs at least one of its glob patterns (`*` matches any run of characters, case
 * sensitive) to match at least one of the certificate's values; an empty list allows everything.
 * required_extensions entries are "oid:glob" and all must match.
 */
import type { ParsedCertificate } from "./certificate.js";
import { decodeString, readTlv } from "./der.js";

export interface NameConstraints {
  allowedNames: string[];
  allowedCommonNames: string[];
  allowedDnsSans: string[];
  allowedEmailSans: string[];
  allowedUriSans: string[];
  allowedOrganizationalUnits: string[];
  requiredExtensions: string[];
}

/** go-glob semantics: `*` is the only wildcard. */
export function globMatch(pattern: string, subject: string): boolean {
  if (pattern === "*") return true;
  const parts = pattern.split("*");
  if (parts.length === 1) return subject === pattern;
  const last = parts.length - 1;
  let rest = subject;
  for (let i = 0; i < last; i++) {
    const at = rest.indexOf(parts[i]);
    if (i === 0 ? at !== 0 : at < 0) return false;
    rest = rest.slice(at + parts[i].length);
  }
  return rest.endsWith(parts[last]);
}

function anyMatch(patterns: readonly string[], values: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((p) => values.some((v) => globMatch(p, v)));
}

/** An extension's value read as one ASN.1 string ("" when it is not a string), as Vault reads it. */
export function extensionText(value: Uint8Array): string {
  try {
    const tlv = readTlv(value, 0);
    return tlv.end === value.length ? (decodeString(tlv) ?? "") : "";
  } catch {
    return "";
  }
}

/** The first constraint the leaf fails, or undefined when it meets them all. */
export function unmetConstraint(leaf: ParsedCertificate, c: NameConstraints): string | undefined {
  const cn = [leaf.commonName];
  if (!anyMatch(c.allowedNames, [...cn, ...leaf.dnsNames, ...leaf.emailAddresses])) return "allowed_names";
  if (!anyMatch(c.allowedCommonNames, cn)) return "allowed_common_names";
  if (!anyMatch(c.allowedDnsSans, leaf.dnsNames)) return "allowed_dns_sans";
  if (!anyMatch(c.allowedEmailSans, leaf.emailAddresses)) return "allowed_email_sans";
  if (!anyMatch(c.allowedUriSans, leaf.uris)) return "allowed_uri_sans";
  if (!anyMatch(c.allowedOrganizationalUnits, leaf.organizationalUnits))
    return "allowed_organizational_units";
  for (const required of c.requiredExtensions) {
    const at = required.indexOf(":");
    const ext = leaf.extensions.get(required.slice(0, at));
    if (!ext || !globMatch(required.slice(at + 1), extensionText(ext.value))) return "required_extensions";
  }
  return undefined;
}

/** Metadata from allowed_metadata_extensions: key = OID with dashes, value = the extension's text. */
export function extensionMetadata(leaf: ParsedCertificate, oids: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const oid of oids) {
    const ext = leaf.extensions.get(oid);
    if (ext) out[oid.replaceAll(".", "-")] = extensionText(ext.value);
  }
  return out;
}
