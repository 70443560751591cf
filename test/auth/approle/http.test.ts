import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";

const clock = new ManualClock();
let s: TestServer;
const root = () => ({ token: s.rootToken });

async function write(path: string, body: Record<string, unknown> = {}) {
  return s.request("POST", `auth/approle/${path}`, { token: s.rootToken, body });
}

async function roleId(role: string): Promise<string> {
  const r = await s.request("GET", `auth/approle/role/${role}/role-id`, root());
  assert.equal(r.status, 200, r.text);
  return r.body.data.role_id as string;
}

async function secretId(role: string, body: Record<string, unknown> = {}) {
  const r = await write(`role/${role}/secret-id`, body);
  assert.equal(r.status, 200, r.text);
  return r.body.data as {
    secret_id: string;
    secret_id_accessor: string;
    secret_id_ttl: number;
    secret_id_num_uses: number;
  };
}

const login = (body: Record<string, unknown>) => s.request("POST", "auth/approle/login", { body });

before(async () => {
  s = await startTestServer({ clock, kv: false });
  assert.equal(
    (await s.request("POST", "sys/auth/approle", { ...root(), body: { type: "approle" } })).status,
    204,
  );
  // The rate limit has its own test below; here every login comes from 127.0.0.1.
  assert.equal((await write("config/rate_limit", { disable: true })).status, 204);
});
after(() => s.close());

test("login gives a token with exactly the role's policies and TTLs; it renews until the role changes", async () => {
  const w = await write("role/Web", {
    token_policies: "web,db",
    token_ttl: "20m",
    token_max_ttl: "1h",
    secret_id_ttl: "10m",
    secret_id_num_uses: 5,
  });
  assert.equal(w.status, 204, w.text);
  const read = await s.request("GET", "auth/approle/role/web", root());
  assert.equal(read.body.data.bind_secret_id, true);
  assert.equal(read.body.data.secret_id_ttl, 600);
  assert.equal(read.body.data.secret_id_num_uses, 5);
  assert.deepEqual(read.body.data.token_policies, ["db", "web"]);
  assert.equal(read.body.data.token_ttl, 1200);
  assert.equal(read.body.data.local_secret_ids, false);
  assert.deepEqual((await s.request("LIST", "auth/approle/role", root())).body.data.keys, ["web"]);

  const id = await roleId("web");
  assert.match(id, /^[0-9a-f-]{36}$/);
  const secret = await secretId("web", { metadata: '{"team":"blue"}' });
  assert.equal(secret.secret_id_ttl, 600);
  assert.equal(secret.secret_id_num_uses, 5);

  const r = await login({ role_id: id, secret_id: secret.secret_id });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.auth.policies, ["db", "default", "web"]);
  assert.deepEqual(r.body.auth.token_policies, ["db", "default", "web"]);
  assert.equal(r.body.auth.lease_duration, 1200);
  assert.equal(r.body.auth.renewable, true);
  assert.deepEqual(r.body.auth.metadata, { role_name: "web", team: "blue" });
  assert.ok(!r.text.includes(secret.secret_id));
  const token = r.body.auth.client_token as string;
  const self = await s.request("GET", "auth/token/lookup-self", { token });
  assert.equal(self.body.data.display_name, "approle");
  assert.equal(self.body.data.path, "auth/approle/login");

  clock.advance(10 * 60 * 1000);
  const renewed = await s.request("POST", "auth/token/renew-self", { token, body: {} });
  assert.equal(renewed.status, 200, renewed.text);
  assert.equal(renewed.body.auth.lease_duration, 1200);

  assert.equal((await write("role/web/policies", { token_policies: "web" })).status, 204);
  const refused = await s.request("POST", "auth/token/renew-self", { token, body: {} });
  assert.equal(refused.status, 400);
  assert.match(refused.text, /policies have changed/);
});

