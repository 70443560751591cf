import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";

const clock = new ManualClock();
let s: TestServer;
const root = () => ({ token: s.rootToken });
const write = (path: string, body: Record<string, unknown> = {}) =>
  s.request("POST", `auth/approle/${path}`, { token: s.rootToken, body });
const login = (body: Record<string, unknown>) => s.request("POST", "auth/approle/login", { body });

async function roleId(role: string): Promise<string> {
  return (await s.request("GET", `auth/approle/role/${role}/role-id`, root())).body.data.role_id as string;
}

async function secretId(role: string, body: Record<string, unknown> = {}) {
  const r = await write(`role/${role}/secret-id`, body);
  assert.equal(r.status, 200, r.text);
  return r.body.data as { secret_id: string; secret_id_accessor: string };
}

before(async () => {
  s = await startTestServer({ clock, kv: false });
  await s.request("POST", "sys/auth/approle", { ...root(), body: { type: "approle" } });
  await write("config/rate_limit", { disable: true });
});
after(() => s.close());

test("secret_id_bound_cidrs and a secret ID's cidr_list refuse logins from other addresses", async () => {
  await write("role/far", { secret_id_bound_cidrs: "10.0.0.0/8" });
  const farSecret = await secretId("far");
  const far = await login({ role_id: await roleId("far"), secret_id: farSecret.secret_id });
  assert.deepEqual(far.body, { errors: ["invalid role or secret ID"] });

  await write("role/near", { secret_id_bound_cidrs: ["127.0.0.0/8", "10.0.0.0/8"] });
  const id = await roleId("near");
  assert.equal((await login({ role_id: id, secret_id: (await secretId("near")).secret_id })).status, 200);
  const notSubset = await write("role/near/secret-id", { cidr_list: "192.168.0.0/16" });
  assert.equal(notSubset.status, 400);
  assert.match(notSubset.text, /cidr_list/);
  const narrow = await secretId("near", { cidr_list: "10.1.0.0/16", num_uses: 0 });
  assert.deepEqual((await login({ role_id: id, secret_id: narrow.secret_id })).body, {
    errors: ["invalid role or secret ID"],
  });
  // A refusal for the address does not use up the secret ID.
  const once = await secretId("near", { cidr_list: "127.0.0.2/32", num_uses: 1 });
  assert.equal((await login({ role_id: id, secret_id: once.secret_id })).status, 400);
  const lookup = await write("role/near/secret-id-accessor/lookup", {
    secret_id_accessor: once.secret_id_accessor,
  });
  assert.equal(lookup.body.data.secret_id_num_uses, 1);
  assert.deepEqual(lookup.body.data.cidr_list, ["127.0.0.2/32"]);
});

test("token_bound_cidrs of the role or of the secret ID bind the issued token", async () => {
  await write("role/tok", { token_bound_cidrs: "10.0.0.0/8", token_policies: "p" });
  const id = await roleId("tok");
  const r = await login({ role_id: id, secret_id: (await secretId("tok")).secret_id });
  assert.equal(r.status, 200);
  const used = await s.request("GET", "auth/token/lookup-self", { token: r.body.auth.client_token });
  assert.equal(used.status, 403);

  await write("role/tok2", { token_bound_cidrs: "127.0.0.0/8" });
  const bad = await write("role/tok2/secret-id", { token_bound_cidrs: "10.0.0.0/8" });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /token_bound_cidrs/);
  const narrow = await secretId("tok2", { token_bound_cidrs: "127.0.0.2/32" });
  const r2 = await login({ role_id: await roleId("tok2"), secret_id: narrow.secret_id });
  assert.equal(r2.status, 200);
  assert.equal(
    (await s.request("GET", "auth/token/lookup-self", { token: r2.body.auth.client_token })).status,
    403,
  );
  const wide = await secretId("tok2");
  const r3 = await login({ role_id: await roleId("tok2"), secret_id: wide.secret_id });
  assert.equal(
    (await s.request("GET", "auth/token/lookup-self", { token: r3.body.auth.client_token })).status,
    200,
  );
});

