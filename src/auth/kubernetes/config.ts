/**
 * The Kubernetes method's mount configuration (`config`): the API server and its CA, the token
 * reviewer JWT (write-only), optional PEM keys for local verification, and issuer checking. A
 * write replaces the whole configuration, as in Vault.
 */
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { parsePublicKeyPem } from "../common/jws-verify.js";
import { checkCaPem, checkOutboundUrl } from "../common/outbound-http.js";
import { JsonConfigStore } from "../common/record-store.js";

export interface KubernetesConfig {
  kubernetesHost: string;
  kubernetesCaCert: string;
  /** Secret: never returned by a read. */
  tokenReviewerJwt: string;
  /** When set, service account JWTs are verified locally with these keys (no TokenReview). */
  pemKeys: string[];
  issuer: string;
  disableIssValidation: boolean;
  disableLocalCaJwt: boolean;
}

/** The issuer of legacy (secret-based) service account tokens. */
export const DEFAULT_ISSUER = "kubernetes/serviceaccount";

export const configFields = {
  kubernetes_host: field.str().default(""),
  kubernetes_ca_cert: field.str().default(""),
  token_reviewer_jwt: field.str().default(""),
  pem_keys: field.strings().default([]),
  issuer: field.str().default(""),
  disable_iss_validation: field.bool().default(true),
  disable_local_ca_jwt: field.bool().default(false),
};

export interface ConfigFieldValues {
  kubernetes_host: string;
  kubernetes_ca_cert: string;
  token_reviewer_jwt: string;
  pem_keys: string[];
  issuer: string;
  disable_iss_validation: boolean;
  disable_local_ca_jwt: boolean;
}

export function parseConfigWrite(f: ConfigFieldValues): KubernetesConfig {
  if (f.kubernetes_host === "") throw new InvalidRequestError("no host provided");
  checkOutboundUrl(f.kubernetes_host, "kubernetes_host");
  checkCaPem(f.kubernetes_ca_cert, "kubernetes_ca_cert");
  const pemKeys = f.pem_keys.map((k) => k.trim()).filter((k) => k !== "");
  for (const pem of pemKeys) parsePublicKeyPem(pem, "pem_keys");
  const reviewer = f.token_reviewer_jwt.trim();
  if (reviewer !== "" && !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(reviewer)) {
    throw new InvalidRequestError('invalid value for "token_reviewer_jwt": expected a JWT');
  }
  return {
    kubernetesHost: f.kubernetes_host.replace(/\/+$/, ""),
    kubernetesCaCert: f.kubernetes_ca_cert,
    tokenReviewerJwt: reviewer,
    pemKeys,
    issuer: f.issuer.trim(),
    disableIssValidation: f.disable_iss_validation,
    disableLocalCaJwt: f.disable_local_ca_jwt,
  };
}

export function configView(c: KubernetesConfig): Record<string, unknown> {
  return {
    kubernetes_host: c.kubernetesHost,
    kubernetes_ca_cert: c.kubernetesCaCert,
    pem_keys: c.pemKeys,
    issuer: c.issuer,
    disable_iss_validation: c.disableIssValidation,
    disable_local_ca_jwt: c.disableLocalCaJwt,
    token_reviewer_jwt_set: c.tokenReviewerJwt !== "",
  };
}

/**
 * The issuer tokens must carry, or undefined when `iss` is not checked: checked when an issuer
 * is configured, or (with the default one) when disable_iss_validation is false.
 */
export function expectedIssuer(c: KubernetesConfig): string | undefined {
  if (c.issuer !== "") return c.issuer;
  return c.disableIssValidation ? undefined : DEFAULT_ISSUER;
}

export class KubernetesConfigStore extends JsonConfigStore<KubernetesConfig> {}
