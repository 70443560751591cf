import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";
import { rsaKey, sign } from "./issuer.js";

const clock = new ManualClock();
const rsa = rsaKey("k1");
let s: TestServer;

const now = () => Math.floor(clock.now() / 1000);
const root = () => ({ token: s.rootToken });
const jwtFor = (sub: string) => sign(rsa, { sub, aud: "cofre", iat: now(), exp: now() + 600 });

before(async () => {
  s = await startTestServer({ clock, kv: false });
  await s.request("POST", "sys/auth/jwt", { ...root(), body: { type: "jwt" } });
  const c = await s.request("POST", "auth/jwt/config", {
    ...root(),
    body: { jwt_validation_pubkeys: rsa.publicPem },
  });
  assert.equal(c.status, 204, c.text);
});
after(() => s.close());

test("roles: create, read (Vault's fields), list, update one field, delete", async () => {
  const w = await s.request("POST", "auth/jwt/role/Deploy", {
    ...root(),
    body: {
      role_type: "jwt",
      user_claim: "sub",
      bound_audiences: "cofre",
      bound_claims: { project_path: "acme/app", ref_protected: "true" },
      claim_mappings: { project_path: "project" },
      clock_skew_leeway: "-1",
      expiration_leeway: "2m",
      token_policies: "deploy,read",
      token_ttl: "5m",
    },
  });
  assert.equal(w.status, 204, w.text);
  const read = await s.request("GET", "auth/jwt/role/deploy", root());
  assert.equal(read.status, 200);
  const d = read.body.data;
  assert.equal(d.role_type, "jwt");
  assert.deepEqual(d.bound_audiences, ["cofre"]);
  assert.deepEqual(d.bound_claims, { project_path: "acme/app", ref_protected: "true" });
  assert.equal(d.bound_claims_type, "string");
  assert.deepEqual(d.claim_mappings, { project_path: "project" });
  assert.equal(d.user_claim, "sub");
  assert.equal(d.clock_skew_leeway, -1);
  assert.equal(d.expiration_leeway, 120);
  assert.equal(d.not_before_leeway, 0);
  assert.deepEqual(d.token_policies, ["deploy", "read"]);
  assert.equal(d.token_ttl, 300);
  const upd = await s.request("POST", "auth/jwt/role/deploy", { ...root(), body: { token_ttl: "7m" } });
  assert.equal(upd.status, 204, upd.text);
  const again = (await s.request("GET", "auth/jwt/role/deploy", root())).body.data;
  assert.equal(again.token_ttl, 420);
  assert.equal(again.role_type, "jwt");
  assert.deepEqual((await s.request("LIST", "auth/jwt/role", root())).body.data.keys, ["deploy"]);
  assert.equal((await s.request("DELETE", "auth/jwt/role/deploy", root())).status, 204);
  assert.equal((await s.request("GET", "auth/jwt/role/deploy", root())).status, 404);
});

