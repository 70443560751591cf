/** certs/: create, read, update, delete and list certificate roles (Vault's "CA certificate roles"). */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { listPath } from "../../../logical/list-path.js";
import type { BackendContext } from "../../../logical/types.js";
import { ROLE_NAME } from "../../common/record-paths.js";
import {
  applyTokenFields,
  DEFAULT_TOKEN_SETTINGS,
  tokenFields,
  tokenFieldsView,
} from "../../common/token-fields.js";
import { CertificateParseError, OID, parsePemCertificates } from "../certificate.js";
import type { CertRole, CertRoleStore } from "../role-store.js";

/** Largest accepted `certificate` value (PEM text). */
const MAX_CERTIFICATE_BYTES = 256 * 1024;
const DOTTED_OID = /^[0-2](\.(0|[1-9]\d{0,9})){1,30}$/;

const roleFields = {
  name: field.str(),
  certificate: field.str().optional(),
  allowed_names: field.strings().optional(),
  allowed_common_names: field.strings().optional(),
  allowed_dns_sans: field.strings().optional(),
  allowed_email_sans: field.strings().optional(),
  allowed_uri_sans: field.strings().optional(),
  allowed_organizational_units: field.strings().optional(),
  required_extensions: field.strings().optional(),
  allowed_metadata_extensions: field.strings().optional(),
  display_name: field.str().optional(),
  ...tokenFields,
};

/** Checks the PEM: at least one certificate, all well-formed, pinned leaves usable for client auth. */
function checkCertificate(pem: string): void {
  if (Buffer.byteLength(pem) > MAX_CERTIFICATE_BYTES)
    throw new InvalidRequestError('"certificate" is too large');
  let certs: ReturnType<typeof parsePemCertificates>;
  try {
    certs = parsePemCertificates(pem);
  } catch (err) {
    if (err instanceof CertificateParseError)
      throw new InvalidRequestError(`failed to parse certificate: ${err.message}`);
    throw err;
  }
  if (certs.length === 0)
    throw new InvalidRequestError("failed to parse certificate: no PEM CERTIFICATE block");
  for (const cert of certs) {
    const eku = cert.extKeyUsage;
    if (
      !cert.isCA &&
      eku !== undefined &&
      !eku.includes(OID.clientAuth) &&
      !eku.includes(OID.anyExtKeyUsage)
    ) {
      throw new InvalidRequestError(
        "nonCA certificates should have TLS client authentication set as an extended key usage",
      );
    }
  }
}

function checkOids(values: readonly string[], name: string, withValue: boolean): string[] {
  for (const v of values) {
    const oid = withValue ? v.slice(0, Math.max(0, v.indexOf(":"))) : v;
    if (!DOTTED_OID.test(oid)) {
      throw new InvalidRequestError(
        withValue
          ? `invalid "${name}" entry: expected "oid:value"`
          : `invalid "${name}" entry: expected a dotted OID`,
      );
    }
  }
  return [...values];
}

function roleView(role: CertRole): Record<string, unknown> {
  return {
    certificate: role.certificate,
    display_name: role.displayName,
    allowed_names: role.allowedNames,
    allowed_common_names: role.allowedCommonNames,
    allowed_dns_sans: role.allowedDnsSans,
    allowed_email_sans: role.allowedEmailSans,
    allowed_uri_sans: role.allowedUriSans,
    allowed_organizational_units: role.allowedOrganizationalUnits,
    required_extensions: role.requiredExtensions,
    allowed_metadata_extensions: role.allowedMetadataExtensions,
    ...tokenFieldsView(role.token),
  };
}

export function certPaths(ctx: Pick<BackendContext, "ttls">, roles: CertRoleStore): PathDef[] {
  return [
    listPath("certs/?", () => roles.list(), "List the certificate roles."),

    definePath({
      pattern: `certs/${ROLE_NAME}`,
      fields: roleFields,
      existenceCheck: async (_req, f) => (await roles.get(f.name.toLowerCase())) !== null,
      operations: {
        read: async (_req, f) => {
          const role = await roles.get(f.name.toLowerCase());
          return role ? { data: roleView(role) } : null;
        },
        delete: async (_req, f) => {
          await roles.delete(f.name.toLowerCase());
          return null;
        },
        update: async (_req, f) => {
          const name = f.name.toLowerCase();
          const existing = await roles.get(name);
          const certificate = f.certificate ?? existing?.certificate;
          if (certificate === undefined) throw new InvalidRequestError('missing "certificate"');
          if (f.certificate !== undefined) checkCertificate(certificate);
          const role: CertRole = {
            certificate,
            displayName: f.display_name || existing?.displayName || name,
            allowedNames: f.allowed_names ?? existing?.allowedNames ?? [],
            allowedCommonNames: f.allowed_common_names ?? existing?.allowedCommonNames ?? [],
            allowedDnsSans: f.allowed_dns_sans ?? existing?.allowedDnsSans ?? [],
            allowedEmailSans: f.allowed_email_sans ?? existing?.allowedEmailSans ?? [],
            allowedUriSans: f.allowed_uri_sans ?? existing?.allowedUriSans ?? [],
            allowedOrganizationalUnits:
              f.allowed_organizational_units ?? existing?.allowedOrganizationalUnits ?? [],
            requiredExtensions: checkOids(
              f.required_extensions ?? existing?.requiredExtensions ?? [],
              "required_extensions",
              true,
            ),
            allowedMetadataExtensions: checkOids(
              f.allowed_metadata_extensions ?? existing?.allowedMetadataExtensions ?? [],
              "allowed_metadata_extensions",
              false,
            ),
            token: applyTokenFields(existing?.token ?? DEFAULT_TOKEN_SETTINGS, f),
          };
          await roles.put(name, role);
          return ttlWarnings(role, ctx.ttls());
        },
      },
      help: "Manage a certificate role: trusted CA certificates (or pinned client certificates), name constraints and token settings.",
    }),
  ];
}

/** Vault's warnings when a role's TTLs exceed the mount's. */
function ttlWarnings(role: CertRole, ttls: { defaultLeaseTTL: number; maxLeaseTTL: number }) {
  const warnings: string[] = [];
  if (role.token.ttl > ttls.defaultLeaseTTL) {
    warnings.push(
      `Given ttl of ${role.token.ttl} seconds is greater than current mount/system default of ${ttls.defaultLeaseTTL} seconds`,
    );
  }
  if (role.token.maxTTL > ttls.maxLeaseTTL) {
    warnings.push(
      `Given max_ttl of ${role.token.maxTTL} seconds is greater than current mount/system default of ${ttls.maxLeaseTTL} seconds`,
    );
  }
  return warnings.length > 0 ? { warnings } : null;
}
