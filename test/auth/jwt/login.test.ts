import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";
import {
  ecKey,
  hmacToken,
  TestIdp as Idp,
  rsaKey,
  sign,
  type TestIdp,
  tampered,
  unsignedToken,
} from "./issuer.js";

const REFUSED = { errors: ["login refused: the JWT is invalid or not allowed for this role"] };
const ISSUER = "https://ci.example.test";
const clock = new ManualClock();
const rsa = rsaKey("rsa-1");
const ec = ecKey("ec-1");
let s: TestServer;
let idp: TestIdp;

const now = () => Math.floor(clock.now() / 1000);

/** Claims a CI job's token carries; `over` replaces or (with undefined) removes some. */
function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    iss: ISSUER,
    aud: "cofre",
    sub: "repo:acme/app:ref:refs/heads/main",
    repository: "acme/app",
    ref: "refs/heads/main",
    actor: "octocat",
    groups: ["dev", "ops"],
    iat: now(),
    exp: now() + 300,
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

/** One login; the clock moves 1s first so the per-address rate limit (1/s) never interferes. */
function login(jwt: string, role = "ci") {
  clock.advance(1000);
  return s.request("POST", "auth/jwt/login", { body: { role, jwt } });
}

async function assertRefused(jwt: string, role = "ci", why = "") {
  const r = await login(jwt, role);
  assert.equal(r.status, 400, `${why}: ${r.text}`);
  assert.deepEqual(r.body, REFUSED, why);
  for (const part of [jwt, ...jwt.split(".")].filter((p) => p.length >= 16)) {
    assert.ok(!r.text.includes(part), `${why}: the answer never echoes the token`);
  }
}

before(async () => {
  idp = await Idp.start([rsa, ec]);
  s = await startTestServer({ clock, kv: false });
  const root = { token: s.rootToken };
  assert.equal((await s.request("POST", "sys/auth/jwt", { ...root, body: { type: "jwt" } })).status, 204);
  const c = await s.request("POST", "auth/jwt/config", {
    ...root,
    body: { jwks_url: idp.jwksUrl, bound_issuer: ISSUER },
  });
  assert.equal(c.status, 204, c.text);
  const role = await s.request("POST", "auth/jwt/role/ci", {
    ...root,
    body: {
      role_type: "jwt",
      user_claim: "sub",
      bound_audiences: ["cofre", "other"],
      bound_claims_type: "glob",
      bound_claims: { repository: "acme/*", ref: ["refs/heads/main", "refs/tags/v*"] },
      claim_mappings: { repository: "repository", actor: "actor" },
      groups_claim: "groups",
      token_policies: ["ci"],
      token_ttl: "10m",
      token_max_ttl: "1h",
    },
  });
  assert.equal(role.status, 204, role.text);
  const subjectRole = await s.request("POST", "auth/jwt/role/main-only", {
    ...root,
    body: {
      role_type: "jwt",
      user_claim: "sub",
      bound_audiences: "cofre",
      bound_subject: "repo:acme/app:ref:refs/heads/main",
    },
  });
  assert.equal(subjectRole.status, 204, subjectRole.text);
  const noAud = await s.request("POST", "auth/jwt/role/no-aud", {
    ...root,
    body: { role_type: "jwt", user_claim: "sub", bound_claims: { repository: "acme/app" } },
  });
  assert.equal(noAud.status, 204, noAud.text);
});
after(async () => {
  await s.close();
  await idp.close();
});

test("an RSA- or EC-signed token gets exactly the role's policies, TTLs and claim metadata; it renews", async () => {
  for (const key of [rsa, ec]) {
    const r = await login(await sign(key, claims()));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.auth.policies, ["ci", "default"]);
    assert.deepEqual(r.body.auth.token_policies, ["ci", "default"]);
    assert.equal(r.body.auth.lease_duration, 600);
    assert.equal(r.body.auth.renewable, true);
    assert.deepEqual(r.body.auth.metadata, { role: "ci", repository: "acme/app", actor: "octocat" });
    const token = r.body.auth.client_token as string;
    const self = await s.request("GET", "auth/token/lookup-self", { token });
    assert.equal(self.body.data.display_name, "jwt-repo:acme/app:ref:refs/heads/main");
    assert.equal(self.body.data.path, "auth/jwt/login");
    clock.advance(5 * 60 * 1000);
    const renewed = await s.request("POST", "auth/token/renew-self", { token, body: {} });
    assert.equal(renewed.status, 200, renewed.text);
    assert.equal(renewed.body.auth.lease_duration, 600);
  }
  // A tag matching the glob, and an aud list that meets one bound audience, also pass.
  const tag = await login(await sign(rsa, claims({ ref: "refs/tags/v1.2.0", aud: ["x", "other"] })));
  assert.equal(tag.status, 200, tag.text);
});

