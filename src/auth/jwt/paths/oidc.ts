/**
 * The OIDC browser login (authorization code flow with PKCE), as Vault's `oidc/auth_url` and
 * `oidc/callback`: auth_url checks the role and its allowed redirect URI and answers the
 * provider's authorization URL (state, nonce, S256 code challenge); the callback takes the state
 * once, exchanges the code at the provider's token endpoint with the client credentials, verifies
 * the ID token (signature, issuer, audience, nonce, times) and applies the role's claim rules.
 * Every refusal of a callback gets one generic 400; the log records why.
 */
import { timingSafeEqual } from "node:crypto";
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LogicalRequest, LogicalResponse } from "../../../logical/types.js";
import { addressInCIDRs } from "../../common/cidr.js";
import { guardLogin } from "../../common/login-guard.js";
import { LoginRefusal } from "../../common/login-refusal.js";
import { OutboundHttpError, requestJSON } from "../../common/outbound-http.js";
import type { JwtConfig } from "../config.js";
import type { DiscoveredProvider } from "../discovery.js";
import { loginFromClaims } from "../login-auth.js";
import { type OidcStateStore, pkceChallenge } from "../oidc-state.js";
import type { JwtLoginDeps } from "./login.js";
import { roleKey } from "./roles.js";

export const OIDC_LOGIN_REFUSED =
  "OIDC login failed: the provider's answer was invalid or not allowed for this role";
