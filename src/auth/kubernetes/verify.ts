/**
 * Establishes which service account a login JWT belongs to, and that the role admits it.
 * With pem_keys: the signature is verified locally (asymmetric algorithms only), then exp/nbf
 * and the claims. Otherwise: the claims are read first (so a token the role would refuse costs
 * no API call), then the TokenReview API must confirm the token and report the same namespace,
 * name and uid (and the role's audience, when one is bound).
 */
import { decodeJwt } from "jose";
import { UpstreamError } from "../../errors.js";
import type { Clock } from "../../util/clock.js";
import {
  ASYMMETRIC_ALGS,
  MAX_JWT_LENGTH,
  parsePublicKeyPem,
  readAllowedHeader,
  verifyWithKeys,
} from "../common/jws-verify.js";
import { LoginRefusal } from "../common/login-refusal.js";
import { expectedIssuer, type KubernetesConfig } from "./config.js";
import { type LocalCredentialPaths, readLocalCredential } from "./local-credentials.js";
import type { KubernetesRole } from "./role.js";
import {
  audiencesOf,
  checkBindings,
  parseServiceAccountUsername,
  type ServiceAccount,
  serviceAccountFromClaims,
} from "./service-account.js";
import { ReviewerRejectedError, reviewToken } from "./token-review.js";

export interface VerifyDeps {
  clock: Clock;
  localPaths: LocalCredentialPaths;
  timeoutMs?: number;
}

/** Clock skew tolerated on exp/nbf in local verification, seconds. */
const SKEW = 60;

function checkClaims(
  config: KubernetesConfig,
  role: KubernetesRole,
  claims: Record<string, unknown>,
): ServiceAccount {
  const sa = serviceAccountFromClaims(claims);
  checkBindings(role, sa);
  if (role.audience !== "" && !audiencesOf(claims).includes(role.audience)) {
    throw new LoginRefusal("token audience does not include the role's audience");
  }
  const issuer = expectedIssuer(config);
  if (issuer !== undefined && claims.iss !== issuer)
    throw new LoginRefusal("iss claim does not match the issuer");
  return sa;
}

async function verifyLocally(deps: VerifyDeps, config: KubernetesConfig, role: KubernetesRole, jwt: string) {
  const header = readAllowedHeader(jwt, ASYMMETRIC_ALGS);
  const keys = config.pemKeys.map((pem) => parsePublicKeyPem(pem, "pem_keys"));
  const claims = await verifyWithKeys(jwt, header, keys);
  const now = Math.floor(deps.clock.now() / 1000);
  const { exp, nbf } = claims;
  if (exp !== undefined && (typeof exp !== "number" || now - SKEW > exp))
    throw new LoginRefusal("token has expired");
  if (nbf !== undefined && (typeof nbf !== "number" || now + SKEW < nbf))
    throw new LoginRefusal("token is not valid yet");
  return checkClaims(config, role, claims);
}

async function verifyByReview(deps: VerifyDeps, config: KubernetesConfig, role: KubernetesRole, jwt: string) {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(jwt) as Record<string, unknown>;
  } catch {
    throw new LoginRefusal("token is not a JWT");
  }
  const sa = checkClaims(config, role, claims);
  const useLocal = !config.disableLocalCaJwt;
  let bearer = config.tokenReviewerJwt;
  if (bearer === "" && useLocal) bearer = await readLocalCredential(deps.localPaths.tokenPath);
  const callerIsBearer = bearer === "";
  let caPem = config.kubernetesCaCert;
  if (caPem === "" && useLocal) caPem = await readLocalCredential(deps.localPaths.caPath);
  const audiences = role.audience !== "" ? [role.audience] : [];
  let status: Awaited<ReturnType<typeof reviewToken>>;
  try {
    status = await reviewToken({
      host: config.kubernetesHost,
      caPem,
      bearer: callerIsBearer ? jwt : bearer,
      jwt,
      audiences,
      timeoutMs: deps.timeoutMs,
    });
  } catch (err) {
    if (!(err instanceof ReviewerRejectedError)) throw err;
    if (callerIsBearer)
      throw new LoginRefusal("the Kubernetes API refused the token itself as a bearer token");
    throw new UpstreamError(err.message);
  }
  if (!status.authenticated) throw new LoginRefusal("TokenReview: the token is not authenticated");
  const reviewed = parseServiceAccountUsername(status.username);
  if (reviewed?.namespace !== sa.namespace || reviewed.name !== sa.name) {
    throw new LoginRefusal("TokenReview: the service account names did not match");
  }
  if (status.uid !== sa.uid) throw new LoginRefusal("TokenReview: the service account UIDs did not match");
  if (role.audience !== "" && !status.audiences.includes(role.audience)) {
    throw new LoginRefusal("TokenReview: the token audiences do not include the role's audience");
  }
  return sa;
}

export async function verifyServiceAccount(
  deps: VerifyDeps,
  config: KubernetesConfig,
  role: KubernetesRole,
  jwt: string,
): Promise<ServiceAccount> {
  if (jwt.length > MAX_JWT_LENGTH) throw new LoginRefusal("token too long");
  return config.pemKeys.length > 0
    ? verifyLocally(deps, config, role, jwt)
    : verifyByReview(deps, config, role, jwt);
}