test("each binding refuses a token that violates it, with one answer that never echoes the token", async () => {
  const cases: Array<[string, () => Promise<string>, string?]> = [
    ["wrong audience", () => sign(rsa, claims({ aud: "someone-else" }))],
    ["no audience", () => sign(rsa, claims({ aud: undefined }))],
    ["wrong issuer", () => sign(rsa, claims({ iss: "https://evil.example" }))],
    ["no issuer", () => sign(rsa, claims({ iss: undefined }))],
    ["bound claim glob mismatch", () => sign(rsa, claims({ repository: "evil/app" }))],
    ["bound claim list mismatch", () => sign(rsa, claims({ ref: "refs/heads/feature" }))],
    ["bound claim missing", () => sign(rsa, claims({ ref: undefined }))],
    ["bound claim of the wrong shape", () => sign(rsa, claims({ repository: { name: "acme/app" } }))],
    ["wrong subject", () => sign(rsa, claims({ sub: "repo:acme/app:ref:refs/heads/dev" })), "main-only"],
    ["expired beyond the clock-skew leeway", () => sign(rsa, claims({ iat: now() - 900, exp: now() - 61 }))],
    ["not valid yet", () => sign(rsa, claims({ nbf: now() + 120 }))],
    ["issued in the future", () => sign(rsa, claims({ iat: now() + 120, exp: now() + 600 }))],
    ["no time claims at all", () => sign(rsa, claims({ iat: undefined, exp: undefined }))],
    ["exp of the wrong type", () => sign(rsa, claims({ exp: String(now() + 300) }))],
    ["tampered payload", async () => tampered(await sign(rsa, claims()), { repository: "acme/other" })],
    ["alg none", async () => unsignedToken(claims())],
    ["HS256 signed with the public key PEM", async () => hmacToken(rsa.publicPem, claims(), rsa.kid)],
    ["key not in the JWKS, same kid", () => sign(rsaKey("rsa-1"), claims())],
    ["unknown kid", () => sign(rsaKey("stranger"), claims())],
    ["no kid and no key verifies", () => sign(ecKey("x"), claims(), null)],
    ["garbage", async () => "not.a.jwt"],
    ["aud present but the role binds none", () => sign(rsa, claims()), "no-aud"],
    ["unknown role", () => sign(rsa, claims()), "nope"],
  ];
  for (const [why, make, role] of cases) await assertRefused(await make(), role, why);
  // Within the clock-skew leeway (60s) an expired token still passes; without kid the key is found by type.
  const late = await login(await sign(ec, claims({ iat: now() - 400, exp: now() - 30 }), null));
  assert.equal(late.status, 200, late.text);
  const noAudOk = await login(await sign(rsa, claims({ aud: undefined })), "no-aud");
  assert.equal(noAudOk.status, 200, noAudOk.text);
  const subjectOk = await login(await sign(rsa, claims()), "main-only");
  assert.equal(subjectOk.status, 200, subjectOk.text);
  assert.deepEqual(subjectOk.body.auth.metadata, { role: "main-only" });
});

test("a missing exp is taken as iat + expiration_leeway (150s by default)", async () => {
  const jwt = await sign(rsa, claims({ exp: undefined, iat: now() }));
  assert.equal((await login(jwt)).status, 200);
  clock.advance(211 * 1000); // past iat + 150s + the 60s clock-skew leeway
  await assertRefused(jwt, "ci", "exp derived from iat");
});

test("malformed login requests get 400 without touching anything", async () => {
  const noJwt = await s.request("POST", "auth/jwt/login", { body: { role: "ci" } });
  assert.equal(noJwt.status, 400);
  assert.deepEqual(noJwt.body, { errors: ["missing jwt"] });
  const noRole = await s.request("POST", "auth/jwt/login", { body: { jwt: "a.b.c" } });
  assert.deepEqual(noRole.body, { errors: ["missing role"] });
  const badJson = await s.request("POST", "auth/jwt/login", { body: "{nope" });
  assert.equal(badJson.status, 400);
  const wrongType = await s.request("POST", "auth/jwt/login", { body: { role: "ci", jwt: { a: 1 } } });
  assert.equal(wrongType.status, 400);
  const huge = await login(`${"a".repeat(70 * 1024)}.b.c`);
  assert.deepEqual(huge.body, REFUSED);
});