test("bind_secret_id=false logs in with the role_id alone, from the bound CIDRs only", async () => {
  await write("role/open", {
    bind_secret_id: false,
    secret_id_bound_cidrs: "127.0.0.0/8",
    token_policies: "o",
  });
  const r = await login({ role_id: await roleId("open") });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.auth.metadata, { role_name: "open" });
  const noSecrets = await write("role/open/secret-id");
  assert.deepEqual(noSecrets.body, { errors: ["bind_secret_id is not set on the role"] });

  await write("role/closed", { bind_secret_id: false, secret_id_bound_cidrs: "10.0.0.0/8" });
  assert.equal((await login({ role_id: await roleId("closed") })).status, 400);
  // Removing the last constraint is refused and changes nothing.
  const r2 = await s.request("DELETE", "auth/approle/role/closed/secret-id-bound-cidrs", root());
  assert.equal(r2.status, 400);
  const cidrs = await s.request("GET", "auth/approle/role/closed/secret-id-bound-cidrs", root());
  assert.deepEqual(cidrs.body.data, { secret_id_bound_cidrs: ["10.0.0.0/8"] });
});

test("num_uses and ttl end a secret ID; per-field paths read, set and reset settings", async () => {
  await write("role/lim", { secret_id_ttl: "1h" });
  assert.equal((await write("role/lim/secret-id-num-uses", { secret_id_num_uses: 3 })).status, 204);
  assert.deepEqual((await s.request("GET", "auth/approle/role/lim/secret-id-num-uses", root())).body.data, {
    secret_id_num_uses: 3,
  });
  assert.equal((await write("role/lim/token-ttl", {})).status, 400);
  assert.equal((await write("role/lim/token-ttl", { token_ttl: "5m" })).status, 204);
  assert.equal((await s.request("GET", "auth/approle/role/lim/token-ttl", root())).body.data.token_ttl, 300);
  assert.equal((await s.request("DELETE", "auth/approle/role/lim/token-ttl", root())).status, 204);
  assert.equal((await s.request("GET", "auth/approle/role/lim/token-ttl", root())).body.data.token_ttl, 0);
  assert.equal((await write("role/lim/period", { period: "10m" })).status, 204);
  assert.equal((await s.request("GET", "auth/approle/role/lim/period", root())).body.data.token_period, 600);
  assert.equal((await write("role/lim/nope/secret-id-ttl", { secret_id_ttl: 1 })).status, 404);
  assert.equal((await write("role/ghost/token-ttl", { token_ttl: 1 })).status, 404);

  const id = await roleId("lim");
  const twice = await secretId("lim", { num_uses: 2, ttl: "10m" });
  assert.equal((await write("role/lim/secret-id", { ttl: "2h" })).status, 400);
  assert.equal((await login({ role_id: id, secret_id: twice.secret_id })).status, 200);
  const looked = await write("role/lim/secret-id/lookup", { secret_id: twice.secret_id });
  assert.equal(looked.body.data.secret_id_num_uses, 1);
  assert.equal(looked.body.data.secret_id_ttl, 600);
  assert.equal(looked.body.data.expiration_time, new Date(clock.now() + 600_000).toISOString());
  assert.ok(!looked.text.includes(twice.secret_id));
  clock.advance(601_000);
  assert.deepEqual((await login({ role_id: id, secret_id: twice.secret_id })).body, {
    errors: ["invalid role or secret ID"],
  });
});

test("destroy by value and by accessor; lookups then find nothing", async () => {
  await write("role/gone", {});
  const id = await roleId("gone");
  const a = await secretId("gone");
  const b = await secretId("gone");
  const keys = (await s.request("LIST", "auth/approle/role/gone/secret-id", root())).body.data.keys;
  assert.deepEqual(keys, [a.secret_id_accessor, b.secret_id_accessor].sort());

  assert.equal((await write("role/gone/secret-id/destroy", { secret_id: a.secret_id })).status, 204);
  assert.equal((await login({ role_id: id, secret_id: a.secret_id })).status, 400);
  assert.equal((await write("role/gone/secret-id/lookup", { secret_id: a.secret_id })).status, 204);
  const byAccessor = await write("role/gone/secret-id-accessor/lookup", {
    secret_id_accessor: a.secret_id_accessor,
  });
  assert.equal(byAccessor.status, 404);

  assert.equal(
    (await write("role/gone/secret-id-accessor/destroy", { secret_id_accessor: b.secret_id_accessor }))
      .status,
    204,
  );
  assert.equal((await login({ role_id: id, secret_id: b.secret_id })).status, 400);
  assert.equal((await s.request("LIST", "auth/approle/role/gone/secret-id", root())).status, 404);
  assert.equal(
    (await write("role/gone/secret-id-accessor/destroy", { secret_id_accessor: "x" })).status,
    400,
  );
  assert.equal((await write("role/gone/secret-id/destroy", {})).status, 400);

  // An accessor of another role's secret ID is not this role's.
  await write("role/other", {});
  const c = await secretId("other");
  assert.equal(
    (await write("role/gone/secret-id-accessor/lookup", { secret_id_accessor: c.secret_id_accessor })).status,
    404,
  );

  // Custom secret IDs: registered once per role.
  assert.equal((await write("role/gone/custom-secret-id", { secret_id: "my-own-secret-1" })).status, 200);
  const dup = await write("role/gone/custom-secret-id", { secret_id: "my-own-secret-1" });
  assert.deepEqual(dup.body, { errors: ["SecretID is already registered"] });
  assert.equal((await login({ role_id: id, secret_id: "my-own-secret-1" })).status, 200);

  // Deleting the role deletes its secret IDs; a role created again under the name starts empty.
  assert.equal((await s.request("DELETE", "auth/approle/role/gone", root())).status, 204);
  await write("role/gone", {});
  assert.equal((await s.request("LIST", "auth/approle/role/gone/secret-id", root())).status, 404);
  assert.equal((await login({ role_id: await roleId("gone"), secret_id: "my-own-secret-1" })).status, 400);
});