test("invalid roles are refused with 400 and nothing is stored", async () => {
  const base = { role_type: "jwt", user_claim: "sub", bound_audiences: "cofre" };
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ ...base, user_claim: "" }, /a user claim must be defined/],
    [{ role_type: "jwt", user_claim: "sub" }, /at least one bound constraint/],
    [{ user_claim: "sub", bound_audiences: "cofre" }, /allowed_redirect_uris/],
    [{ ...base, role_type: "saml" }, /invalid 'role_type'/],
    [{ ...base, bound_claims_type: "regex" }, /invalid 'bound_claims_type'/],
    [{ ...base, bound_claims_type: "glob", bound_claims: { n: 5 } }, /with bound_claims_type=glob/],
    [{ ...base, bound_claims: { team: { nested: true } } }, /must be a string, number, boolean/],
    [{ ...base, bound_claims: "team=dev" }, /bound_claims/],
    [{ ...base, claim_mappings: { team: "role" } }, /"role" is reserved/],
    [{ ...base, claim_mappings: { a: "x", b: "x" } }, /multiple keys are mapped/],
    [{ ...base, token_ttl: "2h", token_max_ttl: "1h" }, /token_ttl/],
    [{ ...base, clock_skew_leeway: "soon" }, /clock_skew_leeway/],
    [{ ...base, token_bound_cidrs: "300.1.1.1/8" }, /token_bound_cidrs/],
  ];
  for (const [body, message] of cases) {
    const r = await s.request("POST", "auth/jwt/role/bad", { ...root(), body });
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${r.text}`);
    assert.match(r.body.errors.join(" "), message);
  }
  assert.equal((await s.request("GET", "auth/jwt/role/bad", root())).status, 404);
  const badName = await s.request("POST", "auth/jwt/role/-x-", { ...root(), body: base });
  assert.equal(badName.status, 404);
});

test("config and roles need a token with a policy on them (403); login needs none", async () => {
  const nobody = await tokenWith(s, ["default"]);
  for (const [method, path, body] of [
    ["POST", "auth/jwt/config", { jwt_validation_pubkeys: rsa.publicPem }],
    ["GET", "auth/jwt/config", undefined],
    ["POST", "auth/jwt/role/mine", { role_type: "jwt", user_claim: "sub", bound_subject: "x" }],
    ["GET", "auth/jwt/role/mine", undefined],
    ["LIST", "auth/jwt/role", undefined],
    ["DELETE", "auth/jwt/role/mine", undefined],
    ["POST", "auth/jwt/config/rate_limit", { burst: 1000 }],
  ] as const) {
    const r = await s.request(method, path, { token: nobody, body });
    assert.equal(r.status, 403, `${method} ${path}`);
  }
  const cfg = await s.request("GET", "auth/jwt/config", root());
  assert.deepEqual(cfg.body.data.jwt_validation_pubkeys, [rsa.publicPem.trim()]);
  assert.equal((await s.request("GET", "auth/jwt/role/mine", root())).status, 404);
});

test("renewal follows the role: a deleted role or changed policies stop it", async () => {
  const role = {
    role_type: "jwt",
    user_claim: "sub",
    bound_audiences: "cofre",
    token_policies: "a",
    token_ttl: "10m",
  };
  await s.request("POST", "auth/jwt/role/r", { ...root(), body: role });
  const login = async () => {
    clock.advance(1000);
    const r = await s.request("POST", "auth/jwt/login", { body: { role: "r", jwt: await jwtFor("svc") } });
    assert.equal(r.status, 200, r.text);
    return r.body.auth.client_token as string;
  };
  const t1 = await login();
  await s.request("POST", "auth/jwt/role/r", { ...root(), body: { token_ttl: "20m" } });
  const renewed = await s.request("POST", "auth/token/renew-self", { token: t1, body: {} });
  assert.equal(renewed.body.auth.lease_duration, 1200);
  await s.request("POST", "auth/jwt/role/r", { ...root(), body: { token_policies: "a,b" } });
  const changed = await s.request("POST", "auth/token/renew-self", { token: t1, body: {} });
  assert.equal(changed.status, 400);
  assert.match(changed.text, /policies have changed/);
  const t2 = await login();
  await s.request("DELETE", "auth/jwt/role/r", root());
  const gone = await s.request("POST", "auth/token/renew-self", { token: t2, body: {} });
  assert.equal(gone.status, 400);
});

test("default_role is used when a login names none; token_bound_cidrs is checked at login", async () => {
  await s.request("POST", "auth/jwt/config", {
    ...root(),
    body: { jwt_validation_pubkeys: rsa.publicPem, default_role: "Fallback" },
  });
  await s.request("POST", "auth/jwt/role/fallback", {
    ...root(),
    body: { role_type: "jwt", user_claim: "sub", bound_audiences: "cofre", token_policies: "fb" },
  });
  await s.request("POST", "auth/jwt/role/far", {
    ...root(),
    body: { role_type: "jwt", user_claim: "sub", token_bound_cidrs: "10.0.0.0/8" },
  });
  clock.advance(1000);
  const r = await s.request("POST", "auth/jwt/login", { body: { jwt: await jwtFor("svc") } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.auth.policies, ["default", "fb"]);
  clock.advance(1000);
  const far = await s.request("POST", "auth/jwt/login", {
    body: { role: "far", jwt: await sign(rsa, { sub: "svc", iat: now(), exp: now() + 60 }) },
  });
  assert.equal(far.status, 400);
});

test("logins are rate limited per client address (429), tunable at config/rate_limit", async () => {
  const w = await s.request("POST", "auth/jwt/config/rate_limit", {
    ...root(),
    body: { burst: 3, rate: 0.5 },
  });
  assert.equal(w.status, 204, w.text);
  assert.equal(
    (await s.request("POST", "auth/jwt/config/rate_limit", { ...root(), body: { burst: 0 } })).status,
    400,
  );
  const jwt = await jwtFor("svc");
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    statuses.push((await s.request("POST", "auth/jwt/login", { body: { role: "fallback", jwt } })).status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 429]);
  clock.advance(2000);
  assert.equal((await s.request("POST", "auth/jwt/login", { body: { role: "fallback", jwt } })).status, 200);
});
