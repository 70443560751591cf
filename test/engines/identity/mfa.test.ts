import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { totpAt } from "../../../src/engines/identity/mfa/totp.js";
import { ManualClock } from "../../../src/util/clock.js";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";

const PASSWORD = "Login-mfa-pw-2026";
const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 5));
let s: TestServer;
let accessor = "";
let methodId = "";
let entityId = "";
let secret = "";

const root = (method: string, path: string, body?: unknown) =>
  s.request(method, path, { token: s.rootToken, body });
const login = (name: string, headers: Record<string, string> = {}) =>
  s.request("POST", `auth/userpass/login/${encodeURIComponent(name)}`, {
    body: { password: PASSWORD },
    headers,
  });
const code = (offsetSteps = 0) =>
  totpAt(secret, clock.now() + offsetSteps * 30_000, { algorithm: "SHA1", digits: 6, period: 30, skew: 1 });
const validate = (requestId: string, passcode: string) =>
  s.request("POST", "sys/mfa/validate", {
    body: { mfa_request_id: requestId, mfa_payload: { [methodId]: [passcode] } },
  });
/** Moves to the next time step, so earlier codes are no longer the current one. */
const nextStep = () => clock.advance(30_000);

before(async () => {
  s = await startTestServer({ clock, kv: false });
  await root("POST", "sys/auth/userpass", { type: "userpass" });
  accessor = (await root("GET", "sys/auth")).body.data["userpass/"].accessor;
  for (const u of ["mallory", "nina"]) await root("POST", `auth/userpass/users/${u}`, { password: PASSWORD });
  entityId = (await login("mallory")).body.auth.entity_id;
  const m = await root("POST", "identity/mfa/method/totp", { issuer: "cofre", method_name: "phone" });
  assert.equal(m.status, 200);
  methodId = m.body.data.method_id;
});
after(() => s.close());

test("enrolment answers an otpauth URL once; method reads never show keys", async () => {
  const g = await root("POST", "identity/mfa/method/totp/admin-generate", {
    entity_id: entityId,
    method_id: methodId,
  });
  assert.equal(g.status, 200);
  const url = new URL(g.body.data.url);
  assert.equal(url.protocol, "otpauth:");
  assert.equal(url.host, "totp");
  assert.equal(decodeURIComponent(url.pathname), `/cofre:${entityId}`);
  assert.equal(url.searchParams.get("issuer"), "cofre");
  assert.equal(url.searchParams.get("algorithm"), "SHA1");
  assert.equal(url.searchParams.get("digits"), "6");
  assert.equal(url.searchParams.get("period"), "30");
  secret = url.searchParams.get("secret") ?? "";
  assert.match(secret, /^[A-Z2-7]{32}$/);
  const again = await root("POST", "identity/mfa/method/totp/admin-generate", {
    entity_id: entityId,
    method_id: methodId,
  });
  assert.equal(again.body?.data ?? null, null);
  assert.match(again.body.warnings[0], /already has a secret/);
  const read = await root("GET", `identity/mfa/method/totp/${methodId}`);
  assert.equal(read.body.data.issuer, "cofre");
  assert.equal(read.body.data.max_validation_attempts, 5);
  assert.ok(!read.text.includes(secret));
  const list = await root("LIST", "identity/mfa/method/totp");
  assert.deepEqual(list.body.data.keys, [methodId]);

  const e = await root("PUT", "identity/mfa/login-enforcement/userpass-mfa", {
    mfa_method_ids: [methodId],
    auth_method_accessors: [accessor],
  });
  assert.equal(e.status, 204);
  const er = await root("GET", "identity/mfa/login-enforcement/userpass-mfa");
  assert.deepEqual(er.body.data.auth_method_accessors, [accessor]);
});

