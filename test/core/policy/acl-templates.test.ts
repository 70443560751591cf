import assert from "node:assert/strict";
import { test } from "node:test";
import type { IdentityTemplateInput } from "../../../src/core/policy/types.js";
import { aclOf, allows } from "./helpers.js";

const identity: IdentityTemplateInput = {
  entity: {
    id: "ent-1234",
    name: "alice",
    metadata: { team: "payments", slashy: "a/b", starry: "a*", plussy: "a+b", empty: "" },
    aliases: {
      auth_userpass_9f8e: {
        id: "alias-1",
        name: "alice.up",
        metadata: { region: "eu" },
        custom_metadata: { tier: "gold" },
      },
    },
  },
  groups: [
    { id: "grp-1", name: "ops", metadata: { shift: "night" } },
    { id: "grp-2", name: "dev", metadata: {} },
  ],
};

test("templates resolve from the entity, its aliases and its groups", () => {
  const acl = aclOf(
    [
      `path "secret/data/{{identity.entity.id}}/*" { capabilities = ["read"] }
       path "secret/data/users/{{ identity.entity.name }}" { capabilities = ["update"] }
       path "secret/data/teams/{{identity.entity.metadata.team}}/*" { capabilities = ["list"] }
       path "secret/data/alias/{{identity.entity.aliases.auth_userpass_9f8e.name}}" { capabilities = ["read"] }
       path "secret/data/region/{{identity.entity.aliases.auth_userpass_9f8e.metadata.region}}" { capabilities = ["read"] }
       path "secret/data/tier/{{identity.entity.aliases.auth_userpass_9f8e.custom_metadata.tier}}" { capabilities = ["read"] }
       path "secret/data/groups/{{identity.groups.names.ops.id}}" { capabilities = ["read"] }
       path "secret/data/shift/{{identity.groups.ids.grp-1.metadata.shift}}" { capabilities = ["read"] }
       path "secret/data/gname/{{identity.groups.ids.grp-2.name}}" { capabilities = ["read"] }`,
    ],
    { templateInput: identity },
  );
  assert.equal(allows(acl, "read", "secret/data/ent-1234/x"), true);
  assert.equal(allows(acl, "read", "secret/data/ent-9999/x"), false);
  assert.equal(allows(acl, "update", "secret/data/users/alice"), true);
  assert.equal(allows(acl, "update", "secret/data/users/bob"), false);
  assert.equal(allows(acl, "list", "secret/data/teams/payments/"), true);
  assert.equal(allows(acl, "read", "secret/data/alias/alice.up"), true);
  assert.equal(allows(acl, "read", "secret/data/region/eu"), true);
  assert.equal(allows(acl, "read", "secret/data/tier/gold"), true);
  assert.equal(allows(acl, "read", "secret/data/groups/grp-1"), true);
  assert.equal(allows(acl, "read", "secret/data/shift/night"), true);
  assert.equal(allows(acl, "read", "secret/data/gname/dev"), true);
  assert.equal(
    allows(acl, "read", "secret/data/{{identity.entity.id}}/x"),
    false,
    "no literal template rule remains",
  );
});

test("a stanza whose template cannot be resolved is dropped, others stay", () => {
  const doc = (expr: string) =>
    `path "secret/data/{{${expr}}}/*" { capabilities = ["read"] }\npath "always" { capabilities = ["read"] }`;
  for (const expr of [
    "identity.entity.metadata.missing",
    "identity.entity.metadata.empty",
    "identity.entity.aliases.auth_other_1.name",
    "identity.entity.aliases.auth_userpass_9f8e.metadata.nope",
    "identity.groups.names.admins.id",
    "identity.groups.ids.grp-9.name",
    "identity.groups.names.dev.metadata.shift",
  ]) {
    const acl = aclOf([doc(expr)], { templateInput: identity });
    assert.equal(acl.capabilities("always")[0], "read", expr);
    assert.deepEqual(acl.capabilities("secret/data/x/y"), ["deny"], expr);
    assert.equal(acl.hasAnyAccessUnder("secret/"), false, expr);
  }
  const noIdentity = aclOf([doc("identity.entity.id")]);
  assert.deepEqual(noIdentity.capabilities("secret/data/ent-1234/x"), ["deny"]);
  assert.deepEqual(noIdentity.capabilities("always"), ["read"]);
  const noGroups = aclOf([doc("identity.groups.names.ops.id")], {
    templateInput: { entity: identity.entity },
  });
  assert.deepEqual(noGroups.capabilities("secret/data/grp-1/x"), ["deny"]);
});

test("substituted values containing '/', '*' or '+' drop the stanza instead of widening it", () => {
  for (const key of ["slashy", "starry", "plussy"]) {
    const acl = aclOf(
      [`path "secret/data/{{identity.entity.metadata.${key}}}" { capabilities = ["read"] }`],
      {
        templateInput: identity,
      },
    );
    for (const probe of [
      "secret/data/a/b",
      "secret/data/a*",
      "secret/data/a+b",
      "secret/data/anything",
      "secret/data/a",
    ]) {
      assert.equal(allows(acl, "read", probe), false, `${key} ${probe}`);
    }
  }
});

test("templated stanzas merge with identical literal stanzas after resolution", () => {
  const acl = aclOf(
    [
      `path "secret/data/{{identity.entity.name}}" { capabilities = ["read"] }`,
      `path "secret/data/alice" { capabilities = ["deny"] }`,
    ],
    { templateInput: identity },
  );
  assert.deepEqual(acl.capabilities("secret/data/alice"), ["deny"]);
});
