import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";

const PASSWORD = "Root-guard-pw-31";
let s: TestServer;

before(async () => {
  s = await startTestServer({ kv: false });
  const put = (name: string, policy: string) =>
    s.request("PUT", `sys/policies/acl/${name}`, { token: s.rootToken, body: { policy } });
  await put(
    "identity-admin",
    'path "identity/*" { capabilities = ["create", "read", "update", "delete", "list"] }',
  );
  await put("policy-sudo", 'path "sys/policies/acl/*" { capabilities = ["read", "update", "sudo"] }');
  await put("creator", 'path "auth/token/create" { capabilities = ["update", "sudo"] }');
  await put("policy-writer", 'path "sys/policies/acl/*" { capabilities = ["read", "update"] }');
  await s.request("POST", "sys/auth/userpass", { token: s.rootToken, body: { type: "userpass" } });
  await s.request("POST", "auth/userpass/users/root-seeker", {
    token: s.rootToken,
    body: { password: PASSWORD },
  });
});
after(() => s.close());

test("attaching root to an entity or group needs root or sudo on sys/policies/acl/*", async () => {
  const plain = await tokenWith(s, ["identity-admin"]);
  const writer = await tokenWith(s, ["identity-admin", "policy-writer"]);
  const sudo = await tokenWith(s, ["identity-admin", "policy-sudo"]);
  for (const token of [plain, writer]) {
    const e = await s.request("POST", "identity/entity", {
      token,
      body: { name: "wannabe", policies: ["ROOT"] },
    });
    assert.equal(e.status, 403);
    assert.match(e.body.errors.join(" "), /root/);
    const g = await s.request("POST", "identity/group", {
      token,
      body: { name: "wannabes", policies: ["root"] },
    });
    assert.equal(g.status, 403);
  }
  // Nothing was created by the refused writes.
  assert.equal((await s.request("GET", "identity/entity/name/wannabe", { token: s.rootToken })).status, 404);
  assert.equal((await s.request("GET", "identity/group/name/wannabes", { token: s.rootToken })).status, 404);
  // Other policies stay attachable by the plain identity admin.
  const ok = await s.request("POST", "identity/entity", {
    token: plain,
    body: { name: "fine", policies: ["dev"] },
  });
  assert.equal(ok.status, 200);
  const withSudo = await s.request("POST", "identity/group", {
    token: sudo,
    body: { name: "admins", policies: ["root"] },
  });
  assert.equal(withSudo.status, 200);
  const byRoot = await s.request("POST", "identity/entity", {
    token: s.rootToken,
    body: { name: "boss", policies: ["root"] },
  });
  assert.equal(byRoot.status, 200);
});

test("a login whose entity holds root is refused: auth methods never mint root tokens", async () => {
  const first = await s.request("POST", "auth/userpass/login/root-seeker", { body: { password: PASSWORD } });
  assert.equal(first.status, 200);
  const entityId = first.body.auth.entity_id as string;
  await s.request("POST", `identity/entity/id/${entityId}`, {
    token: s.rootToken,
    body: { policies: ["root"] },
  });
  const again = await s.request("POST", "auth/userpass/login/root-seeker", { body: { password: PASSWORD } });
  assert.equal(again.status, 400);
  assert.deepEqual(again.body.errors, ["auth methods cannot create root tokens"]);
  await s.request("POST", `identity/entity/id/${entityId}`, {
    token: s.rootToken,
    body: { policies: ["response-wrapping"] },
  });
  const wrapping = await s.request("POST", "auth/userpass/login/root-seeker", {
    body: { password: PASSWORD },
  });
  assert.equal(wrapping.status, 400);
});

test("token creation keeps root for root parents only", async () => {
  const sudo = await tokenWith(s, ["policy-sudo", "creator"]);
  const r = await s.request("POST", "auth/token/create", { token: sudo, body: { policies: ["root"] } });
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.errors, ["root tokens may not be created without parent token being root"]);
});
