/**
 * OIDC discovery: `<oidc_discovery_url>/.well-known/openid-configuration` names the provider's
 * issuer and its `jwks_uri`. The issuer in the document must be exactly the configured URL (as
 * OpenID Connect Discovery requires), so a document served elsewhere cannot claim another issuer.
 */
import { fetchJSONDocument, RemoteDocumentError } from "./jwks.js";

export interface DiscoveredProvider {
  issuer: string;
  jwksUri: string;
  /** For the browser login (OIDC authorization code flow); absent when the provider names none. */
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
}

const httpUrl = (v: unknown): v is string => typeof v === "string" && /^https?:\/\//.test(v);

export function wellKnownUrl(discoveryUrl: string): string {
  return `${discoveryUrl.replace(/\/+$/, "")}/.well-known/openid-configuration`;
}

export async function discoverProvider(discoveryUrl: string, caPem: string): Promise<DiscoveredProvider> {
  const doc = await fetchJSONDocument(wellKnownUrl(discoveryUrl), caPem);
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    throw new RemoteDocumentError("the discovery document is not a JSON object");
  }
  const {
    issuer,
    jwks_uri: jwksUri,
    authorization_endpoint: authorizationEndpoint,
    token_endpoint: tokenEndpoint,
  } = doc as Record<string, unknown>;
  if (typeof issuer !== "string" || issuer !== discoveryUrl) {
    throw new RemoteDocumentError("the issuer in the discovery document does not match oidc_discovery_url");
  }
  if (!httpUrl(jwksUri)) {
    throw new RemoteDocumentError("the discovery document has no http(s) jwks_uri");
  }
  return {
    issuer,
    jwksUri,
    ...(httpUrl(authorizationEndpoint) ? { authorizationEndpoint } : {}),
    ...(httpUrl(tokenEndpoint) ? { tokenEndpoint } : {}),
  };
}
