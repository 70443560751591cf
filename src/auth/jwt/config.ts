/**
 * The JWT method's mount configuration (`config`): where signing keys come from (exactly one of
 * OIDC discovery, a JWKS URL or static PEM keys), the expected issuer, the algorithm allow-list
 * and the default role. A write replaces the whole configuration, as in Vault.
 */
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { parsePublicKeyPem, parseSupportedAlgs } from "../common/jws-verify.js";
import { checkCaPem, checkOutboundUrl } from "../common/outbound-http.js";
import { JsonConfigStore } from "../common/record-store.js";

export interface JwtConfig {
  oidcDiscoveryUrl: string;
  oidcDiscoveryCaPem: string;
  oidcClientId: string;
  /** For the browser login's code exchange; write-only (never read back). "" when unset. */
  oidcClientSecret?: string;
  jwksUrl: string;
  jwksCaPem: string;
  jwtValidationPubkeys: string[];
  boundIssuer: string;
  /** Empty means every algorithm of ASYMMETRIC_ALGS. */
  jwtSupportedAlgs: string[];
  defaultRole: string;
}

export type KeySourceKind = "discovery" | "jwks" | "static";

export function keySourceKind(c: JwtConfig): KeySourceKind {
  if (c.oidcDiscoveryUrl !== "") return "discovery";
  if (c.jwksUrl !== "") return "jwks";
  return "static";
}

export const configFields = {
  oidc_discovery_url: field.str().default(""),
  oidc_discovery_ca_pem: field.str().default(""),
  oidc_client_id: field.str().default(""),
  oidc_client_secret: field.str().default(""),
  jwks_url: field.str().default(""),
  jwks_ca_pem: field.str().default(""),
  jwt_validation_pubkeys: field.strings().default([]),
  bound_issuer: field.str().default(""),
  jwt_supported_algs: field.strings().default([]),
  default_role: field.str().default(""),
};

export interface ConfigFieldValues {
  oidc_discovery_url: string;
  oidc_discovery_ca_pem: string;
  oidc_client_id: string;
  oidc_client_secret: string;
  jwks_url: string;
  jwks_ca_pem: string;
  jwt_validation_pubkeys: string[];
  bound_issuer: string;
  jwt_supported_algs: string[];
  default_role: string;
}

/** A validated configuration from a write (400 on anything invalid; nothing is fetched here). */
export function parseConfigWrite(f: ConfigFieldValues): JwtConfig {
  const pubkeys = f.jwt_validation_pubkeys.map((k) => k.trim()).filter((k) => k !== "");
  const sources = [f.oidc_discovery_url !== "", f.jwks_url !== "", pubkeys.length > 0].filter(Boolean).length;
  if (sources !== 1) {
    throw new InvalidRequestError(
      "exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' must be set",
    );
  }
  if (f.oidc_discovery_ca_pem !== "" && f.oidc_discovery_url === "") {
    throw new InvalidRequestError("'oidc_discovery_ca_pem' is only used with 'oidc_discovery_url'");
  }
  if (f.jwks_ca_pem !== "" && f.jwks_url === "") {
    throw new InvalidRequestError("'jwks_ca_pem' is only used with 'jwks_url'");
  }
  if (f.oidc_discovery_url !== "") checkOutboundUrl(f.oidc_discovery_url, "oidc_discovery_url");
  if (f.oidc_client_secret !== "" && f.oidc_client_id === "")
    throw new InvalidRequestError("'oidc_client_secret' needs 'oidc_client_id'");
  if (f.jwks_url !== "") checkOutboundUrl(f.jwks_url, "jwks_url");
  checkCaPem(f.oidc_discovery_ca_pem, "oidc_discovery_ca_pem");
  checkCaPem(f.jwks_ca_pem, "jwks_ca_pem");
  for (const pem of pubkeys) parsePublicKeyPem(pem, "jwt_validation_pubkeys");
  return {
    oidcDiscoveryUrl: f.oidc_discovery_url,
    oidcDiscoveryCaPem: f.oidc_discovery_ca_pem,
    oidcClientId: f.oidc_client_id,
    oidcClientSecret: f.oidc_client_secret,
    jwksUrl: f.jwks_url,
    jwksCaPem: f.jwks_ca_pem,
    jwtValidationPubkeys: pubkeys,
    boundIssuer: f.bound_issuer,
    jwtSupportedAlgs: parseSupportedAlgs(f.jwt_supported_algs, "jwt_supported_algs"),
    defaultRole: f.default_role.trim().toLowerCase(),
  };
}

export function configView(c: JwtConfig): Record<string, unknown> {
  return {
    oidc_discovery_url: c.oidcDiscoveryUrl,
    oidc_discovery_ca_pem: c.oidcDiscoveryCaPem,
    oidc_client_id: c.oidcClientId,
    jwks_url: c.jwksUrl,
    jwks_ca_pem: c.jwksCaPem,
    jwt_validation_pubkeys: c.jwtValidationPubkeys,
    bound_issuer: c.boundIssuer,
    jwt_supported_algs: c.jwtSupportedAlgs,
    default_role: c.defaultRole,
  };
}

export class JwtConfigStore extends JsonConfigStore<JwtConfig> {}