test("two concurrent logins with a single-use secret ID: exactly one succeeds", async () => {
  await write("role/once", { token_policies: "o" });
  const id = await roleId("once");
  for (let round = 0; round < 3; round++) {
    const one = await secretId("once", { num_uses: 1 });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => login({ role_id: id, secret_id: one.secret_id })),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 400, 400, 400]);
  }
  assert.equal((await s.request("LIST", "auth/approle/role/once/secret-id", root())).status, 404);
});

test("tidy removes expired secret IDs (on demand with 202, and from the periodic hook)", async () => {
  await write("role/tidy", { secret_id_ttl: "1m" });
  const keep = await secretId("tidy", { ttl: 0 }).catch(() => null);
  assert.equal(keep, null, "ttl 0 would outlive the role's secret_id_ttl");
  await write("role/tidy/secret-id-ttl", { secret_id_ttl: 0 });
  const lasting = await secretId("tidy");
  await write("role/tidy/secret-id-ttl", { secret_id_ttl: "1m" });
  await secretId("tidy");
  await secretId("tidy");
  clock.advance(61_000);
  const r = await write("tidy/secret-id");
  assert.equal(r.status, 202);
  assert.match(r.body.warnings[0], /Tidy operation successfully started/);
  assert.deepEqual((await s.request("LIST", "auth/approle/role/tidy/secret-id", root())).body.data.keys, [
    lasting.secret_id_accessor,
  ]);
  await secretId("tidy");
  clock.advance(61_000);
  await s.core.periodic.runOnce();
  assert.deepEqual((await s.request("LIST", "auth/approle/role/tidy/secret-id", root())).body.data.keys, [
    lasting.secret_id_accessor,
  ]);
});

test("renewal stops when the role is deleted, even if one is created again under its name", async () => {
  await write("role/renew", { token_ttl: "10m", token_policies: "r" });
  const r = await login({ role_id: await roleId("renew"), secret_id: (await secretId("renew")).secret_id });
  const token = r.body.auth.client_token as string;
  assert.equal((await s.request("POST", "auth/token/renew-self", { token, body: {} })).status, 200);
  await s.request("DELETE", "auth/approle/role/renew", root());
  await write("role/renew", { token_ttl: "10m", token_policies: "r" });
  const refused = await s.request("POST", "auth/token/renew-self", { token, body: {} });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /role no longer exists/);
});

test("recipe: the operator hands a service its role_id and a wrapped secret_id; the service logs in", async () => {
  await write("role/billing", { token_policies: "billing", token_ttl: "1h", secret_id_num_uses: 1 });
  const id = await roleId("billing");
  const wrapped = await s.request("POST", "auth/approle/role/billing/secret-id", {
    token: s.rootToken,
    headers: { "x-vault-wrap-ttl": "5m" },
    body: {},
  });
  assert.equal(wrapped.status, 200, wrapped.text);
  assert.equal(wrapped.body.data, null);
  const wrapToken = wrapped.body.wrap_info.token as string;
  const unwrapped = await s.request("POST", "sys/wrapping/unwrap", { token: wrapToken, body: {} });
  assert.equal(unwrapped.status, 200, unwrapped.text);
  const r = await login({ role_id: id, secret_id: unwrapped.body.data.secret_id });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.auth.policies, ["billing", "default"]);
  // Unwrapping is one-time: someone who intercepted the wrapping token is found out.
  assert.equal((await s.request("POST", "sys/wrapping/unwrap", { token: wrapToken, body: {} })).status, 400);
});
