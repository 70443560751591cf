import assert from "node:assert/strict";
import { test } from "node:test";
import type { ACL } from "../../../src/core/policy/acl.js";
import { aclOf } from "./helpers.js";

function writes(acl: ACL, data: Record<string, unknown>, path = "p"): boolean {
  return acl.check({ operation: "update", path, data }).allowed;
}

test("allowed_parameters: listed names only, values by equality or leading/trailing * glob", () => {
  const acl = aclOf([
    `path "p" { capabilities = ["update"] allowed_parameters = { "foo" = [] "Bar" = ["a", "b*", "*-x", "*mid*"] } }`,
  ]);
  assert.equal(writes(acl, {}), true);
  assert.equal(writes(acl, { foo: { any: "thing" } }), true);
  assert.equal(writes(acl, { FOO: 1 }), true, "names compare lower-cased");
  for (const ok of ["a", "b", "bee", "y-x", "a-mid-z"]) assert.equal(writes(acl, { bar: ok }), true, ok);
  for (const bad of ["c", "ab", "x-y", "mi"]) assert.equal(writes(acl, { bar: bad }), false, bad);
  assert.equal(writes(acl, { baz: 1 }), false);
  assert.equal(writes(acl, { foo: 1, baz: 1 }), false);
  const r = acl.check({ operation: "update", path: "p", data: { baz: 1 } });
  assert.deepEqual([r.allowed, r.reason], [false, 'parameter "baz" is not allowed']);
});

test('allowed_parameters: {"*" = []} alone allows everything; with other names it constrains those', () => {
  const all = aclOf([`path "p" { capabilities = ["update"] allowed_parameters = { "*" = [] } }`]);
  assert.equal(writes(all, { anything: 1, more: [2] }), true);
  const mixed = aclOf([
    `path "p" { capabilities = ["update"] allowed_parameters = { "*" = [] ttl = ["1h"] } }`,
  ]);
  assert.equal(writes(mixed, { other: 1, ttl: "1h" }), true);
  assert.equal(writes(mixed, { ttl: "2h" }), false);
  const literalStar = aclOf([`path "p" { capabilities = ["update"] allowed_parameters = { v = ["*"] } }`]);
  assert.equal(writes(literalStar, { v: "*" }), true);
  assert.equal(writes(literalStar, { v: "x" }), false, 'a lone "*" value is literal');
});

test("allowed values of other types compare deeply; lists and comma strings need every element", () => {
  const acl = aclOf([
    `path "p" { capabilities = ["update"] allowed_parameters = { n = [1, true, { k = "v" }], roles = ["a", "b"] } }`,
  ]);
  assert.equal(writes(acl, { n: 1 }), true);
  assert.equal(writes(acl, { n: true }), true);
  assert.equal(writes(acl, { n: { k: "v" } }), true);
  assert.equal(writes(acl, { n: "1" }), false);
  assert.equal(writes(acl, { n: { k: "w" } }), false);
  assert.equal(writes(acl, { roles: ["a", "b"] }), true);
  assert.equal(writes(acl, { roles: ["a", "c"] }), false);
  assert.equal(writes(acl, { roles: "a,b" }), true);
  assert.equal(writes(acl, { roles: "a, c" }), false);
  assert.equal(writes(acl, { roles: null }), false);
});

test("denied_parameters: empty list denies any value; * denies any data; lists and comma strings", () => {
  const acl = aclOf([
    `path "p" { capabilities = ["update", "read"] denied_parameters = { "secret" = [], env = ["prod*", "*-live"], policies = ["root"] } }`,
  ]);
  assert.equal(writes(acl, {}), true);
  assert.equal(writes(acl, { secret: "" }), false);
  assert.equal(writes(acl, { SECRET: "x" }), false, "names compare lower-cased");
  assert.equal(writes(acl, { env: "production" }), false);
  assert.equal(writes(acl, { env: "eu-live" }), false);
  assert.equal(writes(acl, { env: "dev" }), true);
  assert.equal(writes(acl, { policies: ["default", "root"] }), false);
  assert.equal(writes(acl, { policies: "default,root" }), false);
  assert.equal(writes(acl, { policies: " root" }), false);
  assert.equal(writes(acl, { policies: "default" }), true);
  assert.equal(acl.check({ operation: "read", path: "p", data: { secret: 1 } }).allowed, false);
  const star = aclOf([`path "p" { capabilities = ["update"] denied_parameters = { "*" = [] } }`]);
  assert.equal(writes(star, {}), true);
  assert.equal(writes(star, { a: 1 }), false);
  const both = aclOf([
    `path "p" { capabilities = ["update"] allowed_parameters = { "*" = [] } denied_parameters = { admin = [true] } }`,
  ]);
  assert.equal(writes(both, { admin: true }), false);
  assert.equal(writes(both, { admin: false, x: 1 }), true);
});

test("required_parameters must all be present (exact lower-case names)", () => {
  const acl = aclOf([
    `path "p" { capabilities = ["create", "update"] required_parameters = ["name", "Ttl"] }`,
  ]);
  assert.equal(writes(acl, {}), false);
  assert.equal(writes(acl, { name: "x" }), false);
  assert.equal(writes(acl, { name: "x", ttl: "1h", extra: 1 }), true);
  assert.equal(writes(acl, { NAME: "x", ttl: "1h" }), false);
  assert.equal(
    acl.check({ operation: "create", path: "p", data: {} }).reason,
    'required parameter "name" is missing',
  );
});

