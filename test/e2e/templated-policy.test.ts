/**
 * The identity story end to end over HTTP, with node-vault as the users' client: two userpass
 * users share one templated policy that gives each only their own secret/data/users/<name>/*,
 * groups change what existing tokens may do, a disabled entity is locked out, variant spellings
 * are one entity, and template values can never widen a grant.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import nodeVault from "node-vault";
import { totpAt } from "../../src/engines/identity/mfa/totp.js";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";

const PASSWORD = "Templated-policy-pw-7";
let s: TestServer;
let accessor = "";

const root = (method: string, path: string, body?: unknown) =>
  s.request(method, path, { token: s.rootToken, body });

async function status(fn: () => Promise<unknown>): Promise<number> {
  try {
    await fn();
    return 200;
  } catch (err) {
    return (err as { response?: { statusCode?: number } }).response?.statusCode ?? -1;
  }
}

async function userClient(username: string) {
  const client = nodeVault({ endpoint: s.addr });
  const login = await client.userpassLogin({ username, password: PASSWORD });
  client.token = login.auth.client_token;
  return { client, entityId: login.auth.entity_id as string, auth: login.auth };
}

before(async () => {
  s = await startTestServer();
  assert.equal((await root("POST", "sys/auth/userpass", { type: "userpass" })).status, 204);
  accessor = (await root("GET", "sys/auth")).body.data["userpass/"].accessor;
  // Every login here comes from one address: lift the per-address login rate limit.
  await root("POST", "auth/userpass/config/rate_limit", { disable: true });
  const policy = `
path "secret/data/users/{{identity.entity.aliases.${accessor}.name}}/*" {
  capabilities = ["create", "read", "update", "delete"]
}
path "secret/data/teams/{{identity.entity.metadata.team}}/*" {
  capabilities = ["read"]
}`;
  assert.equal((await root("PUT", "sys/policies/acl/per-user", { policy })).status, 204);
  const auditors = 'path "secret/data/users/*" { capabilities = ["read"] }';
  assert.equal((await root("PUT", "sys/policies/acl/auditors", { policy: auditors })).status, 204);
  for (const user of ["alice", "bob"]) {
    const r = await root("POST", `auth/userpass/users/${user}`, {
      password: PASSWORD,
      token_policies: ["per-user"],
    });
    assert.equal(r.status, 204);
  }
  await root("POST", "secret/data/teams/payments/plan", { data: { q: "4" } });
});
after(() => s.close());

test("each user reads and writes only their own secret/data/users/<name>/*", async () => {
  const alice = await userClient("alice");
  const bob = await userClient("bob");
  assert.notEqual(alice.entityId, bob.entityId);
  await alice.client.write("secret/data/users/alice/notes", { data: { note: "a" } });
  await bob.client.write("secret/data/users/bob/notes", { data: { note: "b" } });
  assert.equal((await alice.client.read("secret/data/users/alice/notes")).data.data.note, "a");
  assert.equal((await bob.client.read("secret/data/users/bob/notes")).data.data.note, "b");
  assert.equal(await status(() => alice.client.read("secret/data/users/bob/notes")), 403);
  assert.equal(
    await status(() => bob.client.write("secret/data/users/alice/notes", { data: { x: 1 } })),
    403,
  );
  assert.equal(
    await status(() => alice.client.read("secret/data/users/alice")),
    403,
    "only beneath the own path",
  );
  // The template is rendered per token, never matched literally.
  const literal = `secret/data/users/{{identity.entity.aliases.${accessor}.name}}/x`;
  assert.equal(await status(() => alice.client.write(literal, { data: { x: 1 } })), 403);
});

test("variant spellings of a login name are one entity with one alias", async () => {
  const plain = await userClient("alice");
  const shouting = await userClient("ALICE");
  const padded = await userClient(" Alice ");
  assert.equal(shouting.entityId, plain.entityId);
  assert.equal(padded.entityId, plain.entityId);
  assert.equal((await shouting.client.read("secret/data/users/alice/notes")).data.data.note, "a");
  const entity = await root("GET", `identity/entity/id/${plain.entityId}`);
  assert.equal(entity.body.data.aliases.length, 1);
});

test("a group's policies reach existing tokens as soon as the group changes", async () => {
  const alice = await userClient("alice");
  assert.equal(await status(() => alice.client.read("secret/data/users/bob/notes")), 403);
  const g = await root("POST", "identity/group", {
    name: "auditors",
    policies: ["auditors"],
    member_entity_ids: [alice.entityId],
  });
  assert.equal(g.status, 200);
  assert.equal((await alice.client.read("secret/data/users/bob/notes")).data.data.note, "b");
  const self = await alice.client.tokenLookupSelf();
  assert.deepEqual(self.data.identity_policies, ["auditors"]);
  await root("POST", `identity/group/id/${g.body.data.id}`, { member_entity_ids: [] });
  assert.equal(await status(() => alice.client.read("secret/data/users/bob/notes")), 403);
});

test("a disabled entity can neither use its tokens nor log in again", async () => {
  const bob = await userClient("bob");
  await root("POST", `identity/entity/id/${bob.entityId}`, { disabled: true });
  assert.equal(await status(() => bob.client.read("secret/data/users/bob/notes")), 403);
  assert.equal(await status(() => userClient("Bob")), 403);
  await root("POST", `identity/entity/id/${bob.entityId}`, { disabled: false });
  assert.equal((await bob.client.read("secret/data/users/bob/notes")).data.data.note, "b");
});

test("template values holding '*', '+' or '/' grant nothing instead of widening the path", async () => {
  const alice = await userClient("alice");
  const setTeam = (team: string) =>
    root("POST", `identity/entity/id/${alice.entityId}`, { metadata: { team } });
  await setTeam("payments");
  assert.equal((await alice.client.read("secret/data/teams/payments/plan")).data.data.q, "4");
  for (const team of ["*", "pay*", "+", "payments/plan", "payments/*"]) {
    await setTeam(team);
    assert.equal(await status(() => alice.client.read("secret/data/teams/payments/plan")), 403, team);
  }
  await root("POST", `identity/entity/id/${alice.entityId}`, { metadata: {} });
  assert.equal(await status(() => alice.client.read("secret/data/teams/payments/plan")), 403, "missing key");
});

test("login MFA with TOTP: enrol, the login waits for a code, the code completes it once", async () => {
  const alice = await userClient("alice");
  const method = await root("POST", "identity/mfa/method/totp", { issuer: "cofre" });
  const methodId = method.body.data.method_id as string;
  const enrol = await root("POST", "identity/mfa/method/totp/admin-generate", {
    entity_id: alice.entityId,
    method_id: methodId,
  });
  const key = new URL(enrol.body.data.url).searchParams.get("secret") ?? "";
  await root("PUT", "identity/mfa/login-enforcement/e2e", {
    mfa_method_ids: [methodId],
    auth_method_types: ["userpass"],
  });
  const pending = await s.request("POST", "auth/userpass/login/ALICE", { body: { password: PASSWORD } });
  assert.equal(pending.status, 200, pending.text);
  assert.equal(pending.body.auth.client_token, "");
  const requestId = pending.body.auth.mfa_requirement.mfa_request_id as string;
  const passcode = totpAt(key, Date.now(), { algorithm: "SHA1", digits: 6, period: 30, skew: 1 });
  const done = await s.request("POST", "sys/mfa/validate", {
    body: { mfa_request_id: requestId, mfa_payload: { [methodId]: [passcode] } },
  });
  assert.equal(done.status, 200);
  const client = nodeVault({ endpoint: s.addr, token: done.body.auth.client_token });
  assert.equal((await client.read("secret/data/users/alice/notes")).data.data.note, "a");
  const replay = await s.request("POST", "auth/userpass/login/alice", {
    body: { password: PASSWORD },
    headers: { "x-vault-mfa": `${methodId}:${passcode}` },
  });
  assert.equal(replay.status, 403);
  await root("DELETE", "identity/mfa/login-enforcement/e2e");
});

test("attaching the root policy to an entity needs sudo on sys/policies/acl/*", async () => {
  await root("PUT", "sys/policies/acl/id-admin", {
    policy: 'path "identity/*" { capabilities = ["create", "update", "read"] }',
  });
  const admin = nodeVault({ endpoint: s.addr, token: await tokenWith(s, ["id-admin"]) });
  assert.equal(
    await status(() => admin.write("identity/entity", { name: "escalate", policies: ["root"] })),
    403,
  );
  assert.equal(
    await status(() => admin.write("identity/group", { name: "escalate", policies: ["root"] })),
    403,
  );
  assert.equal(
    await status(() => admin.write("identity/entity", { name: "modest", policies: ["auditors"] })),
    200,
  );
});
