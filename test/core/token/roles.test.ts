import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError } from "../../../src/errors.js";
import { tokenHarness } from "./fixtures.js";

test("roles: create, read (Vault's fields), update only what is given, list, delete", async () => {
  const h = await tokenHarness();
  assert.equal(
    await h.call("create", "roles/ci", {
      allowed_policies: "Web,ops",
      token_period: "1h",
      path_suffix: "v1",
    }),
    null,
  );
  const read = await h.call("read", "roles/ci");
  assert.deepEqual(read?.data, {
    name: "ci",
    allowed_policies: ["ops", "web"],
    disallowed_policies: [],
    allowed_policies_glob: [],
    disallowed_policies_glob: [],
    orphan: false,
    renewable: true,
    path_suffix: "v1",
    allowed_entity_aliases: [],
    token_explicit_max_ttl: 0,
    explicit_max_ttl: 0,
    token_no_default_policy: false,
    token_period: 3600,
    period: 0,
    token_type: "default-service",
  });
  await h.call("update", "roles/ci", { orphan: true, token_num_uses: 5 });
  const updated = await h.call("read", "roles/ci");
  assert.equal(updated?.data?.orphan, true);
  assert.equal(updated?.data?.token_num_uses, 5);
  assert.deepEqual(updated?.data?.allowed_policies, ["ops", "web"], "untouched fields stay");
  assert.equal(
    await h.backend.existenceCheck(await h.request("update", "roles/ci", {}, h.root.token, false)),
    true,
  );
  await h.call("create", "roles/other", {});
  assert.deepEqual((await h.call("list", "roles/"))?.data?.keys, ["ci", "other"]);
  await h.call("delete", "roles/ci");
  assert.equal(await h.call("read", "roles/ci"), null);
});

test("role writes are validated and a bad write changes nothing", async () => {
  const h = await tokenHarness();
  await h.call("create", "roles/r", { allowed_policies: ["web"] });
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ token_type: "sometimes" }, /invalid 'token_type' value/],
    [{ token_type: "batch" }, /cannot be 'batch' when role is set to generate non-orphan tokens/],
    [{ path_suffix: "../x" }, /path suffix contains invalid characters/],
    [{ token_bound_cidrs: ["10.0.0.0/99"] }, /expected IP addresses or CIDR blocks/],
    [{ token_num_uses: -1 }, /'token_num_uses' cannot be negative/],
    [{ token_period: "forever" }, /field "token_period"/],
  ];
  for (const [data, message] of bad) await assert.rejects(h.call("update", "roles/r", data), message);
  const read = await h.call("read", "roles/r");
  assert.equal(read?.data?.token_type, "default-service");
  assert.equal(read?.data?.path_suffix, "");
  const legacy = await h.call("update", "roles/r", { period: "1m", token_period: "2m" });
  assert.match(legacy?.warnings?.[0] ?? "", /Both 'token_period' and deprecated 'period'/);
  await assert.rejects(h.call("read", "roles/a/b"), /unsupported path/);
});

test("create/<role>: allowed, disallowed and glob policies, path suffix, orphan, num_uses, period", async () => {
  const h = await tokenHarness();
  await h.call("create", "roles/app", {
    allowed_policies: ["web"],
    allowed_policies_glob: ["db-*"],
    disallowed_policies: ["ops"],
    path_suffix: "v2",
    orphan: true,
    token_num_uses: 3,
    token_period: "10m",
  });
  const web = await h.mint({ policies: ["web"] });
  const none = await h.call("update", "create/app", {}, web);
  const auth = none?.authEnvelope;
  assert.deepEqual(auth?.policies, ["default", "web"], "the role's allowed policies, not the caller's");
  assert.equal(auth?.orphan, true);
  assert.equal(auth?.num_uses, 3);
  assert.equal(auth?.lease_duration, 600);
  const entry = await h.store.lookup(auth?.client_token ?? "");
  assert.equal(entry?.path, "auth/token/create/app/v2");
  assert.equal(entry?.role, "app");
  const glob = await h.call("update", "create/app", { policies: ["db-read", "web"] }, web);
  assert.deepEqual(glob?.authEnvelope?.policies, ["db-read", "default", "web"]);
  await assert.rejects(
    h.call("update", "create/app", { policies: ["ops"] }, web),
    /must be subset of the role's allowed policies/,
  );
  await h.call("create", "roles/deny", { disallowed_policies: ["ops"] });
  await assert.rejects(h.call("update", "create/deny", { policies: ["ops"] }), {
    message: 'token policy "ops" is disallowed by this role',
  });
  await assert.rejects(h.call("update", "create/ghost", {}), { message: "unknown role ghost" });
  await assert.rejects(h.call("update", "create", { entity_alias: "x" }), {
    message: "'entity_alias' is only allowed in combination with token role",
  });
  await assert.rejects(h.call("update", "create/app", { entity_alias: "x" }), InvalidRequestError);
  // Tokens of a role can be revoked together by prefix, suffix included.
  await h.expiration.revokePrefix("auth/token/create/app/");
  assert.equal(await h.store.lookup(auth?.client_token ?? ""), null);
});

test("a role token renews by the role's current period; a deleted role stops renewal", async () => {
  const h = await tokenHarness();
  await h.call("create", "roles/p", { token_period: "30m" });
  const token = (await h.call("update", "create/p", {}))?.authEnvelope?.client_token ?? "";
  await h.call("update", "roles/p", { token_period: "10m" });
  h.clock.advance(60_000);
  const renewed = await h.call("update", "renew", { token });
  assert.equal(renewed?.authEnvelope?.lease_duration, 600);
  await h.call("delete", "roles/p");
  await assert.rejects(h.call("update", "renew", { token }), {
    message: 'original token role "p" could not be found, not renewing',
  });
});

test("a batch role issues batch tokens", async () => {
  const h = await tokenHarness();
  await h.call("create", "roles/b", {
    token_type: "batch",
    orphan: true,
    renewable: false,
    allowed_policies: ["web"],
  });
  const res = await h.call("update", "create/b", {});
  assert.equal(res?.authEnvelope?.token_type, "batch");
  assert.equal(res?.authEnvelope?.orphan, true);
  assert.match(res?.authEnvelope?.client_token ?? "", /^hvb\./);
});
