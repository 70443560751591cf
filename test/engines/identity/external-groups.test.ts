/**
 * External groups: a group whose members are the entities whose jwt logins reported its alias in
 * their groups claim. Its policies reach those tokens at request time, and leave them when a later
 * login no longer reports the group.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { rsaKey, sign } from "../../auth/jwt/issuer.js";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";

const clock = new ManualClock();
const key = rsaKey("idp");
let s: TestServer;
let jwtAccessor = "";

const root = (method: string, path: string, body?: unknown) =>
  s.request(method, path, { token: s.rootToken, body });

before(async () => {
  s = await startTestServer({ clock, kv: false });
  assert.equal((await root("POST", "sys/auth/jwt", { type: "jwt" })).status, 204);
  assert.equal(
    (await root("POST", "auth/jwt/config", { jwt_validation_pubkeys: [key.publicPem] })).status,
    204,
  );
  const role = await root("POST", "auth/jwt/role/people", {
    role_type: "jwt",
    user_claim: "sub",
    bound_audiences: "cofre",
    groups_claim: "groups",
    token_policies: "default",
  });
  assert.equal(role.status, 204, role.text);
  const policy = await root("PUT", "sys/policies/acl/platform-read", {
    policy: 'path "secret/data/platform/*" { capabilities = ["read"] }',
  });
  assert.equal(policy.status, 204);
  jwtAccessor = (await root("GET", "sys/auth")).body.data["jwt/"].accessor;
});
after(() => s.close());

async function login(sub: string, groups: string[]): Promise<string> {
  clock.advance(1000); // past the per-address login rate limit
  const now = Math.floor(clock.now() / 1000);
  const jwt = await sign(key, { sub, aud: "cofre", groups, iat: now, exp: now + 300 });
  const r = await s.request("POST", "auth/jwt/login", { body: { role: "people", jwt } });
  assert.equal(r.status, 200, r.text);
  return r.body.auth.client_token as string;
}

const canRead = async (token: string) => {
  const r = await s.request("POST", "sys/capabilities-self", {
    token,
    body: { paths: ["secret/data/platform/db"] },
  });
  assert.equal(r.status, 200, r.text);
  return r.body.data.capabilities.includes("read") as boolean;
};

test("an external group's alias on the jwt mount brings its policies to logins whose groups claim names it", async () => {
  const g = await root("POST", "identity/group", {
    name: "platform",
    type: "external",
    policies: "platform-read",
  });
  assert.equal(g.status, 200, g.text);
  const groupId = g.body.data.id as string;
  const a = await root("POST", "identity/group-alias", {
    name: "platform-team",
    mount_accessor: jwtAccessor,
    canonical_id: groupId,
  });
  assert.equal(a.status, 200, a.text);
  const aliasId = a.body.data.id as string;
  assert.equal(a.body.data.canonical_id, groupId);

  const read = await root("GET", `identity/group/id/${groupId}`);
  assert.equal(read.body.data.type, "external");
  assert.equal(read.body.data.alias.id, aliasId);
  assert.equal(read.body.data.alias.name, "platform-team");
  assert.equal(read.body.data.alias.mount_accessor, jwtAccessor);
  assert.equal(read.body.data.alias.mount_type, "jwt");
  const listed = await root("LIST", "identity/group-alias/id");
  assert.deepEqual(listed.body.data.keys, [aliasId]);
  assert.equal(listed.body.data.key_info[aliasId].canonical_id, groupId);
  assert.equal((await root("GET", `identity/group-alias/id/${aliasId}`)).body.data.name, "platform-team");

  for (const body of [
    { alias_id: aliasId },
    { alias_name: "platform-team", alias_mount_accessor: jwtAccessor },
  ]) {
    const found = await root("POST", "identity/lookup/group", body);
    assert.equal(found.body.data.id, groupId, JSON.stringify(body));
  }
  assert.equal((await root("POST", "identity/lookup/group", { alias_name: "platform-team" })).status, 400);

  const alice = await login("alice", ["platform-team", "unrelated"]);
  assert.equal(await canRead(alice), true);
  const self = await s.request("GET", "auth/token/lookup-self", { token: alice });
  assert.deepEqual(self.body.data.identity_policies, ["platform-read"]);
  const entityId = self.body.data.entity_id as string;
  assert.deepEqual((await root("GET", `identity/group/id/${groupId}`)).body.data.member_entity_ids, [
    entityId,
  ]);
  assert.deepEqual((await root("GET", `identity/entity/id/${entityId}`)).body.data.group_ids, [groupId]);

  const bob = await login("bob", ["unrelated"]);
  assert.equal(await canRead(bob), false, "a login without the group gets nothing from it");

  // Alice's next login no longer names the group: she leaves it, and her earlier token loses its policy.
  await login("alice", []);
  assert.equal(await canRead(alice), false);
  assert.deepEqual((await root("GET", `identity/group/id/${groupId}`)).body.data.member_entity_ids, []);

  // Renaming the alias empties the group until the members log in with the new name.
  await login("alice", ["platform-team"]);
  assert.equal(await canRead(alice), true);
  assert.equal(
    (await root("POST", `identity/group-alias/id/${aliasId}`, { name: "platform-eng" })).status,
    200,
  );
  assert.equal(await canRead(alice), false);
  await login("alice", ["platform-eng"]);
  assert.equal(await canRead(alice), true);

  // Deleting the group deletes its alias.
  assert.equal((await root("DELETE", `identity/group/id/${groupId}`)).status, 204);
  assert.equal((await root("GET", `identity/group-alias/id/${aliasId}`)).status, 404);
  assert.equal(await canRead(alice), false);
});

test("bad group and group alias writes get 400 and change nothing", async () => {
  const ext = (await root("POST", "identity/group", { name: "ext", type: "external" })).body.data.id;
  const int = (await root("POST", "identity/group", { name: "int" })).body.data.id;
  const someone = (await root("POST", "identity/entity", { name: "someone" })).body.data.id;
  const cases: Array<[string, Record<string, unknown>, string]> = [
    [
      "identity/group",
      { name: "ext2", type: "external", member_entity_ids: [someone] },
      "member entities can't be set manually for external groups",
    ],
    [`identity/group/id/${ext}`, { type: "internal" }, "group type cannot be changed"],
    ["identity/group", { name: "odd", type: "federated" }, "invalid group type"],
    ["identity/group-alias", { name: "x", canonical_id: ext }, "missing mount_accessor"],
    [
      "identity/group-alias",
      { name: "x", mount_accessor: "auth_nope_1", canonical_id: ext },
      "invalid mount accessor",
    ],
    ["identity/group-alias", { name: "x", mount_accessor: jwtAccessor }, "missing canonical_id"],
    [
      "identity/group-alias",
      { name: "x", mount_accessor: jwtAccessor, canonical_id: int },
      "alias can't be set on an internal group",
    ],
    [
      "identity/group-alias",
      { name: "x", mount_accessor: jwtAccessor, canonical_id: "no-such-group" },
      "invalid canonical ID",
    ],
    ["identity/group-alias", { mount_accessor: jwtAccessor, canonical_id: ext }, "missing alias name"],
    ["identity/group-alias", { id: "nope", name: "x" }, "invalid group alias ID provided"],
  ];
  for (const [path, body, message] of cases) {
    const r = await root("POST", path, body);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
    assert.deepEqual(r.body.errors, [message]);
  }
  assert.equal((await root("GET", "identity/group/name/ext2")).status, 404);
  assert.equal((await root("GET", `identity/group/id/${ext}`)).body.data.type, "external");

  const first = await root("POST", "identity/group-alias", {
    name: "dup",
    mount_accessor: jwtAccessor,
    canonical_id: ext,
  });
  assert.equal(first.status, 200, first.text);
  const other = (await root("POST", "identity/group", { name: "ext3", type: "external" })).body.data.id;
  const dupName = await root("POST", "identity/group-alias", {
    name: "dup",
    mount_accessor: jwtAccessor,
    canonical_id: other,
  });
  assert.deepEqual(dupName.body.errors, ["combination of mount and group alias name is already in use"]);
  const second = await root("POST", "identity/group-alias", {
    name: "dup2",
    mount_accessor: jwtAccessor,
    canonical_id: ext,
  });
  assert.deepEqual(second.body.errors, ["group already has an alias; update or delete it first"]);
  assert.equal((await root("LIST", "identity/group-alias/id")).body.data.keys.length, 1);
});

test("group alias endpoints refuse a token without an identity policy", async () => {
  const token = await tokenWith(s, ["default"]);
  for (const [method, path] of [
    ["POST", "identity/group-alias"],
    ["LIST", "identity/group-alias/id"],
    ["GET", "identity/group-alias/id/x"],
    ["DELETE", "identity/group-alias/id/x"],
  ] as const) {
    const r = await s.request(method, path, { token, body: method === "POST" ? { name: "x" } : undefined });
    assert.equal(r.status, 403, `${method} ${path}`);
  }
});
