import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import nodeVault from "node-vault";
import { startTestServer, type TestServer } from "../../helpers/server.js";

let s: TestServer;

before(async () => {
  s = await startTestServer({ kv: false });
});
after(() => s.close());

test("node-vault's AppRole helpers work unchanged: role, role ID, secret ID, login, lookup, destroy", async () => {
  const admin = nodeVault({ endpoint: s.addr, token: s.rootToken });
  await admin.enableAuth({ mount_point: "approle", type: "approle" });
  await admin.addApproleRole({ role_name: "worker", policies: "worker", token_ttl: 900 });
  const role = await admin.getApproleRole({ role_name: "worker" });
  assert.deepEqual(role.data.token_policies, ["worker"]);
  const roleId = (await admin.getApproleRoleId({ role_name: "worker" })).data.role_id as string;
  const secret = (await admin.getApproleRoleSecret({ role_name: "worker", metadata: '{"host":"w1"}' })).data;

  const service = nodeVault({ endpoint: s.addr });
  const login = await service.approleLogin({ role_id: roleId, secret_id: secret.secret_id });
  assert.deepEqual(login.auth.policies, ["default", "worker"]);
  assert.equal(login.auth.lease_duration, 900);
  assert.equal(service.token, login.auth.client_token);
  assert.equal((await service.tokenLookupSelf()).data.meta.host, "w1");

  const accessors = await admin.approleSecretAccessors({ role_name: "worker" });
  assert.deepEqual(accessors.data.keys, [secret.secret_id_accessor]);
  const looked = await admin.approleSecretLookup({ role_name: "worker", secret_id: secret.secret_id });
  assert.equal(looked.data.secret_id_accessor, secret.secret_id_accessor);
  await admin.approleSecretDestroy({ role_name: "worker", secret_id: secret.secret_id });
  await assert.rejects(
    service.approleLogin({ role_id: roleId, secret_id: secret.secret_id }),
    (err: { response?: { statusCode?: number }; message: string }) => {
      assert.equal(err.response?.statusCode, 400);
      assert.match(err.message, /invalid role or secret ID/);
      return true;
    },
  );
});
