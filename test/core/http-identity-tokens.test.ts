import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.js";

const PASSWORD = "Identity-wiring-pw-1";
let s: TestServer;
let accessor = "";

before(async () => {
  s = await startTestServer();
  await s.request("POST", "sys/auth/userpass", { token: s.rootToken, body: { type: "userpass" } });
  accessor = (await s.request("GET", "sys/auth", { token: s.rootToken })).body.data["userpass/"].accessor;
  for (const user of ["ivy", "jack", "kim"]) {
    const r = await s.request("POST", `auth/userpass/users/${user}`, {
      token: s.rootToken,
      body: { password: PASSWORD, token_policies: ["mine"] },
    });
    assert.equal(r.status, 204);
  }
  const policy = 'path "secret/data/team/*" { capabilities = ["read", "create", "update"] }';
  await s.request("PUT", "sys/policies/acl/team", { token: s.rootToken, body: { policy } });
});
after(() => s.close());

const root = (method: string, path: string, body?: unknown) =>
  s.request(method, path, { token: s.rootToken, body });

async function login(name: string) {
  return s.request("POST", `auth/userpass/login/${name}`, { body: { password: PASSWORD } });
}

test("a login creates the entity and alias once; variant spellings map to the same entity", async () => {
  const first = await login("ivy");
  assert.equal(first.status, 200);
  const entityId = first.body.auth.entity_id as string;
  assert.match(entityId, /^[0-9a-f-]{36}$/);
  for (const variant of ["IVY", " Ivy ", "ivy"]) {
    const again = await login(encodeURIComponent(variant));
    assert.equal(again.body.auth.entity_id, entityId, variant);
  }
  const entity = await root("GET", `identity/entity/id/${entityId}`);
  assert.match(entity.body.data.name, /^entity_[0-9a-f]{8}$/);
  assert.equal(entity.body.data.aliases.length, 1);
  assert.equal(entity.body.data.aliases[0].name, "ivy");
  assert.equal(entity.body.data.aliases[0].mount_accessor, accessor);
  const byAlias = await root("POST", "identity/lookup/entity", {
    alias_name: "IVY",
    alias_mount_accessor: accessor,
  });
  assert.equal(byAlias.body.data.id, entityId);
  const self = await s.request("GET", "auth/token/lookup-self", { token: first.body.auth.client_token });
  assert.equal(self.body.data.entity_id, entityId);
});

test("entity and group policies join the token's own, and a group change reaches existing tokens", async () => {
  const r = await login("jack");
  const token = r.body.auth.client_token as string;
  const entityId = r.body.auth.entity_id as string;
  assert.deepEqual(r.body.auth.policies, ["default", "mine"]);
  const write = () => s.request("POST", "secret/data/team/notes", { token, body: { data: { v: "1" } } });
  assert.equal((await write()).status, 403);

  const group = await root("POST", "identity/group", {
    name: "team",
    policies: ["team"],
    member_entity_ids: [entityId],
  });
  assert.equal(group.status, 200);
  assert.equal((await write()).status, 200);
  const self = await s.request("GET", "auth/token/lookup-self", { token });
  assert.deepEqual(self.body.data.identity_policies, ["team"]);
  assert.deepEqual(self.body.data.policies, ["default", "mine"]);
  const caps = await s.request("POST", "sys/capabilities-self", {
    token,
    body: { paths: ["secret/data/team/x"] },
  });
  assert.deepEqual(caps.body.data.capabilities, ["create", "read", "update"]);

  // A nested parent group's policies are inherited too; a fresh login shows them in its envelope.
  await root("POST", `identity/group/id/${group.body.data.id}`, { policies: [] });
  assert.equal((await write()).status, 403);
  await root("POST", "identity/group", {
    name: "org",
    policies: ["team"],
    member_group_ids: [group.body.data.id],
  });
  assert.equal((await write()).status, 200);
  const fresh = await login("jack");
  assert.deepEqual(fresh.body.auth.identity_policies, ["team"]);
  assert.deepEqual(fresh.body.auth.token_policies, ["default", "mine"]);
  assert.deepEqual(fresh.body.auth.policies, ["default", "mine", "team"]);

  // Removing the entity from the group takes the grant away from the existing token.
  await root("POST", `identity/group/id/${group.body.data.id}`, { member_entity_ids: [] });
  assert.equal((await write()).status, 403);
});

test("a disabled entity cannot log in or use its tokens; enabling it restores both", async () => {
  const r = await login("kim");
  const token = r.body.auth.client_token as string;
  const entityId = r.body.auth.entity_id as string;
  assert.equal((await s.request("GET", "auth/token/lookup-self", { token })).status, 200);
  await root("POST", `identity/entity/id/${entityId}`, { disabled: true });
  const refused = await s.request("GET", "auth/token/lookup-self", { token });
  assert.equal(refused.status, 403);
  assert.match(refused.body.errors.join(" "), /permission denied/);
  const relogin = await login("KIM");
  assert.equal(relogin.status, 403);
  assert.equal(relogin.body.auth ?? null, null);
  await root("POST", `identity/entity/id/${entityId}`, { disabled: false });
  assert.equal((await s.request("GET", "auth/token/lookup-self", { token })).status, 200);
  assert.equal((await login("kim")).status, 200);
});

test("token roles' entity_alias resolves to an entity with an alias on the token mount", async () => {
  await root("POST", "auth/token/roles/svc", { allowed_entity_aliases: ["svc-*"], orphan: true });
  const r = await root("POST", "auth/token/create/svc", { entity_alias: "svc-batch" });
  assert.equal(r.status, 200);
  const entityId = r.body.auth.entity_id as string;
  assert.match(entityId, /^[0-9a-f-]{36}$/);
  const again = await root("POST", "auth/token/create/svc", { entity_alias: "svc-batch" });
  assert.equal(again.body.auth.entity_id, entityId);
  const tokenAccessor = (await root("GET", "sys/auth")).body.data["token/"].accessor;
  const entity = await root("GET", `identity/entity/id/${entityId}`);
  assert.equal(entity.body.data.aliases[0].mount_accessor, tokenAccessor);
  assert.equal(entity.body.data.aliases[0].name, "svc-batch");
});
