/**
 * Issue 4, item 9: no auth method can hand out the root policy. Attaching `root` to a user or role
 * is refused at write time (400, nothing stored), even for a root token, on every method.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.js";

let s: TestServer;

before(async () => {
  s = await startTestServer();
  for (const type of ["userpass", "approle", "jwt", "kubernetes"]) {
    const r = await s.request("POST", `sys/auth/${type}`, { token: s.rootToken, body: { type } });
    assert.equal(r.status, 204, `enable ${type}: ${JSON.stringify(r.body)}`);
  }
});
after(() => s.close());

const writes: Array<[string, Record<string, unknown>]> = [
  ["auth/userpass/users/bob", { password: "a-long-password-1", token_policies: "dev,root" }],
  ["auth/userpass/users/bob", { password: "a-long-password-1", policies: ["ROOT"] }],
  ["auth/approle/role/app", { token_policies: " root " }],
  [
    "auth/jwt/role/ci",
    { role_type: "jwt", user_claim: "sub", bound_audiences: "cofre", token_policies: "root" },
  ],
  [
    "auth/kubernetes/role/pod",
    { bound_service_account_names: "app", bound_service_account_namespaces: "prod", token_policies: "root" },
  ],
];

for (const [path, body] of writes) {
  test(`writing the root policy to ${path} is refused and stores nothing`, async () => {
    const r = await s.request("POST", path, { token: s.rootToken, body });
    assert.equal(r.status, 400);
    assert.match(JSON.stringify(r.body), /root/);
    assert.equal((await s.request("GET", path, { token: s.rootToken })).status, 404);
  });
}

test("an existing user's policies cannot be changed to include root", async () => {
  const ok = await s.request("POST", "auth/userpass/users/carol", {
    token: s.rootToken,
    body: { password: "a-long-password-2", token_policies: "dev" },
  });
  assert.equal(ok.status, 204);
  const r = await s.request("POST", "auth/userpass/users/carol/policies", {
    token: s.rootToken,
    body: { token_policies: "root" },
  });
  assert.equal(r.status, 400);
  const user = await s.request("GET", "auth/userpass/users/carol", { token: s.rootToken });
  assert.deepEqual((user.body as { data: { token_policies: string[] } }).data.token_policies, ["dev"]);
});
