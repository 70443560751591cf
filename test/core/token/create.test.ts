import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError } from "../../../src/errors.js";
import { tokenHarness } from "./fixtures.js";

test("create answers Vault's auth block; the token inherits the caller's policies", async () => {
  const h = await tokenHarness();
  const res = await h.call("update", "create", {
    policies: "Web, ops,web",
    meta: { team: "a" },
    ttl: "1h",
    display_name: "ci bot!",
  });
  const auth = res?.authEnvelope;
  assert.ok(auth);
  assert.match(auth.client_token, /^hvs\./);
  assert.deepEqual(auth.policies, ["default", "ops", "web"]);
  assert.deepEqual(auth.token_policies, ["default", "ops", "web"]);
  assert.deepEqual(auth.metadata, { team: "a" });
  assert.equal(auth.lease_duration, 3600);
  assert.equal(auth.renewable, true);
  assert.equal(auth.token_type, "service");
  assert.equal(auth.orphan, false);
  assert.equal(auth.num_uses, 0);
  assert.equal(auth.mfa_requirement, null);
  assert.equal(res?.data, null);
  assert.equal(res?.warnings, undefined, "known policies give no warning");
  const entry = await h.store.lookup(auth.client_token);
  assert.equal(entry?.displayName, "token-ci-bot");
  assert.equal(entry?.path, "auth/token/create");
  assert.equal(entry?.parent, h.root.entry.hash);

  const child = await h.call("update", "create", {}, auth.client_token);
  assert.deepEqual(child?.authEnvelope?.policies, ["default", "ops", "web"]);
});

test("a root parent may create root tokens that never expire; unknown policies only warn", async () => {
  const h = await tokenHarness();
  const res = await h.call("update", "create", { policies: ["root", "web"] });
  assert.deepEqual(res?.authEnvelope?.policies, ["root"]);
  assert.equal(res?.authEnvelope?.lease_duration, 0);
  assert.equal(res?.authEnvelope?.renewable, false);
  const unknown = await h.call("update", "create", { policies: ["ghost"] });
  assert.deepEqual(unknown?.warnings, ['Policy "ghost" does not exist']);
  const capped = await h.call("update", "create", { ttl: "100h" });
  assert.equal(capped?.authEnvelope?.lease_duration, 86400);
  assert.match(capped?.warnings?.[0] ?? "", /TTL of "100h0m0s" exceeded the effective max_ttl of "24h0m0s"/);
  const noDefault = await h.call("update", "create", { policies: ["web"], no_default_policy: true });
  assert.deepEqual(noDefault?.authEnvelope?.policies, ["web"]);
});

test("malformed create requests are 400s that create nothing", async () => {
  const h = await tokenHarness();
  const before = await h.store.listAccessors();
  for (const data of [
    { num_uses: "many" },
    { ttl: "soon" },
    { ttl: -5 },
    { policies: 7 },
    { meta: "x" },
    { num_uses: -1 },
    { type: "weird" },
    { id: "has.dot" },
    { id: "hvs.custom" },
    { policies: ["response-wrapping"] },
  ]) {
    await assert.rejects(h.call("update", "create", data), InvalidRequestError, JSON.stringify(data));
  }
  assert.deepEqual(await h.store.listAccessors(), before);
});

test("a non-root caller cannot escalate: policies, orphans, ids, periods and root need privileges", async () => {
  const h = await tokenHarness();
  const web = await h.mint({ policies: ["web"] });
  const cases: [Record<string, unknown>, string][] = [
    [{ policies: ["ops"] }, "child policies must be subset of parent"],
    [{ policies: ["web", "root"] }, "child policies must be subset of parent"],
    [{ no_parent: true }, "root or sudo privileges required to create orphan token"],
    [{ id: "custom-id" }, "root or sudo privileges required to specify token id"],
    [{ period: "1h" }, "root or sudo privileges required to create periodic token"],
  ];
  for (const [data, message] of cases) {
    await assert.rejects(h.call("update", "create", data, web), { message }, message);
  }
  const sudo = await h.call(
    "update",
    "create",
    { policies: ["ops"], no_parent: true, period: "1h" },
    web,
    true,
  );
  assert.deepEqual(sudo?.authEnvelope?.policies, ["default", "ops"]);
  assert.equal(sudo?.authEnvelope?.orphan, true);
  await assert.rejects(h.call("update", "create", { policies: ["root"] }, web, true), {
    message: "root tokens may not be created without parent token being root",
  });
  const orphan = await h.call("update", "create-orphan", {}, web);
  assert.equal(orphan?.authEnvelope?.orphan, true);
  const withoutDefault = await h.mint({ policies: ["web"], no_default_policy: true });
  const inherited = await h.call("update", "create", { policies: ["web"] }, withoutDefault);
  assert.deepEqual(inherited?.authEnvelope?.policies, ["web"], "default only if the parent has it");
});

test("limited-use and batch tokens cannot create children; batch tokens have Vault's limits", async () => {
  const h = await tokenHarness();
  const limited = await h.mint({ num_uses: 3 });
  await assert.rejects(h.call("update", "create", {}, limited), {
    message: "restricted use token cannot generate child tokens",
  });
  const batch = await h.mint({ type: "batch", policies: ["web"] });
  await assert.rejects(h.call("update", "create", {}, batch), {
    message: "batch tokens cannot create more tokens",
  });
  for (const [data, name] of [
    [{ type: "batch", num_uses: 2 }, "num_uses"],
    [{ type: "batch", period: "1h" }, "period"],
    [{ type: "batch", explicit_max_ttl: "1h" }, "explicit_max_ttl"],
  ] as const) {
    await assert.rejects(h.call("update", "create", data), {
      message: `batch tokens cannot have "${name}" set`,
    });
  }
  await assert.rejects(h.call("update", "create", { type: "batch", policies: ["root"] }), {
    message: "batch tokens cannot be root tokens",
  });
  const res = await h.call("update", "create", { type: "batch", ttl: "10m", policies: ["web"] });
  assert.equal(res?.authEnvelope?.accessor, "");
  assert.equal(res?.authEnvelope?.renewable, false);
  assert.equal(res?.authEnvelope?.lease_duration, 600);
});

test("custom ids need sudo, are unique, and are usable", async () => {
  const h = await tokenHarness();
  const res = await h.call("update", "create", { id: "my-custom-token" });
  assert.equal(res?.authEnvelope?.client_token, "my-custom-token");
  assert.ok(await h.store.resolve("my-custom-token", "127.0.0.1"));
  await assert.rejects(h.call("update", "create", { id: "my-custom-token" }), {
    message: "cannot create a token with a duplicate ID",
  });
  assert.ok(await h.store.resolve("my-custom-token", "127.0.0.1"), "the original survives");
  const root = await h.store.createRoot({ id: "root" });
  assert.equal(root.token, "root");
  await assert.rejects(h.store.createRoot({ id: "hvb.x" }), InvalidRequestError);
});

test("explicit_max_ttl caps the TTL; an expiring root cannot create a never-expiring root", async () => {
  const h = await tokenHarness();
  const res = await h.call("update", "create", { ttl: "2h", explicit_max_ttl: "30m" });
  assert.equal(res?.authEnvelope?.lease_duration, 1800);
  const expiringRoot = (await h.call("update", "create", { policies: ["root"], ttl: "1h" }))?.authEnvelope
    ?.client_token;
  await assert.rejects(h.call("update", "create", { policies: ["root"] }, expiringRoot), {
    message: "expiring root tokens cannot create non-expiring root tokens",
  });
});
