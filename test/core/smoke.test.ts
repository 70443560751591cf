import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

test("a policy-bound token reads its own path and is denied elsewhere", async () => {
  const policy = 'path "secret/data/app/*" { capabilities = ["create", "read", "update"] }';
  assert.equal(
    (await s.request("PUT", "sys/policies/acl/app", { token: s.rootToken, body: { policy } })).status,
    204,
  );
  const t = await tokenWith(s, ["app"]);
  const w = await s.request("POST", "secret/data/app/db", { token: t, body: { data: { password: "pw-1" } } });
  assert.equal(w.status, 200);
  assert.equal(w.body.data.version, 1);
  const r = await s.request("GET", "secret/data/app/db", { token: t });
  assert.deepEqual(r.body.data.data, { password: "pw-1" });
  const denied = await s.request("GET", "secret/data/other/db", { token: t });
  assert.equal(denied.status, 403);
  assert.deepEqual(denied.body, { errors: ["1 error occurred:\n\t* permission denied\n\n"] });
});

test("bad and missing tokens are refused; a sealed server serves nothing", async () => {
  assert.equal((await s.request("GET", "secret/data/app/db")).status, 403);
  const bad = await s.request("GET", "secret/data/app/db", { token: "hvs.nonexistent000000000000" });
  assert.equal(bad.status, 403);
  assert.match(bad.body.errors[0], /invalid token/);
  const other = await startTestServer();
  try {
    assert.equal((await other.request("PUT", "sys/seal", { token: other.rootToken })).status, 204);
    const sealed = await other.request("GET", "secret/data/app/db", { token: other.rootToken });
    assert.equal(sealed.status, 503);
    assert.deepEqual(sealed.body, { errors: ["Vault is sealed"] });
    const st = await other.request("GET", "sys/seal-status");
    assert.equal(st.body.sealed, true);
    const un = await other.request("PUT", "sys/unseal", { body: { key: other.keys[0] } });
    assert.equal(un.body.sealed, false);
    assert.equal((await other.request("GET", "sys/mounts", { token: other.rootToken })).status, 200);
  } finally {
    await other.close();
  }
});

test("response wrapping: the wrapped secret is returned once", async () => {
  await s.request("POST", "secret/data/wrapme", { token: s.rootToken, body: { data: { k: "v" } } });
  const w = await s.request("GET", "secret/data/wrapme", {
    token: s.rootToken,
    headers: { "x-vault-wrap-ttl": "60s" },
  });
  assert.equal(w.status, 200);
  assert.equal(w.body.data, null);
  const wt = w.body.wrap_info.token;
  assert.equal(w.body.wrap_info.ttl, 60);
  const look = await s.request("POST", "sys/wrapping/lookup", { body: { token: wt } });
  assert.equal(look.body.data.creation_path, "secret/data/wrapme");
  const u = await s.request("POST", "sys/wrapping/unwrap", { token: wt });
  assert.equal(u.status, 200);
  assert.deepEqual(u.body.data.data, { k: "v" });
  const again = await s.request("POST", "sys/wrapping/unwrap", { token: wt });
  assert.equal(again.status, 400);
  assert.deepEqual(again.body, { errors: ["wrapping token is not valid or does not exist"] });
});
