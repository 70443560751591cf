import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";
import { ecKey, hmacToken, rsaKey, sign, TestIdp } from "./issuer.js";
import { selfSignedLocalhost } from "./tls-cert.js";

const REFUSED = "login refused: the JWT is invalid or not allowed for this role";
const clock = new ManualClock();
const rsa = rsaKey("rsa-1");
const ec = ecKey("ec-1");
let s: TestServer;
const idps: TestIdp[] = [];

const now = () => Math.floor(clock.now() / 1000);
const root = () => ({ token: s.rootToken });

async function startIdp(...args: Parameters<typeof TestIdp.start>): Promise<TestIdp> {
  const idp = await TestIdp.start(...args);
  idps.push(idp);
  return idp;
}

/** Mounts a jwt method at `path` with a `ci` role bound to audience "cofre". */
async function mount(path: string, config: Record<string, unknown>, type = "jwt") {
  assert.equal((await s.request("POST", `sys/auth/${path}`, { ...root(), body: { type } })).status, 204);
  const c = await s.request("POST", `auth/${path}/config`, { ...root(), body: config });
  assert.equal(c.status, 204, c.text);
  const r = await s.request("POST", `auth/${path}/role/ci`, {
    ...root(),
    body: { role_type: "jwt", user_claim: "sub", bound_audiences: "cofre", token_policies: "ci" },
  });
  assert.equal(r.status, 204, r.text);
}

function login(path: string, jwt: string) {
  clock.advance(1000);
  return s.request("POST", `auth/${path}/login`, { body: { role: "ci", jwt } });
}

const claims = (over: Record<string, unknown> = {}) => ({
  sub: "job-1",
  aud: "cofre",
  iat: now(),
  exp: now() + 600,
  ...over,
});

before(async () => {
  s = await startTestServer({ clock, kv: false });
});
after(async () => {
  await s.close();
  for (const idp of idps) await idp.close();
});