test("two-phase: no token without a code; a wrong code is refused; the right one completes; replay is refused", async () => {
  const first = await login("mallory");
  assert.equal(first.status, 200);
  assert.equal(first.body.auth.client_token, "");
  const req = first.body.auth.mfa_requirement;
  assert.deepEqual(req.mfa_constraints, {
    "userpass-mfa": { any: [{ type: "totp", id: methodId, name: "phone", uses_passcode: true }] },
  });
  assert.match(first.body.warnings[0], /MFA validation/);
  const wrong = await validate(req.mfa_request_id, code() === "000000" ? "111111" : "000000");
  assert.equal(wrong.status, 403);
  const right = code();
  const ok = await validate(req.mfa_request_id, right);
  assert.equal(ok.status, 200);
  const token = ok.body.auth.client_token as string;
  assert.equal(ok.body.auth.entity_id, entityId);
  assert.equal((await s.request("GET", "auth/token/lookup-self", { token })).status, 200);
  assert.ok(!ok.text.includes(right) || right.length === 0);
  // The request id is spent; the code cannot be used again, not even by a new login.
  assert.equal((await validate(req.mfa_request_id, right)).status, 400);
  const second = await login("mallory");
  assert.equal((await validate(second.body.auth.mfa_requirement.mfa_request_id, right)).status, 403);
  // A variant spelling is the same entity and gets the same requirement.
  const variant = await login(" MALLORY ");
  assert.equal(variant.body.auth.client_token, "");
  assert.ok(variant.body.auth.mfa_requirement.mfa_request_id);
  // The code of a neighbouring step is accepted (skew 1); the method name works as the key too.
  nextStep();
  const byName = await s.request("POST", "sys/mfa/validate", {
    body: {
      mfa_request_id: variant.body.auth.mfa_requirement.mfa_request_id,
      mfa_payload: { phone: [`passcode=${code(1)}`] },
    },
  });
  assert.equal(byName.status, 200);
});

test("single-phase header: X-Vault-MFA method_id:code logs in at once; wrong and replayed codes are refused", async () => {
  nextStep();
  nextStep();
  const c = code();
  const bad = await login("mallory", {
    "x-vault-mfa": `${methodId}:${c === "123456" ? "654321" : "123456"}`,
  });
  assert.equal(bad.status, 403);
  const good = await login("mallory", { "x-vault-mfa": `${methodId}:${c}` });
  assert.equal(good.status, 200);
  assert.ok(good.body.auth.client_token.startsWith("hvs."));
  assert.equal(good.body.auth.mfa_requirement, null);
  const replay = await login("Mallory", { "x-vault-mfa": `${methodId}:${c}` });
  assert.equal(replay.status, 403);
});

test("failed attempts are capped per method and entity; request ids expire", async () => {
  nextStep();
  nextStep();
  const right = code();
  for (let i = 0; i < 5; i++) {
    const r = await login("mallory", {
      "x-vault-mfa": `${methodId}:${right === "000001" ? "000002" : "000001"}`,
    });
    assert.equal(r.status, 403);
  }
  assert.equal(
    (await login("mallory", { "x-vault-mfa": `${methodId}:${right}` })).status,
    403,
    "locked this step",
  );
  nextStep();
  assert.equal((await login("mallory", { "x-vault-mfa": `${methodId}:${code()}` })).status, 200);

  const parked = await login("mallory");
  clock.advance(6 * 60 * 1000);
  const late = await validate(parked.body.auth.mfa_requirement.mfa_request_id, code());
  assert.equal(late.status, 400);
  assert.deepEqual(late.body.errors, ["invalid request ID"]);
});

