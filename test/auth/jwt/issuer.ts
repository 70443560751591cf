/**
 * A stand-in identity provider for the JWT and Kubernetes tests: key pairs generated per run,
 * tokens signed with them (and deliberately broken ones), and a node:http(s) server that serves
 * a JWKS and an OIDC discovery document and can be told to fail.
 */
import { createHmac, generateKeyPairSync, type KeyObject } from "node:crypto";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";

export interface TestKey {
  kid: string;
  alg: "RS256" | "ES256" | "ES384" | "EdDSA";
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
}

export function rsaKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid, alg: "RS256", privateKey, publicKey, publicPem: pem(publicKey) };
}

export function ecKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return { kid, alg: "ES256", privateKey, publicKey, publicPem: pem(publicKey) };
}

function pem(key: KeyObject): string {
  return key.export({ type: "spki", format: "pem" }).toString();
}

export function publicJwk(key: TestKey): Record<string, unknown> {
  return { ...key.publicKey.export({ format: "jwk" }), kid: key.kid, alg: key.alg, use: "sig" };
}

/** A token signed by `key`; `kid: null` leaves the key id out. */
export function sign(
  key: TestKey,
  claims: Record<string, unknown>,
  kid: string | null = key.kid,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, ...(kid === null ? {} : { kid }) })
    .sign(key.privateKey);
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

/** `alg: none`, no signature. */
export function unsignedToken(claims: Record<string, unknown>): string {
  return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
}

/** HS256 with `secret` as the HMAC key (the classic confusion: the issuer's public key PEM). */
export function hmacToken(secret: string, claims: Record<string, unknown>, kid?: string): string {
  const input = `${b64({ alg: "HS256", typ: "JWT", ...(kid ? { kid } : {}) })}.${b64(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

/** The same token with one payload claim changed and the original signature kept. */
export function tampered(token: string, change: Record<string, unknown>): string {
  const [h, p, s] = token.split(".");
  const claims = JSON.parse(Buffer.from(p ?? "", "base64url").toString());
  return `${h}.${b64({ ...claims, ...change })}.${s}`;
}

export type IdpMode = "ok" | "error" | "not-json" | "huge";

/** Serves `/jwks` and `/.well-known/openid-configuration` over http, or https with `tls`. */
export class TestIdp {
  keys: TestKey[] = [];
  mode: IdpMode = "ok";
  /** Issuer written in the discovery document (default: the server's own URL). */
  discoveryIssuer?: string;
  jwksHits = 0;
  url = "";
  private server?: Server;

  static async start(keys: TestKey[], tls?: { cert: string; key: string }): Promise<TestIdp> {
    const idp = new TestIdp();
    idp.keys = keys;
    const handler = (req: IncomingMessage, res: ServerResponse) => idp.handle(req, res);
    idp.server = tls ? createHttpsServer(tls, handler) : createHttpServer(handler);
    await new Promise<void>((resolve) => idp.server?.listen(0, "127.0.0.1", resolve));
    const { port } = idp.server.address() as AddressInfo;
    idp.url = `${tls ? "https" : "http"}://127.0.0.1:${port}`;
    return idp;
  }

  get jwksUrl(): string {
    return `${this.url}/jwks`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const [status, body] = this.answer(req.url ?? "");
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  }

  private answer(url: string): [number, string] {
    if (this.mode === "error") return [500, '{"error":"boom"}'];
    if (this.mode === "not-json") return [200, "<html>not json</html>"];
    if (this.mode === "huge") return [200, `{"keys":[],"pad":"${"x".repeat(2 * 1024 * 1024)}"}`];
    if (url === "/.well-known/openid-configuration") {
      return [200, JSON.stringify({ issuer: this.discoveryIssuer ?? this.url, jwks_uri: this.jwksUrl })];
    }
    if (url === "/jwks") {
      this.jwksHits++;
      return [200, JSON.stringify({ keys: this.keys.map(publicJwk) })];
    }
    return [404, "{}"];
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}
