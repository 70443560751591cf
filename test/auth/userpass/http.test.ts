import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";

const PASSWORD = "s3cret-Userpass-pw!";
const clock = new ManualClock();
let s: TestServer;

before(async () => {
  s = await startTestServer({ clock, kv: false });
  const r = await s.request("POST", "sys/auth/userpass", { token: s.rootToken, body: { type: "userpass" } });
  assert.equal(r.status, 204);
  const w = await s.request("POST", "auth/userpass/users/alice", {
    token: s.rootToken,
    body: { password: PASSWORD, token_policies: ["dev"], token_ttl: "30m", token_max_ttl: "2h" },
  });
  assert.equal(w.status, 204);
});
after(() => s.close());

test("login gives a token with exactly the configured policies and TTL; it renews", async () => {
  const r = await s.request("POST", "auth/userpass/login/Alice", { body: { password: PASSWORD } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.auth.policies, ["default", "dev"]);
  assert.equal(r.body.auth.lease_duration, 1800);
  assert.equal(r.body.auth.renewable, true);
  assert.deepEqual(r.body.auth.metadata, { username: "alice" });
  assert.ok(!r.text.includes(PASSWORD));
  const token = r.body.auth.client_token as string;
  const self = await s.request("GET", "auth/token/lookup-self", { token });
  assert.equal(self.body.data.display_name, "userpass-alice");
  assert.equal(self.body.data.path, "auth/userpass/login/Alice");
  clock.advance(20 * 60 * 1000);
  const renewed = await s.request("POST", "auth/token/renew-self", { token, body: {} });
  assert.equal(renewed.status, 200);
  assert.equal(renewed.body.auth.lease_duration, 1800);
});

test("wrong password and unknown user get the same answer; malformed requests get 400", async () => {
  const wrong = await s.request("POST", "auth/userpass/login/alice", { body: { password: "x" } });
  const unknown = await s.request("POST", "auth/userpass/login/zed", { body: { password: "x" } });
  assert.equal(wrong.status, 400);
  assert.deepEqual(wrong.body, { errors: ["invalid username or password"] });
  assert.deepEqual(unknown.body, wrong.body);
  assert.equal(unknown.status, wrong.status);
  const malformed = await s.request("POST", "auth/userpass/login/alice", { body: "{not json" });
  assert.equal(malformed.status, 400);
  const badType = await s.request("POST", "auth/userpass/users/alice", {
    token: s.rootToken,
    body: { token_ttl: { nested: true } },
  });
  assert.equal(badType.status, 400);
  const read = await s.request("GET", "auth/userpass/users/alice", { token: s.rootToken });
  assert.equal(read.body.data.token_ttl, 1800);
  assert.ok(!read.text.includes("password") && !read.text.includes("hash"));
});

test("user management needs a token with the right policy", async () => {
  const nobody = await tokenWith(s, ["default"]);
  for (const [method, path] of [
    ["POST", "auth/userpass/users/mallory"],
    ["GET", "auth/userpass/users/alice"],
    ["LIST", "auth/userpass/users"],
    ["DELETE", "auth/userpass/users/alice"],
    ["POST", "auth/userpass/users/alice/password"],
  ]) {
    const r = await s.request(method, path, {
      token: nobody,
      body: method === "POST" ? { password: "p" } : undefined,
    });
    assert.equal(r.status, 403, `${method} ${path}`);
  }
  assert.equal((await s.request("GET", "auth/userpass/users/mallory", { token: s.rootToken })).status, 404);
  const list = await s.request("LIST", "auth/userpass/users", { token: s.rootToken });
  assert.deepEqual(list.body.data.keys, ["alice"]);
});

test("brute force: lockout after 5 failures (variant spellings count), then 429 from the rate limit", async () => {
  await s.request("POST", "auth/userpass/users/bob", { token: s.rootToken, body: { password: PASSWORD } });
  for (const name of ["bob", "BOB", "Bob", "bOb", "%20bob"]) {
    const r = await s.request("POST", `auth/userpass/login/${name}`, { body: { password: "guess" } });
    assert.equal(r.status, 400);
  }
  const locked = await s.request("POST", "auth/userpass/login/bob", { body: { password: PASSWORD } });
  assert.deepEqual(locked.body, { errors: ["invalid username or password"] });
  // The default burst is 10 attempts per address: the next ones are refused with 429.
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) {
    statuses.push(
      (await s.request("POST", "auth/userpass/login/zed", { body: { password: "guess" } })).status,
    );
  }
  assert.equal(statuses.at(-1), 429);
  const limited = await s.request("POST", "auth/userpass/login/bob", { body: { password: PASSWORD } });
  assert.equal(limited.status, 429);
  assert.deepEqual(limited.body, { errors: ["too many login attempts from this address; try again later"] });
  clock.advance(16 * 60 * 1000);
  const ok = await s.request("POST", "auth/userpass/login/bob", { body: { password: PASSWORD } });
  assert.equal(ok.status, 200);
});