const NOT_CONFIGURED =
  "the OIDC login is not configured: oidc_discovery_url, oidc_client_id and oidc_client_secret are needed";
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Exact match, or (RFC 8252) the same loopback http URI on another port: CLIs pick a free port. */
export function redirectAllowed(uri: string, allowed: readonly string[]): boolean {
  if (allowed.includes(uri)) return true;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  if (u.protocol !== "http:" || !LOOPBACK.has(u.hostname)) return false;
  return allowed.some((a) => {
    try {
      const v = new URL(a);
      return (
        v.protocol === "http:" &&
        v.hostname === u.hostname &&
        v.pathname === u.pathname &&
        v.search === u.search
      );
    } catch {
      return false;
    }
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function oidcPaths(deps: JwtLoginDeps & { states: OidcStateStore }): PathDef[] {
  const guard = () => ({ limiter: deps.limiter, rateLimit: deps.rateLimit, logger: deps.ctx.logger });

  async function oidcSetup(): Promise<{ config: JwtConfig; provider: DiscoveredProvider }> {
    const config = await deps.configs.get();
    if (!config || config.oidcDiscoveryUrl === "" || config.oidcClientId === "" || !config.oidcClientSecret)
      throw new InvalidRequestError(NOT_CONFIGURED);
    const provider = await deps.keys.provider(config);
    if (!provider.authorizationEndpoint || !provider.tokenEndpoint)
      throw new InvalidRequestError(
        "the OIDC provider's discovery document names no authorization or token endpoint",
      );
    return { config, provider };
  }

  async function authUrl(
    req: LogicalRequest,
    f: { role: string; redirect_uri: string; client_nonce: string },
  ) {
    const { config, provider } = await oidcSetup();
    const roleName = roleKey(f.role.trim() || config.defaultRole);
    if (roleName === "") throw new InvalidRequestError("missing role");
    if (f.redirect_uri === "") throw new InvalidRequestError("missing redirect_uri");
    const role = await deps.roles.get(roleName);
    if (!role) throw new InvalidRequestError(`role "${roleName.slice(0, 128)}" could not be found`);
    if (role.roleType !== "oidc") throw new InvalidRequestError("role is not of type oidc");
    if (!redirectAllowed(f.redirect_uri, role.allowedRedirectUris))
      throw new InvalidRequestError("unauthorized redirect_uri");
    if (!addressInCIDRs(role.token.boundCIDRs, req.connection.remoteAddress))
      throw new InvalidRequestError("client address outside the role's token_bound_cidrs");
    const { state, pending } = deps.states.begin({
      roleName,
      redirectUri: f.redirect_uri,
      clientNonce: f.client_nonce,
    });
    const scopes = ["openid", ...role.oidcScopes.filter((s) => s !== "openid")];
    const url = new URL(provider.authorizationEndpoint as string);
    url.searchParams.set("response_type", "code");
    url.searchParams.set("client_id", config.oidcClientId);
    url.searchParams.set("redirect_uri", f.redirect_uri);
    url.searchParams.set("scope", scopes.join(" "));
    url.searchParams.set("state", state);
    url.searchParams.set("nonce", pending.nonce);
    url.searchParams.set("code_challenge", pkceChallenge(pending.codeVerifier));
    url.searchParams.set("code_challenge_method", "S256");
    return { data: { auth_url: url.toString() } };
  }

  async function callback(
    req: LogicalRequest,
    f: { state: string; code: string; client_nonce: string; error: string },
  ): Promise<LogicalResponse> {
    const pending = f.state === "" ? undefined : deps.states.take(f.state);
    if (!pending) throw new InvalidRequestError("Expired or missing OAuth state.");
    if (f.error !== "") throw new LoginRefusal(`the provider answered an error: ${f.error.slice(0, 64)}`);
    if (pending.clientNonce !== "" && !sameText(pending.clientNonce, f.client_nonce))
      throw new LoginRefusal("client_nonce does not match the one given to auth_url");
    if (f.code === "") throw new LoginRefusal("no authorization code");
    const { config, provider } = await oidcSetup();
    const role = await deps.roles.get(pending.roleName);
    if (role?.roleType !== "oidc") throw new LoginRefusal("role not found or no longer of type oidc");
    if (!addressInCIDRs(role.token.boundCIDRs, req.connection.remoteAddress))
      throw new LoginRefusal("client address outside the role's token_bound_cidrs");
    const idToken = await exchangeCode(config, provider, f.code, pending.redirectUri, pending.codeVerifier);
    const { claims, discoveredIssuer } = await deps.keys.verify(idToken, config);
    const nonce = typeof claims.nonce === "string" ? claims.nonce : "";
    if (!sameText(nonce, pending.nonce)) throw new LoginRefusal("the ID token's nonce does not match");
    return loginFromClaims(role, pending.roleName, {
      claims,
      nowSec: Math.floor(deps.ctx.clock.now() / 1000),
      boundIssuer: config.boundIssuer,
      discoveredIssuer,
      audiences: role.boundAudiences.length > 0 ? role.boundAudiences : [config.oidcClientId],
    });
  }

  return [
    definePath({
      pattern: "oidc/auth_url",
      fields: {
        role: field.str().default(""),
        redirect_uri: field.str().default(""),
        client_nonce: field.str().default(""),
      },
      operations: {
        update: async (req, f) => {
          deps.limiter.take(req.connection.remoteAddress, await deps.rateLimit.get());
          return authUrl(req, f);
        },
      },
      help: "Start an OIDC browser login: the provider's authorization URL for a role and redirect_uri.",
    }),
    definePath({
      pattern: "oidc/callback",
      fields: {
        state: field.str().default(""),
        code: field.str().default(""),
        id_token: field.str().default(""),
        client_nonce: field.str().default(""),
        error: field.str().default(""),
      },
      operations: {
        read: (req, f) => finish(req, f),
        update: (req, f) => finish(req, f),
      },
      help: "Complete an OIDC browser login with the state and code the provider redirected with.",
    }),
  ];

  function finish(
    req: LogicalRequest,
    f: { state: string; code: string; client_nonce: string; error: string },
  ) {
    return guardLogin(
      guard(),
      req,
      { method: "oidc", role: "", answer: () => new InvalidRequestError(OIDC_LOGIN_REFUSED) },
      () => callback(req, f),
    );
  }
}

/** The authorization code for the ID token, at the provider's token endpoint (client_secret_basic). */
async function exchangeCode(
  config: JwtConfig,
  provider: DiscoveredProvider,
  code: string,
  redirectUri: string,
  codeVerifier: string,
): Promise<string> {
  const basic = Buffer.from(
    `${encodeURIComponent(config.oidcClientId)}:${encodeURIComponent(config.oidcClientSecret ?? "")}`,
  ).toString("base64");
  let res: Awaited<ReturnType<typeof requestJSON>>;
  try {
    res = await requestJSON({
      method: "POST",
      url: provider.tokenEndpoint as string,
      headers: { authorization: `Basic ${basic}` },
      form: {
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      },
      caPem: config.oidcDiscoveryCaPem || undefined,
    });
  } catch (err) {
    throw new LoginRefusal(
      `the token endpoint could not be reached: ${err instanceof OutboundHttpError ? err.reason : "request failed"}`,
    );
  }
  if (res.status !== 200) throw new LoginRefusal(`the token endpoint refused the code (HTTP ${res.status})`);
  const idToken = (res.json as { id_token?: unknown } | undefined)?.id_token;
  if (typeof idToken !== "string" || idToken === "")
    throw new LoginRefusal("the token endpoint answered no id_token");
  return idToken;
}