test("parameters are only checked for read, create, update and patch", () => {
  const acl = aclOf([
    `path "p" { capabilities = ["delete", "list", "patch"] allowed_parameters = { a = [] } required_parameters = ["a"] }`,
  ]);
  assert.equal(acl.check({ operation: "delete", path: "p", data: { b: 1 } }).allowed, true);
  assert.equal(acl.check({ operation: "list", path: "p", data: {} }).allowed, true);
  assert.equal(acl.check({ operation: "patch", path: "p", data: { b: 1 } }).allowed, false);
  assert.equal(acl.check({ operation: "patch", path: "p", data: { a: 1 } }).allowed, true);
});

test("parameter names that exist on Object.prototype are not special", () => {
  const acl = aclOf([
    `path "p" { capabilities = ["update"] allowed_parameters = { constructor = ["x"] } required_parameters = ["constructor"] }`,
  ]);
  assert.equal(writes(acl, {}), false);
  assert.equal(writes(acl, { constructor: "x" }), true);
  assert.equal(writes(acl, { constructor: "y" }), false);
  assert.equal(writes(acl, { constructor: "x", toString: "z" }), false);
  assert.equal(writes(acl, JSON.parse('{"constructor": "x", "__proto__": "z"}')), false);
});

test("wrapping bounds: max needs a wrap no longer than max; min needs a wrap at least min", () => {
  const acl = aclOf([
    `path "max" { capabilities = ["read"] max_wrapping_ttl = "90s" }
     path "min" { capabilities = ["read"] min_wrapping_ttl = "1s" }
     path "both" { capabilities = ["read"] min_wrapping_ttl = 60 max_wrapping_ttl = "2m" }`,
  ]);
  const read = (path: string, wrapTTL?: number) => acl.check({ operation: "read", path, wrapTTL }).allowed;
  assert.deepEqual(
    [read("max"), read("max", 60), read("max", 90), read("max", 91)],
    [false, true, true, false],
  );
  assert.deepEqual(
    [read("min"), read("min", 0), read("min", 1), read("min", 3600)],
    [false, false, true, true],
  );
  assert.deepEqual([read("both", 30), read("both", 90), read("both", 121)], [false, true, false]);
  assert.equal(read("max", Number.NaN), false);
  assert.equal(read("max", -5), false);
});

test("merging constraints across policies (vault-api-core 4.6)", () => {
  const merged = aclOf([
    `path "p" { capabilities = ["update"] allowed_parameters = { a = ["1"] } required_parameters = ["a"] max_wrapping_ttl = 60 }`,
    `path "p" { capabilities = ["read"] allowed_parameters = { a = ["2"], b = [] } required_parameters = ["b"] max_wrapping_ttl = 30 min_wrapping_ttl = 10 }`,
  ]);
  const up = (data: Record<string, unknown>, wrapTTL = 20) =>
    merged.check({ operation: "update", path: "p", data, wrapTTL }).allowed;
  assert.equal(up({ a: "1", b: "z" }), true);
  assert.equal(up({ a: "2", b: "z" }), true);
  assert.equal(up({ a: "3", b: "z" }), false);
  assert.equal(up({ a: "1" }), false, "required parameters are unioned");
  assert.equal(up({ a: "1", b: "z" }, 45), false, "the lowest non-zero max wins");
  assert.equal(up({ a: "1", b: "z" }, 5), false, "min comes from the policy that set one");

  const emptyWins = aclOf([
    `path "p" { capabilities = ["update"] allowed_parameters = { a = ["1"] } denied_parameters = { d = ["x"] } }`,
    `path "p" { capabilities = ["update"] allowed_parameters = { a = [] } denied_parameters = { d = [] } }`,
  ]);
  assert.equal(writes(emptyWins, { a: "anything" }), true);
  assert.equal(writes(emptyWins, { d: "y" }), false);

  // Vault's rule: a stanza without allowed_parameters adds none, so the other stanza's list applies.
  const restricted = aclOf([
    `path "p" { capabilities = ["update"] }`,
    `path "p" { capabilities = ["read"] allowed_parameters = { a = [] } }`,
  ]);
  assert.equal(writes(restricted, { a: 1 }), true);
  assert.equal(writes(restricted, { b: 1 }), false);

  const impossible = aclOf([
    `path "p" { capabilities = ["read"] min_wrapping_ttl = 100 }`,
    `path "p" { capabilities = ["read"] max_wrapping_ttl = 50 }`,
  ]);
  for (const ttl of [0, 40, 75, 100])
    assert.equal(impossible.check({ operation: "read", path: "p", wrapTTL: ttl }).allowed, false);

  const denyClears = aclOf([
    `path "p" { capabilities = ["update"] allowed_parameters = { a = [] } }`,
    `path "p" { capabilities = ["deny"] }`,
  ]);
  assert.equal(writes(denyClears, { a: 1 }), false);
});
