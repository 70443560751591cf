import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";

let s: TestServer;
let userpass = "";

before(async () => {
  s = await startTestServer({ kv: false });
  const r = await s.request("POST", "sys/auth/userpass", { token: s.rootToken, body: { type: "userpass" } });
  assert.equal(r.status, 204);
  const auth = await s.request("GET", "sys/auth", { token: s.rootToken });
  userpass = auth.body.data["userpass/"].accessor;
});
after(() => s.close());

const root = (method: string, path: string, body?: unknown) =>
  s.request(method, path, { token: s.rootToken, body });

test("entities: create, read by id and by any spelling of the name, update, list, delete", async () => {
  const c = await root("POST", "identity/entity", {
    name: "Bob",
    policies: ["Dev", "ops", "dev"],
    metadata: { team: "core" },
  });
  assert.equal(c.status, 200);
  const id = c.body.data.id as string;
  assert.equal(c.body.data.name, "Bob");
  const byId = await root("GET", `identity/entity/id/${id}`);
  assert.equal(byId.status, 200);
  assert.deepEqual(byId.body.data.policies, ["dev", "ops"]);
  assert.deepEqual(byId.body.data.metadata, { team: "core" });
  assert.equal(byId.body.data.disabled, false);
  assert.deepEqual(byId.body.data.aliases, []);
  const byName = await root("GET", "identity/entity/name/BOB");
  assert.equal(byName.body.data.id, id);

  // Writing the same name again updates that entity (204), it does not create another.
  const again = await root("POST", "identity/entity", { name: " bob ", disabled: true });
  assert.equal(again.status, 204);
  assert.equal((await root("GET", `identity/entity/id/${id}`)).body.data.disabled, true);
  const upd = await root("POST", `identity/entity/id/${id}`, { metadata: { team: "infra" } });
  assert.equal(upd.status, 204);
  assert.deepEqual((await root("GET", `identity/entity/id/${id}`)).body.data.metadata, { team: "infra" });

  const other = await root("POST", "identity/entity", { name: "carol" });
  const clash = await root("POST", `identity/entity/id/${other.body.data.id}`, { name: "BOB" });
  assert.equal(clash.status, 400);
  assert.deepEqual(clash.body.errors, ["entity name is already in use"]);

  const ids = await root("LIST", "identity/entity/id");
  assert.ok(ids.body.data.keys.includes(id));
  assert.equal(ids.body.data.key_info[id].name, "bob");
  const names = await root("LIST", "identity/entity/name");
  assert.ok(names.body.data.keys.includes("carol"));

  assert.equal((await root("DELETE", `identity/entity/id/${id}`)).status, 204);
  assert.equal((await root("GET", `identity/entity/id/${id}`)).status, 404);
  assert.equal((await root("DELETE", "identity/entity/name/Carol")).status, 204);
  assert.equal((await root("GET", "identity/entity/name/carol")).status, 404);
});

test("batch-delete removes several entities and their group memberships", async () => {
  const a = (await root("POST", "identity/entity", { name: "batch-a" })).body.data.id;
  const b = (await root("POST", "identity/entity", { name: "batch-b" })).body.data.id;
  const g = await root("POST", "identity/group", { name: "batchers", member_entity_ids: [a, b] });
  assert.equal(g.status, 200);
  assert.equal((await root("POST", "identity/entity/batch-delete", { entity_ids: [a, b] })).status, 204);
  assert.equal((await root("GET", `identity/entity/id/${a}`)).status, 404);
  const group = await root("GET", "identity/group/name/batchers");
  assert.deepEqual(group.body.data.member_entity_ids, []);
  const empty = await root("POST", "identity/entity/batch-delete", { entity_ids: [] });
  assert.equal(empty.status, 400);
});

test("aliases: unique per mount and normalised name; one per entity and mount; lookups", async () => {
  const e = (await root("POST", "identity/entity", { name: "dana" })).body.data.id;
  const a = await root("POST", "identity/entity-alias", {
    name: " Dana ",
    canonical_id: e,
    mount_accessor: userpass,
    metadata: { source: "test" },
  });
  assert.equal(a.status, 200);
  assert.equal(a.body.data.canonical_id, e);
  const aliasId = a.body.data.id as string;
  const read = await root("GET", `identity/entity-alias/id/${aliasId}`);
  assert.equal(read.body.data.name, "dana");
  assert.equal(read.body.data.mount_type, "userpass");
  assert.equal(read.body.data.mount_path, "auth/userpass/");
  const dup = await root("POST", "identity/entity-alias", { name: "DANA", mount_accessor: userpass });
  assert.equal(dup.status, 400);
  const f = (await root("POST", "identity/entity", { name: "erin" })).body.data.id;
  const second = await root("POST", "identity/entity-alias", {
    name: "dana2",
    canonical_id: e,
    mount_accessor: userpass,
  });
  assert.equal(second.status, 400);
  const badMount = await root("POST", "identity/entity-alias", {
    name: "x",
    canonical_id: f,
    mount_accessor: "auth_nope_1",
  });
  assert.deepEqual(badMount.body.errors, ["invalid mount accessor"]);
  const badEntity = await root("POST", "identity/entity-alias", {
    name: "x",
    canonical_id: "no-such-entity",
    mount_accessor: userpass,
  });
  assert.equal(badEntity.status, 400);

  const byAlias = await root("POST", "identity/lookup/entity", {
    alias_name: "DaNa",
    alias_mount_accessor: userpass,
  });
  assert.equal(byAlias.body.data.id, e);
  assert.equal(byAlias.body.data.aliases[0].id, aliasId);
  const byAliasId = await root("POST", "identity/lookup/entity", { alias_id: aliasId });
  assert.equal(byAliasId.body.data.name, "dana");
  const none = await root("POST", "identity/lookup/entity", { name: "nobody" });
  assert.equal(none.status, 204);
  const twoCriteria = await root("POST", "identity/lookup/entity", { name: "dana", id: e });
  assert.equal(twoCriteria.status, 400);
  const list = await root("LIST", "identity/entity-alias/id");
  assert.ok(list.body.data.keys.includes(aliasId));

  assert.equal((await root("DELETE", `identity/entity-alias/id/${aliasId}`)).status, 204);
  assert.equal((await root("GET", `identity/entity-alias/id/${aliasId}`)).status, 404);
});

