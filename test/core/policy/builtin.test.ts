import assert from "node:assert/strict";
import { test } from "node:test";
import { ACL } from "../../../src/core/policy/acl.js";
import {
  assertPolicyDeletable,
  assertPolicyWritable,
  DEFAULT_POLICY,
  isListedPolicy,
  normalisePolicyName,
  RESPONSE_WRAPPING_POLICY,
} from "../../../src/core/policy/builtin.js";
import { parsePolicy } from "../../../src/core/policy/parse.js";
import { InvalidRequestError } from "../../../src/errors.js";

test("the default policy lets a token manage itself and use the utilities, nothing more", () => {
  const acl = ACL.compile([parsePolicy("default", DEFAULT_POLICY)]);
  const can = (operation: "read" | "update" | "create" | "delete" | "list", path: string) =>
    acl.check({ operation, path }).allowed;
  assert.equal(can("read", "auth/token/lookup-self"), true);
  for (const p of [
    "auth/token/renew-self",
    "auth/token/revoke-self",
    "sys/capabilities-self",
    "sys/renew",
    "sys/leases/renew",
    "sys/leases/lookup",
    "sys/wrapping/wrap",
    "sys/wrapping/lookup",
    "sys/wrapping/unwrap",
    "sys/tools/hash",
    "sys/tools/hash/sha2-512",
    "identity/oidc/provider/default/authorize",
  ]) {
    assert.equal(can("update", p), true, p);
  }
  assert.equal(can("read", "sys/internal/ui/resultant-acl"), true);
  assert.equal(can("read", "identity/oidc/provider/default/authorize"), true);
  for (const op of ["create", "read", "update", "delete", "list"] as const)
    assert.equal(can(op, "cubbyhole/x/y"), true, op);
  assert.equal(can("list", "cubbyhole/"), true);
  for (const [op, p] of [
    ["read", "secret/data/x"],
    ["update", "auth/token/create"],
    ["read", "sys/policy/default"],
    ["update", "sys/tools/random"],
    ["read", "auth/token/lookup"],
    ["update", "sys/leases/revoke"],
  ] as const) {
    assert.equal(can(op, p), false, `${op} ${p}`);
  }
});

test("the response-wrapping policy reads its cubbyhole response and unwraps", () => {
  const acl = ACL.compile([parsePolicy("response-wrapping", RESPONSE_WRAPPING_POLICY)]);
  assert.deepEqual(acl.capabilities("cubbyhole/response"), ["create", "read"]);
  assert.deepEqual(acl.capabilities("sys/wrapping/unwrap"), ["update"]);
  assert.deepEqual(acl.capabilities("cubbyhole/other"), ["deny"]);
});

test("policy names: normalised; root, default and response-wrapping rules", () => {
  assert.equal(normalisePolicyName("  Dev-Team "), "dev-team");
  assert.throws(
    () => assertPolicyWritable("root"),
    (e: unknown) => e instanceof InvalidRequestError && e.message === 'cannot update "root" policy',
  );
  assert.throws(() => assertPolicyWritable("response-wrapping"), InvalidRequestError);
  assert.throws(() => assertPolicyWritable(""), InvalidRequestError);
  assert.doesNotThrow(() => assertPolicyWritable("default"));
  assert.throws(
    () => assertPolicyDeletable("root"),
    (e: unknown) => e instanceof InvalidRequestError && e.message === 'cannot delete "root" policy',
  );
  assert.throws(
    () => assertPolicyDeletable("default"),
    (e: unknown) => e instanceof InvalidRequestError && e.message === "cannot delete default policy",
  );
  assert.throws(() => assertPolicyDeletable("response-wrapping"), InvalidRequestError);
  assert.doesNotThrow(() => assertPolicyDeletable("dev"));
  assert.equal(isListedPolicy("response-wrapping"), false);
  assert.equal(isListedPolicy("default"), true);
});
