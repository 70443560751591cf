/** identity/entity/merge: aliases, groups and TOTP enrolments move; old tokens act as the target. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";

let s: TestServer;
const accessors: Record<string, string> = {};

const root = (method: string, path: string, body?: unknown) =>
  s.request(method, path, { token: s.rootToken, body });

before(async () => {
  s = await startTestServer({ kv: false });
  for (const mount of ["up1", "up2"]) {
    assert.equal((await root("POST", `sys/auth/${mount}`, { type: "userpass" })).status, 204);
    accessors[mount] = (await root("GET", "sys/auth")).body.data[`${mount}/`].accessor;
  }
  for (const [name, policy] of [
    ["pa", 'path "secret/data/a/*" { capabilities = ["read"] }'],
    ["pg", 'path "secret/data/g/*" { capabilities = ["read"] }'],
  ])
    assert.equal((await root("PUT", `sys/policies/acl/${name}`, { policy })).status, 204);
});
after(() => s.close());

/** A user on `mount` who logs in once: their token and entity id. */
async function person(mount: string, name: string): Promise<{ token: string; entityId: string }> {
  await root("POST", `auth/${mount}/users/${name}`, { password: `pw-${name}-123456` });
  const login = await s.request("POST", `auth/${mount}/login/${name}`, {
    body: { password: `pw-${name}-123456` },
  });
  assert.equal(login.status, 200, login.text);
  return { token: login.body.auth.client_token, entityId: login.body.auth.entity_id };
}

const identityPolicies = async (token: string) =>
  (await s.request("GET", "auth/token/lookup-self", { token })).body.data.identity_policies;

test("merging moves aliases and groups, keeps the old id, and the old entity's token acts as the target", async () => {
  const a = await person("up1", "ann");
  const b = await person("up2", "ann2");
  assert.equal((await root("POST", `identity/entity/id/${a.entityId}`, { policies: "pa" })).status, 204);
  const g = await root("POST", "identity/group", {
    name: "gm",
    policies: "pg",
    member_entity_ids: [b.entityId],
  });
  const groupId = g.body.data.id as string;

  const merged = await root("POST", "identity/entity/merge", {
    to_entity_id: a.entityId,
    from_entity_ids: [b.entityId],
  });
  assert.equal(merged.status, 204, merged.text);

  assert.equal((await root("GET", `identity/entity/id/${b.entityId}`)).status, 404);
  const target = (await root("GET", `identity/entity/id/${a.entityId}`)).body.data;
  assert.deepEqual(target.merged_entity_ids, [b.entityId]);
  assert.deepEqual(target.policies, ["pa"], "policies are not merged");
  assert.deepEqual(
    target.aliases.map((x: { mount_accessor: string }) => x.mount_accessor).sort(),
    [accessors.up1, accessors.up2].sort(),
  );
  const moved = target.aliases.find((x: { mount_accessor: string }) => x.mount_accessor === accessors.up2);
  assert.deepEqual(moved.merged_from_canonical_ids, [b.entityId]);
  assert.deepEqual((await root("GET", `identity/group/id/${groupId}`)).body.data.member_entity_ids, [
    a.entityId,
  ]);

  // B's token (issued before the merge) now carries A's identity: A's policy and the group's.
  assert.deepEqual(await identityPolicies(b.token), ["pa", "pg"]);
  // B's next login lands on A.
  const again = await s.request("POST", "auth/up2/login/ann2", { body: { password: "pw-ann2-123456" } });
  assert.equal(again.body.auth.entity_id, a.entityId);
});

test("two aliases on one mount are refused unless conflicting_alias_ids_to_keep picks one", async () => {
  const a = await person("up1", "cal");
  const c = await person("up1", "cal2");
  const clash = await root("POST", "identity/entity/merge", {
    to_entity_id: a.entityId,
    from_entity_ids: [c.entityId],
  });
  assert.equal(clash.status, 400);
  assert.match(
    clash.body.errors[0],
    /^toEntity and at least one fromEntity have aliases with the same mount accessor/,
  );
  assert.equal((await root("GET", `identity/entity/id/${c.entityId}`)).status, 200, "nothing changed");

  const keep = (await root("GET", `identity/entity/id/${a.entityId}`)).body.data.aliases[0].id;
  const merged = await root("POST", "identity/entity/merge", {
    to_entity_id: a.entityId,
    from_entity_ids: [c.entityId],
    conflicting_alias_ids_to_keep: [keep],
  });
  assert.equal(merged.status, 204, merged.text);
  const aliases = (await root("GET", `identity/entity/id/${a.entityId}`)).body.data.aliases;
  assert.deepEqual(
    aliases.map((x: { id: string }) => x.id),
    [keep],
  );
});

test("a TOTP enrolment moves with its entity; one on both sides needs force", async () => {
  const m = await root("POST", "identity/mfa/method/totp", { issuer: "cofre" });
  const methodId = m.body.data.method_id as string;
  const a = await person("up1", "dee");
  const b = await person("up2", "dee2");
  for (const e of [a, b])
    assert.equal(
      (
        await root("POST", "identity/mfa/method/totp/admin-generate", {
          method_id: methodId,
          entity_id: e.entityId,
        })
      ).status,
      200,
    );
  const body = { to_entity_id: a.entityId, from_entity_ids: [b.entityId] };
  const refused = await root("POST", "identity/entity/merge", body);
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body.errors, [
    `conflicting MFA config ID "${methodId}" in entity ID "${b.entityId}"`,
  ]);
  assert.equal((await root("POST", "identity/entity/merge", { ...body, force: true })).status, 204);
  const again = await root("POST", "identity/mfa/method/totp/admin-generate", {
    method_id: methodId,
    entity_id: a.entityId,
  });
  assert.match(again.body.warnings[0], /already has a secret/);
});

test("malformed merges get 400 and change nothing; a token without identity policy gets 403", async () => {
  const a = await person("up1", "eve");
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ from_entity_ids: [a.entityId] }, "entity id to merge to is invalid"],
    [{ to_entity_id: a.entityId }, "missing entity ids to merge from"],
    [
      { to_entity_id: a.entityId, from_entity_ids: [a.entityId] },
      "to_entity_id should not be present in from_entity_ids",
    ],
    [{ to_entity_id: a.entityId, from_entity_ids: ["no-such-entity"] }, "entity id to merge from is invalid"],
  ];
  for (const [body, message] of cases) {
    const r = await root("POST", "identity/entity/merge", body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.deepEqual(r.body.errors, [message]);
  }
  const nobody = await tokenWith(s, ["default"]);
  const denied = await s.request("POST", "identity/entity/merge", {
    token: nobody,
    body: { to_entity_id: a.entityId, from_entity_ids: ["x"] },
  });
  assert.equal(denied.status, 403);
});