test("config writes are validated (400) and a failed write keeps the previous config", async () => {
  const idp = await startIdp([rsa]);
  await mount("v", { jwks_url: idp.jwksUrl });
  const closed = await startIdp([rsa]);
  await closed.close();
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{}, /exactly one of/],
    [{ jwks_url: idp.jwksUrl, jwt_validation_pubkeys: [rsa.publicPem] }, /exactly one of/],
    [{ jwks_url: idp.jwksUrl, jwt_supported_algs: ["RS256", "HS256"] }, /HMAC algorithms/],
    [{ jwks_url: idp.jwksUrl, jwt_supported_algs: "none" }, /"none" algorithm/],
    [{ jwks_url: idp.jwksUrl, jwt_supported_algs: ["XX999"] }, /unsupported algorithm/],
    [{ jwt_validation_pubkeys: [rsa.privateKey.export({ type: "pkcs8", format: "pem" })] }, /private key/],
    [
      { jwt_validation_pubkeys: ["-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"] },
      /PEM-encoded/,
    ],
    [{ jwks_url: "ftp://example.test/jwks" }, /http or https URL/],
    [{ jwks_url: idp.jwksUrl, oidc_discovery_ca_pem: "x" }, /only used with/],
    [{ jwks_url: idp.jwksUrl, jwks_ca_pem: "not a pem" }, /PEM-encoded CA/],
    [{ jwks_url: closed.jwksUrl }, /error checking jwks_url: connection refused/],
    [{ oidc_discovery_url: closed.url }, /error checking oidc_discovery_url: connection refused/],
    [{ jwks_url: `${idp.url}/missing` }, /error checking jwks_url: HTTP status 404/],
    [{ jwks_url: 42 }, /jwks_url/],
  ];
  for (const [body, message] of cases) {
    const r = await s.request("POST", "auth/v/config", { ...root(), body });
    assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)}: ${r.text}`);
    assert.match(r.body.errors.join(" "), message);
  }
  for (const mode of ["error", "not-json", "huge"] as const) {
    idp.mode = mode;
    const r = await s.request("POST", "auth/v/config", { ...root(), body: { jwks_url: idp.jwksUrl } });
    assert.equal(r.status, 400, mode);
    assert.match(
      r.body.errors[0],
      /^error checking jwks_url: (HTTP status 500|the response is not JSON|response too large)$/,
    );
  }
  idp.mode = "ok";
  const read = await s.request("GET", "auth/v/config", root());
  assert.equal(read.body.data.jwks_url, idp.jwksUrl);
  assert.deepEqual(read.body.data.jwt_supported_algs, []);
  assert.equal((await login("v", await sign(rsa, claims()))).status, 200);
});

test("OIDC discovery: the document's issuer must be the URL, and tokens must carry it", async () => {
  const idp = await startIdp([ec]);
  idp.discoveryIssuer = "https://impostor.example";
  await s.request("POST", "sys/auth/oidc", { ...root(), body: { type: "oidc" } });
  const mismatch = await s.request("POST", "auth/oidc/config", {
    ...root(),
    body: { oidc_discovery_url: idp.url },
  });
  assert.equal(mismatch.status, 400);
  assert.match(mismatch.body.errors[0], /issuer in the discovery document does not match/);
  idp.discoveryIssuer = undefined;
  const ok = await s.request("POST", "auth/oidc/config", {
    ...root(),
    body: { oidc_discovery_url: idp.url },
  });
  assert.equal(ok.status, 204, ok.text);
  const role = await s.request("POST", "auth/oidc/role/ci", {
    ...root(),
    body: { role_type: "jwt", user_claim: "sub", bound_audiences: "cofre", token_policies: "ci" },
  });
  assert.equal(role.status, 204, role.text);
  const good = await login("oidc", await sign(ec, claims({ iss: idp.url })));
  assert.equal(good.status, 200, good.text);
  const foreign = await login("oidc", await sign(ec, claims({ iss: "https://other.example" })));
  assert.deepEqual(foreign.body, { errors: [REFUSED] });
  // An `oidc` role is stored, but the browser redirect flow is not built: it cannot log in with a JWT.
  const oidcRole = await s.request("POST", "auth/oidc/role/browser", {
    ...root(),
    body: { user_claim: "sub", allowed_redirect_uris: "https://cofre.example/callback" },
  });
  assert.equal(oidcRole.status, 204, oidcRole.text);
  assert.equal((await s.request("GET", "auth/oidc/role/browser", root())).body.data.role_type, "oidc");
  clock.advance(1000);
  const browser = await s.request("POST", "auth/oidc/login", {
    body: { role: "browser", jwt: await sign(ec, claims({ iss: idp.url })) },
  });
  assert.deepEqual(browser.body, { errors: [REFUSED] });
});

test("static PEM keys: a listed key verifies; HS256 made with the PEM as secret and other keys do not", async () => {
  await mount("pem", { jwt_validation_pubkeys: [ec.publicPem], jwt_supported_algs: ["ES256"] });
  assert.equal((await login("pem", await sign(ec, claims()))).status, 200);
  for (const jwt of [
    hmacToken(ec.publicPem, claims()),
    hmacToken(ec.publicPem.trim(), claims()),
    await sign(rsa, claims()),
    await sign(ecKey("other"), claims()),
  ]) {
    assert.deepEqual((await login("pem", jwt)).body, { errors: [REFUSED] });
  }
  // The allow-list is enforced: the same EC key is refused once only RS256 is allowed.
  const w = await s.request("POST", "auth/pem/config", {
    ...root(),
    body: { jwt_validation_pubkeys: [ec.publicPem, rsa.publicPem], jwt_supported_algs: "RS256" },
  });
  assert.equal(w.status, 204, w.text);
  assert.deepEqual((await login("pem", await sign(ec, claims()))).body, { errors: [REFUSED] });
  assert.equal((await login("pem", await sign(rsa, claims()))).status, 200);
});

test("JWKS trouble at login: a clear 502 that leaks nothing; cached keys ride out an outage", async () => {
  const idp = await startIdp([rsa]);
  await mount("flaky", { jwks_url: idp.jwksUrl });
  const jwt = await sign(rsa, claims({ exp: now() + 3600 }));
  for (const [mode, reason] of [
    ["error", "HTTP status 500"],
    ["huge", "response too large"],
    ["not-json", "the response is not JSON"],
  ] as const) {
    idp.mode = mode;
    const r = await login("flaky", jwt);
    assert.equal(r.status, 502, r.text);
    assert.deepEqual(r.body, { errors: [`error fetching the signing keys: ${reason}`] });
    assert.ok(!r.text.includes("127.0.0.1") && !r.text.includes(jwt.split(".")[2] ?? "-"));
  }
  idp.mode = "ok";
  assert.equal((await login("flaky", jwt)).status, 200);
  idp.mode = "error";
  clock.advance(11 * 60 * 1000); // past the JWKS cache TTL: the refetch fails, the cached set is used
  assert.equal((await login("flaky", jwt)).status, 200);
});

test("key rotation: an unknown kid refetches the JWKS at most once per 30s", async () => {
  const idp = await startIdp([rsa]);
  await mount("rot", { jwks_url: idp.jwksUrl });
  assert.equal((await login("rot", await sign(rsa, claims()))).status, 200);
  const fresh = rsaKey("rsa-2");
  idp.keys = [rsa, fresh];
  const hits = idp.jwksHits;
  clock.advance(31 * 1000);
  for (let i = 0; i < 5; i++) assert.equal((await login("rot", await sign(fresh, claims()))).status, 200);
  assert.equal(idp.jwksHits, hits + 1);
  const stranger = rsaKey("stranger");
  for (let i = 0; i < 5; i++) {
    assert.deepEqual((await login("rot", await sign(stranger, claims()))).body, { errors: [REFUSED] });
  }
  assert.ok(idp.jwksHits <= hits + 2, `unknown kids refetched ${idp.jwksHits - hits} times`);
});

test("an https JWKS is trusted through jwks_ca_pem only", async () => {
  const tls = await selfSignedLocalhost();
  const other = await selfSignedLocalhost();
  const idp = await startIdp([rsa], tls);
  await s.request("POST", "sys/auth/tls", { ...root(), body: { type: "jwt" } });
  for (const [ca, expect] of [
    [undefined, 400],
    [other.cert, 400],
    [tls.cert, 204],
  ] as const) {
    const r = await s.request("POST", "auth/tls/config", {
      ...root(),
      body: { jwks_url: idp.jwksUrl, ...(ca ? { jwks_ca_pem: ca } : {}) },
    });
    assert.equal(r.status, expect, r.text);
    if (expect === 400) assert.match(r.body.errors[0], /TLS certificate verification failed/);
  }
});