test("entity and group enforcements; without enrolment the login cannot complete", async () => {
  const nina = (await s.request("POST", "auth/userpass/login/nina", { body: { password: PASSWORD } })).body
    .auth;
  // nina is on the enforced mount too, but has no key: no code can satisfy it.
  assert.equal(nina.client_token, "");
  await root("DELETE", "identity/mfa/login-enforcement/userpass-mfa");
  const free = await login("nina");
  assert.ok(free.body.auth.client_token.startsWith("hvs."));
  const ninaEntity = free.body.auth.entity_id;
  const group = await root("POST", "identity/group", { name: "mfa-users", member_entity_ids: [ninaEntity] });
  await root("PUT", "identity/mfa/login-enforcement/by-group", {
    mfa_method_ids: [methodId],
    identity_group_ids: [group.body.data.id],
  });
  assert.equal((await login("nina")).body.auth.client_token, "");
  assert.ok(
    (await login("mallory")).body.auth.client_token.startsWith("hvs."),
    "mallory is not in the group",
  );
  await root("PUT", "identity/mfa/login-enforcement/by-group", {
    mfa_method_ids: [methodId],
    identity_group_ids: [],
    identity_entity_ids: [entityId],
  });
  assert.equal((await login("mallory")).body.auth.client_token, "");
  assert.ok((await login("nina")).body.auth.client_token.startsWith("hvs."));
  // admin-destroy removes the key: mallory's codes no longer work.
  await root("POST", "identity/mfa/method/totp/admin-destroy", { entity_id: entityId, method_id: methodId });
  nextStep();
  assert.equal((await login("mallory", { "x-vault-mfa": `${methodId}:${code()}` })).status, 403);
  const inUse = await root("DELETE", `identity/mfa/method/totp/${methodId}`);
  assert.equal(inUse.status, 400);
  await root("DELETE", "identity/mfa/login-enforcement/by-group");
  assert.equal((await root("DELETE", `identity/mfa/method/totp/${methodId}`)).status, 204);
  assert.equal((await root("GET", `identity/mfa/method/totp/${methodId}`)).status, 404);
});

test("malformed MFA requests get 400; tokens without policy get 403", async () => {
  const m = (await root("POST", "identity/mfa/method/totp", { issuer: "x" })).body.data.method_id;
  for (const [path, body] of [
    ["identity/mfa/method/totp", {}],
    ["identity/mfa/method/totp", { issuer: "x", digits: 7 }],
    ["identity/mfa/method/totp", { issuer: "x", algorithm: "MD5" }],
    ["identity/mfa/method/totp", { issuer: "x", skew: 2 }],
    ["identity/mfa/method/totp", { issuer: "x", period: "soon" }],
    ["identity/mfa/method/totp/admin-generate", { method_id: m }],
    ["identity/mfa/method/totp/admin-generate", { method_id: m, entity_id: "nope" }],
    ["identity/mfa/login-enforcement/e1", { auth_method_accessors: [accessor] }],
    ["identity/mfa/login-enforcement/e1", { mfa_method_ids: [m] }],
    ["identity/mfa/login-enforcement/e1", { mfa_method_ids: ["nope"], auth_method_types: ["userpass"] }],
    ["identity/mfa/login-enforcement/e1", { mfa_method_ids: [m], auth_method_types: ["nope"] }],
  ] as const) {
    const r = await root("POST", path, body);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
  }
  assert.equal((await root("GET", "identity/mfa/login-enforcement/e1")).status, 404);
  for (const body of [{}, { mfa_request_id: "x" }, { mfa_request_id: "x", mfa_payload: { a: [1] } }]) {
    assert.equal((await s.request("POST", "sys/mfa/validate", { body })).status, 400);
  }
  const token = await tokenWith(s, ["default"]);
  for (const [method, path] of [
    ["POST", "identity/mfa/method/totp"],
    ["LIST", "identity/mfa/method/totp"],
    ["GET", `identity/mfa/method/totp/${m}`],
    ["POST", "identity/mfa/method/totp/admin-generate"],
    ["POST", "identity/mfa/method/totp/admin-destroy"],
    ["PUT", "identity/mfa/login-enforcement/e2"],
    ["LIST", "identity/mfa/login-enforcement"],
  ] as const) {
    const r = await s.request(method, path, {
      token,
      body: method === "GET" || method === "LIST" ? undefined : {},
    });
    assert.equal(r.status, 403, `${method} ${path}`);
  }
});
