/**
 * The OIDC browser login against a stand-in provider: auth_url, the provider's redirect with a
 * code, the callback's code exchange (client credentials, PKCE) and ID token checks (nonce,
 * audience, signature), state used once, redirect URIs, and what is refused.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";
import { rsaKey } from "./issuer.js";
import { TestOidcProvider } from "./oidc-provider.js";

const REDIRECT = "http://localhost:8250/oidc/callback";
const REFUSED = ["OIDC login failed: the provider's answer was invalid or not allowed for this role"];
const SECRET = "oidc-client-secret-5c1e";
const clock = new ManualClock(Date.now());
let s: TestServer;
let idp: TestOidcProvider;

const root = (method: string, path: string, body?: unknown) =>
  s.request(method, path, { token: s.rootToken, body });

before(async () => {
  idp = await TestOidcProvider.start(rsaKey("idp"), "cofre-cli", SECRET);
  s = await startTestServer({ clock, kv: false });
  assert.equal((await root("POST", "sys/auth/oidc", { type: "oidc" })).status, 204);
  assert.equal((await root("POST", "auth/oidc/config/rate_limit", { disable: true })).status, 204);
  const c = await root("POST", "auth/oidc/config", {
    oidc_discovery_url: idp.url,
    oidc_client_id: "cofre-cli",
    oidc_client_secret: SECRET,
    default_role: "person",
  });
  assert.equal(c.status, 204, c.text);
  const role = await root("POST", "auth/oidc/role/person", {
    role_type: "oidc",
    user_claim: "sub",
    allowed_redirect_uris: [REDIRECT],
    oidc_scopes: ["email"],
    claim_mappings: { email: "email" },
    token_policies: "people",
    token_ttl: "1h",
  });
  assert.equal(role.status, 204, role.text);
});
after(async () => {
  await s.close();
  await idp.close();
});

/** What a browser and the CLI do: auth_url, follow to the provider, its redirect back, the callback. */
async function browserLogin(
  opts: { role?: string; redirect?: string; clientNonce?: string; callbackNonce?: string } = {},
) {
  const start = await s.request("POST", "auth/oidc/oidc/auth_url", {
    body: {
      role: opts.role ?? "",
      redirect_uri: opts.redirect ?? REDIRECT,
      client_nonce: opts.clientNonce ?? "",
    },
  });
  assert.equal(start.status, 200, start.text);
  const authUrl = new URL(start.body.data.auth_url);
  const atProvider = await fetch(authUrl, { redirect: "manual" });
  assert.equal(atProvider.status, 302);
  const back = new URL(atProvider.headers.get("location") ?? "");
  const query = new URLSearchParams({
    state: back.searchParams.get("state") ?? "",
    code: back.searchParams.get("code") ?? "",
    client_nonce: opts.callbackNonce ?? opts.clientNonce ?? "",
  });
  const done = await s.request("GET", `auth/oidc/oidc/callback?${query}`);
  return { authUrl, back, query, done };
}

test("a browser login gets a token for the role; the authorization request is a code flow with PKCE", async () => {
  idp.user = { sub: "alice", email: "alice@example.com" };
  const { authUrl, back, done } = await browserLogin({ clientNonce: "cli-nonce-1" });
  assert.equal(done.status, 200, done.text);
  assert.deepEqual(done.body.auth.policies, ["default", "people"]);
  assert.equal(done.body.auth.lease_duration, 3600);
  assert.deepEqual(done.body.auth.metadata, { email: "alice@example.com", role: "person" });
  const self = await s.request("GET", "auth/token/lookup-self", { token: done.body.auth.client_token });
  assert.equal(self.body.data.display_name, "oidc-alice");

  assert.equal(`${authUrl.origin}${authUrl.pathname}`, `${idp.url}/authorize`);
  const q = idp.authorizeRequests.at(-1) as URLSearchParams;
  assert.equal(q.get("response_type"), "code");
  assert.equal(q.get("client_id"), "cofre-cli");
  assert.equal(q.get("redirect_uri"), REDIRECT);
  assert.equal(q.get("scope"), "openid email");
  assert.equal(q.get("code_challenge_method"), "S256");
  assert.match(q.get("code_challenge") ?? "", /^[A-Za-z0-9_-]{43}$/);
  assert.match(q.get("nonce") ?? "", /^[A-Za-z0-9_-]{43}$/);
  assert.equal(back.origin + back.pathname, REDIRECT);

  const config = await root("GET", "auth/oidc/config");
  assert.ok(!config.text.includes(SECRET), "the client secret is never read back");
});

