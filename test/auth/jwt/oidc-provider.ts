/**
 * A stand-in OpenID Connect provider for the browser login tests: discovery, JWKS, an
 * authorization endpoint that "signs the user in" at once (302 to the redirect URI with a code),
 * and a token endpoint that checks the client credentials, the code, the redirect URI and the
 * PKCE verifier before answering a signed ID token carrying the login's nonce.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { publicJwk, sign, type TestKey } from "./issuer.js";

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  nonce: string;
  challenge: string;
}

export type ProviderMode = "ok" | "wrong-nonce" | "token-error" | "wrong-audience";

export class TestOidcProvider {
  url = "";
  mode: ProviderMode = "ok";
  /** Claims of the user who signs in next (sub, email, groups...). */
  user: Record<string, unknown> = { sub: "alice" };
  /** The authorization requests received, for assertions on their parameters. */
  readonly authorizeRequests: URLSearchParams[] = [];
  private readonly codes = new Map<string, IssuedCode>();
  private server?: Server;

  private constructor(
    private readonly key: TestKey,
    readonly clientId: string,
    readonly clientSecret: string,
  ) {}

  static async start(key: TestKey, clientId: string, clientSecret: string): Promise<TestOidcProvider> {
    const p = new TestOidcProvider(key, clientId, clientSecret);
    p.server = createServer((req, res) => {
      p.handle(req, res).catch(() => {
        res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve) => p.server?.listen(0, "127.0.0.1", resolve));
    p.url = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}`;
    return p;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (url.pathname === "/.well-known/openid-configuration") {
      json(200, {
        issuer: this.url,
        jwks_uri: `${this.url}/jwks`,
        authorization_endpoint: `${this.url}/authorize`,
        token_endpoint: `${this.url}/token`,
      });
    } else if (url.pathname === "/jwks") {
      json(200, { keys: [publicJwk(this.key)] });
    } else if (url.pathname === "/authorize") {
      const q = url.searchParams;
      this.authorizeRequests.push(q);
      const code = randomBytes(16).toString("hex");
      this.codes.set(code, {
        clientId: q.get("client_id") ?? "",
        redirectUri: q.get("redirect_uri") ?? "",
        nonce: q.get("nonce") ?? "",
        challenge: q.get("code_challenge") ?? "",
      });
      const back = new URL(q.get("redirect_uri") ?? "");
      back.searchParams.set("code", code);
      back.searchParams.set("state", q.get("state") ?? "");
      res.writeHead(302, { location: back.toString() }).end();
    } else if (url.pathname === "/token" && req.method === "POST") {
      json(...(await this.token(req)));
    } else {
      json(404, {});
    }
  }

  private async token(req: IncomingMessage): Promise<[number, unknown]> {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const form = new URLSearchParams(raw);
    const basic = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString();
    const [id, secret] = basic.split(":").map(decodeURIComponent);
    if (id !== this.clientId || secret !== this.clientSecret) return [401, { error: "invalid_client" }];
    const issued = this.codes.get(form.get("code") ?? "");
    this.codes.delete(form.get("code") ?? "");
    if (!issued || this.mode === "token-error") return [400, { error: "invalid_grant" }];
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (
      form.get("grant_type") !== "authorization_code" ||
      form.get("redirect_uri") !== issued.redirectUri ||
      challenge !== issued.challenge
    ) {
      return [400, { error: "invalid_grant" }];
    }
    const now = Math.floor(Date.now() / 1000);
    const idToken = await sign(this.key, {
      iss: this.url,
      aud: this.mode === "wrong-audience" ? "someone-else" : issued.clientId,
      nonce: this.mode === "wrong-nonce" ? "not-the-nonce" : issued.nonce,
      iat: now,
      exp: now + 300,
      ...this.user,
    });
    return [200, { access_token: "opaque", token_type: "Bearer", id_token: idToken }];
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}