test("groups: members must exist, nesting cannot loop, reads show parents; lookup/group", async () => {
  const e = (await root("POST", "identity/entity", { name: "gina" })).body.data.id;
  const child = await root("POST", "identity/group", {
    name: "Child",
    policies: ["c"],
    member_entity_ids: [e],
  });
  assert.equal(child.status, 200);
  const childId = child.body.data.id as string;
  const parent = await root("POST", "identity/group", { name: "parent", member_group_ids: [childId] });
  const parentId = parent.body.data.id as string;
  const loop = await root("POST", `identity/group/id/${childId}`, { member_group_ids: [parentId] });
  assert.equal(loop.status, 400);
  const self = await root("POST", `identity/group/id/${childId}`, { member_group_ids: [childId] });
  assert.equal(self.status, 400);
  const ghost = await root("POST", "identity/group", { name: "ghosts", member_entity_ids: ["nope"] });
  assert.equal(ghost.status, 400);
  const odd = await root("POST", "identity/group", { name: "ext", type: "federated" });
  assert.equal(odd.status, 400);

  const read = await root("GET", "identity/group/name/CHILD");
  assert.equal(read.body.data.type, "internal");
  assert.deepEqual(read.body.data.parent_group_ids, [parentId]);
  assert.deepEqual(read.body.data.member_entity_ids, [e]);
  const entity = await root("GET", `identity/entity/id/${e}`);
  assert.deepEqual(entity.body.data.direct_group_ids, [childId]);
  assert.deepEqual(entity.body.data.inherited_group_ids, [parentId]);
  const found = await root("POST", "identity/lookup/group", { name: "Parent" });
  assert.equal(found.body.data.id, parentId);
  const names = await root("LIST", "identity/group/name");
  assert.ok(names.body.data.keys.includes("Child") && names.body.data.keys.includes("parent"));

  assert.equal((await root("DELETE", `identity/group/id/${childId}`)).status, 204);
  assert.deepEqual((await root("GET", `identity/group/id/${parentId}`)).body.data.member_group_ids, []);
});

test("malformed requests get 400 and change nothing", async () => {
  for (const [path, body] of [
    ["identity/entity", { name: "bad/name" }],
    ["identity/entity", { name: "star*" }],
    ["identity/entity", { metadata: "nope" }],
    ["identity/entity", { disabled: "maybe" }],
    ["identity/group", { name: "g+1" }],
    ["identity/group", { member_entity_ids: 5 }],
    ["identity/entity-alias", { canonical_id: "x" }],
    ["identity/lookup/entity", {}],
    ["identity/lookup/group", {}],
  ] as const) {
    const r = await root("POST", path, body);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
  }
  const names = await root("LIST", "identity/entity/name");
  assert.ok(!(names.body?.data?.keys ?? []).some((n: string) => n.includes("/") || n.includes("*")));
  const updMissing = await root("POST", "identity/entity/id/does-not-exist", { name: "x" });
  assert.equal(updMissing.status, 400);
});

test("a token without identity policy gets 403 on every identity endpoint group", async () => {
  const token = await tokenWith(s, ["default"]);
  for (const [method, path] of [
    ["POST", "identity/entity"],
    ["GET", "identity/entity/name/x"],
    ["LIST", "identity/entity/id"],
    ["POST", "identity/entity/batch-delete"],
    ["POST", "identity/entity-alias"],
    ["LIST", "identity/entity-alias/id"],
    ["POST", "identity/group"],
    ["LIST", "identity/group/name"],
    ["POST", "identity/lookup/entity"],
    ["POST", "identity/lookup/group"],
  ] as const) {
    const r = await s.request(method, path, { token, body: method === "POST" ? { name: "x" } : undefined });
    assert.equal(r.status, 403, `${method} ${path}`);
  }
});
