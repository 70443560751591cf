/**
 * Verifies a JWT's signature against the mount's key source: static PEM keys, a JWKS URL, or the
 * JWKS named by OIDC discovery (which also fixes the issuer tokens must carry). Remote documents
 * are cached (see RemoteCache); a token naming a key id the cached set lacks triggers one
 * rate-limited refetch, which picks up the provider's key rotation.
 */
import { createHash, type KeyObject } from "node:crypto";
import { InvalidRequestError, UpstreamError } from "../../errors.js";
import type { Clock } from "../../util/clock.js";
import {
  ASYMMETRIC_ALGS,
  type JwsHeader,
  keyFitsAlg,
  parsePublicKeyPem,
  readAllowedHeader,
  verifyWithKeys,
} from "../common/jws-verify.js";
import { type JwtConfig, keySourceKind } from "./config.js";
import { type DiscoveredProvider, discoverProvider } from "./discovery.js";
import { fetchJwks, type JwksKey, RemoteDocumentError } from "./jwks.js";
import { RemoteCache } from "./remote-cache.js";

export interface VerifiedToken {
  claims: Record<string, unknown>;
  /** The issuer OIDC discovery fixed, which `iss` must equal (undefined for other sources). */
  discoveredIssuer?: string;
}

const MINUTE = 60_000;

function cacheKey(url: string, caPem: string): string {
  return `${url}\n${createHash("sha256").update(caPem).digest("hex")}`;
}

function candidates(keys: readonly JwksKey[], header: JwsHeader): KeyObject[] {
  return keys
    .filter((k) => header.kid === undefined || k.kid === header.kid)
    .filter((k) => k.alg === undefined || k.alg === header.alg)
    .filter((k) => keyFitsAlg(k.key, header.alg))
    .map((k) => k.key);
}

export class JwtKeySource {
  private readonly jwks: RemoteCache<JwksKey[]>;
  private readonly providers: RemoteCache<DiscoveredProvider>;
  private readonly staticKeys = new Map<string, KeyObject>();

  constructor(clock: Clock) {
    this.jwks = new RemoteCache(clock, {
      ttlMs: 10 * MINUTE,
      cooldownMs: MINUTE / 2,
      staleMs: 24 * 60 * MINUTE,
    });
    this.providers = new RemoteCache(clock, {
      ttlMs: 60 * MINUTE,
      cooldownMs: MINUTE / 2,
      staleMs: 24 * 60 * MINUTE,
    });
  }

  /** Fetches what a new configuration points at (400 naming the failure when it cannot be used). */
  async check(config: JwtConfig): Promise<void> {
    const kind = keySourceKind(config);
    try {
      if (kind === "discovery") {
        const provider = await discoverProvider(config.oidcDiscoveryUrl, config.oidcDiscoveryCaPem);
        await fetchJwks(provider.jwksUri, config.oidcDiscoveryCaPem);
      } else if (kind === "jwks") {
        await fetchJwks(config.jwksUrl, config.jwksCaPem);
      }
    } catch (err) {
      const reason = err instanceof RemoteDocumentError ? err.reason : "request failed";
      const what = kind === "discovery" ? "oidc_discovery_url" : "jwks_url";
      throw new InvalidRequestError(`error checking ${what}: ${reason}`);
    }
    this.clear();
  }

  async verify(token: string, config: JwtConfig): Promise<VerifiedToken> {
    const algs = config.jwtSupportedAlgs.length > 0 ? config.jwtSupportedAlgs : ASYMMETRIC_ALGS;
    const header = readAllowedHeader(token, algs);
    const kind = keySourceKind(config);
    if (kind === "static") {
      const keys = config.jwtValidationPubkeys.map((pem) => this.staticKey(pem));
      return { claims: await verifyWithKeys(token, header, keys) };
    }
    try {
      let url = config.jwksUrl;
      let caPem = config.jwksCaPem;
      let discoveredIssuer: string | undefined;
      if (kind === "discovery") {
        caPem = config.oidcDiscoveryCaPem;
        const provider = await this.discovered(config);
        url = provider.jwksUri;
        discoveredIssuer = provider.issuer;
      }
      const key = cacheKey(url, caPem);
      let keys = candidates(await this.jwks.get(key, () => fetchJwks(url, caPem)), header);
      if (keys.length === 0)
        keys = candidates(await this.jwks.get(key, () => fetchJwks(url, caPem), true), header);
      return { claims: await verifyWithKeys(token, header, keys), discoveredIssuer };
    } catch (err) {
      if (err instanceof RemoteDocumentError) {
        throw new UpstreamError(`error fetching the signing keys: ${err.reason}`);
      }
      throw err;
    }
  }

  /** The discovered provider of a discovery configuration (cached as for verification). */
  async provider(config: JwtConfig): Promise<DiscoveredProvider> {
    try {
      return await this.discovered(config);
    } catch (err) {
      if (err instanceof RemoteDocumentError) {
        throw new UpstreamError(`error fetching the OIDC discovery document: ${err.reason}`);
      }
      throw err;
    }
  }

  /** The cached discovery document (RemoteDocumentError when it cannot be had). */
  private discovered(config: JwtConfig): Promise<DiscoveredProvider> {
    const caPem = config.oidcDiscoveryCaPem;
    return this.providers.get(cacheKey(config.oidcDiscoveryUrl, caPem), () =>
      discoverProvider(config.oidcDiscoveryUrl, caPem),
    );
  }

  clear(): void {
    this.jwks.clear();
    this.providers.clear();
    this.staticKeys.clear();
  }

  private staticKey(pem: string): KeyObject {
    let key = this.staticKeys.get(pem);
    if (!key) {
      key = parsePublicKeyPem(pem, "jwt_validation_pubkeys");
      if (this.staticKeys.size >= 64) this.staticKeys.clear();
      this.staticKeys.set(pem, key);
    }
    return key;
  }
}