test("unknown role_id, wrong, missing or used-up secret_id all get the same answer; malformed input is a 400", async () => {
  await write("role/api", { token_policies: "api", secret_id_num_uses: 2 });
  const id = await roleId("api");
  const secret = await secretId("api");
  for (let i = 0; i < 2; i++)
    assert.equal((await login({ role_id: id, secret_id: secret.secret_id })).status, 200);
  const refusals = [
    await login({ role_id: id, secret_id: secret.secret_id }), // used up
    await login({ role_id: id, secret_id: "wrong" }),
    await login({ role_id: id }),
    await login({ role_id: "no-such-role-id", secret_id: secret.secret_id }),
  ];
  for (const r of refusals) {
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { errors: ["invalid role or secret ID"] });
  }
  assert.deepEqual((await login({ secret_id: "x" })).body, { errors: ["missing role_id"] });
  assert.equal((await s.request("POST", "auth/approle/login", { body: "{not json" })).status, 400);
  assert.equal((await login({ role_id: { nested: 1 }, secret_id: "x" })).status, 400);

  for (const [path, body, message] of [
    ["role/bad", { secret_id_num_uses: "many" }, /secret_id_num_uses/],
    ["role/bad", { token_bound_cidrs: "10.0.0.0/99" }, /CIDR/],
    ["role/bad", { secret_id_num_uses: -1 }, /cannot be negative/],
    ["role/bad", { bind_secret_id: false }, /at least one constraint/],
    ["role/bad", { token_ttl: "2h", token_max_ttl: "1h" }, /token_ttl/],
    ["role/api/secret-id", { num_uses: 3 }, /num_uses cannot be higher/],
    ["role/api/secret-id", { num_uses: 0 }, /num_uses cannot be higher/],
    ["role/api/secret-id", { metadata: "not json" }, /failed to parse metadata/],
    ["role/api/secret-id", { metadata: '{"n":1}' }, /failed to parse metadata/],
    ["role/api/custom-secret-id", {}, /missing secret_id/],
    ["role/api/role-id", { role_id: "" }, /missing role_id/],
    ["role/api/role-id", { role_id: "padded " }, /whitespace/],
    ["role/api/custom-secret-id", { secret_id: " padded" }, /whitespace/],
  ] as const) {
    const r = await write(path, body);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}`);
    assert.match(r.body.errors.join(" "), message);
  }
  assert.equal((await s.request("GET", "auth/approle/role/bad", root())).status, 404);
  assert.equal((await write("role/nobody/secret-id")).status, 404);
  assert.equal((await s.request("GET", "auth/approle/role/nobody/role-id", root())).status, 404);
});

test("role_id: custom values, unique across roles, and the old one stops working", async () => {
  await write("role/one", { token_policies: "one" });
  await write("role/two", { token_policies: "two" });
  assert.equal((await write("role/one/role-id", { role_id: "custom-one" })).status, 204);
  assert.equal(await roleId("one"), "custom-one");
  const taken = await write("role/two/role-id", { role_id: "custom-one" });
  assert.equal(taken.status, 400);
  assert.deepEqual(taken.body, { errors: ["role_id already in use"] });
  assert.notEqual(await roleId("two"), "custom-one");
  const created = await write("role/three", { role_id: "custom-one", token_policies: "x" });
  assert.equal(created.status, 400);
  assert.equal((await s.request("GET", "auth/approle/role/three", root())).status, 404);

  const secret = await secretId("one");
  assert.equal((await login({ role_id: "custom-one", secret_id: secret.secret_id })).status, 200);
  assert.equal((await write("role/one/role-id", { role_id: "custom-one-b" })).status, 204);
  assert.equal((await login({ role_id: "custom-one", secret_id: secret.secret_id })).status, 400);
  assert.equal((await login({ role_id: "custom-one-b", secret_id: secret.secret_id })).status, 200);
  // The freed role_id can be given to another role.
  assert.equal((await write("role/two/role-id", { role_id: "custom-one" })).status, 204);
});

test("role management needs a token with the right policy (403 otherwise)", async () => {
  await write("role/guarded", { token_policies: "x" });
  const nobody = await tokenWith(s, ["default"]);
  for (const [method, path] of [
    ["POST", "role/mallory"],
    ["GET", "role/guarded"],
    ["LIST", "role"],
    ["DELETE", "role/guarded"],
    ["GET", "role/guarded/role-id"],
    ["POST", "role/guarded/role-id"],
    ["POST", "role/guarded/secret-id"],
    ["LIST", "role/guarded/secret-id"],
    ["POST", "role/guarded/custom-secret-id"],
    ["POST", "role/guarded/secret-id/lookup"],
    ["POST", "role/guarded/secret-id/destroy"],
    ["POST", "role/guarded/secret-id-accessor/lookup"],
    ["POST", "role/guarded/secret-id-accessor/destroy"],
    ["POST", "role/guarded/token-ttl"],
    ["POST", "tidy/secret-id"],
    ["POST", "config/rate_limit"],
  ]) {
    const r = await s.request(method, `auth/approle/${path}`, {
      token: nobody,
      body: method === "POST" ? { secret_id: "x", role_id: "y" } : undefined,
    });
    assert.equal(r.status, 403, `${method} ${path}`);
  }
  assert.equal((await s.request("GET", "auth/approle/role/guarded", root())).status, 200);
  assert.equal((await s.request("GET", "auth/approle/role/mallory", root())).status, 404);
});

test("the login rate limit answers 429 per client address", async () => {
  assert.equal((await write("config/rate_limit", { disable: false, burst: 3, rate: 1 })).status, 204);
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) statuses.push((await login({ role_id: "x", secret_id: "y" })).status);
  assert.deepEqual(statuses, [400, 400, 400, 429]);
  const limited = await login({ role_id: "x", secret_id: "y" });
  assert.deepEqual(limited.body, { errors: ["too many login attempts from this address; try again later"] });
  clock.advance(2000);
  assert.equal((await login({ role_id: "x", secret_id: "y" })).status, 400);
  assert.deepEqual((await s.request("GET", "auth/approle/config/rate_limit", root())).body.data, {
    rate: 1,
    burst: 3,
    disable: false,
  });
  assert.equal((await write("config/rate_limit", { disable: true })).status, 204);
});