test("a state works once; an unknown one, a changed client_nonce or a provider error is refused", async () => {
  const { query, done } = await browserLogin();
  assert.equal(done.status, 200, done.text);
  const replay = await s.request("GET", `auth/oidc/oidc/callback?${query}`);
  assert.equal(replay.status, 400);
  assert.deepEqual(replay.body.errors, ["Expired or missing OAuth state."]);
  const unknown = await s.request("GET", "auth/oidc/oidc/callback?state=made-up&code=x");
  assert.deepEqual(unknown.body.errors, ["Expired or missing OAuth state."]);

  const nonce = await browserLogin({ clientNonce: "one", callbackNonce: "other" });
  assert.equal(nonce.done.status, 400);
  assert.deepEqual(nonce.done.body.errors, REFUSED);

  const start = await s.request("POST", "auth/oidc/oidc/auth_url", { body: { redirect_uri: REDIRECT } });
  const state = new URL(start.body.data.auth_url).searchParams.get("state") ?? "";
  const denied = await s.request("GET", `auth/oidc/oidc/callback?state=${state}&error=access_denied`);
  assert.deepEqual(denied.body.errors, REFUSED);
});

test("an ID token with another nonce or audience, or a refused code exchange, gives no token", async () => {
  for (const mode of ["wrong-nonce", "wrong-audience", "token-error"] as const) {
    idp.mode = mode;
    try {
      const { done } = await browserLogin();
      assert.equal(done.status, 400, `${mode}: ${done.text}`);
      assert.deepEqual(done.body.errors, REFUSED, mode);
      assert.equal(done.body.auth, undefined);
    } finally {
      idp.mode = "ok";
    }
  }
});

test("redirect URIs: the allowed one, or the same loopback URI on another port (RFC 8252); nothing else", async () => {
  assert.equal((await browserLogin({ redirect: "http://localhost:53124/oidc/callback" })).done.status, 200);
  for (const redirect of [
    "http://localhost:8250/other",
    "https://localhost:8250/oidc/callback",
    "http://evil.example:8250/oidc/callback",
    "not a url",
  ]) {
    const r = await s.request("POST", "auth/oidc/oidc/auth_url", { body: { redirect_uri: redirect } });
    assert.equal(r.status, 400, redirect);
    assert.deepEqual(r.body.errors, ["unauthorized redirect_uri"]);
  }
});

test("malformed or misdirected requests: no redirect_uri, an unknown role, a jwt role; and oidc roles stay out of jwt login", async () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{}, "missing redirect_uri"],
    [{ role: "nobody", redirect_uri: REDIRECT }, 'role "nobody" could not be found'],
  ];
  const jwtRole = await root("POST", "auth/oidc/role/machines", {
    role_type: "jwt",
    user_claim: "sub",
    bound_audiences: "x",
  });
  assert.equal(jwtRole.status, 204, jwtRole.text);
  cases.push([{ role: "machines", redirect_uri: REDIRECT }, "role is not of type oidc"]);
  for (const [body, message] of cases) {
    const r = await s.request("POST", "auth/oidc/oidc/auth_url", { body });
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.deepEqual(r.body.errors, [message]);
  }
  const jwtLogin = await s.request("POST", "auth/oidc/login", { body: { role: "person", jwt: "a.b.c" } });
  assert.equal(jwtLogin.status, 400);
});

test("without a client secret the browser login is not configured; a state expires after 10 minutes", async () => {
  const { back } = await (async () => {
    const start = await s.request("POST", "auth/oidc/oidc/auth_url", { body: { redirect_uri: REDIRECT } });
    const atProvider = await fetch(new URL(start.body.data.auth_url), { redirect: "manual" });
    return { back: new URL(atProvider.headers.get("location") ?? "") };
  })();
  clock.advance(11 * 60_000);
  const late = await s.request("GET", `auth/oidc/oidc/callback?${back.searchParams}`);
  assert.deepEqual(late.body.errors, ["Expired or missing OAuth state."]);

  const c = await root("POST", "auth/oidc/config", {
    oidc_discovery_url: idp.url,
    oidc_client_id: "cofre-cli",
  });
  assert.equal(c.status, 204, c.text);
  const r = await s.request("POST", "auth/oidc/oidc/auth_url", { body: { redirect_uri: REDIRECT } });
  assert.equal(r.status, 400);
  assert.match(r.body.errors[0], /the OIDC login is not configured/);
  const secretWithoutId = await root("POST", "auth/oidc/config", {
    oidc_discovery_url: idp.url,
    oidc_client_secret: "x",
  });
  assert.equal(secretWithoutId.status, 400);
});
