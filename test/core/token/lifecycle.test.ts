import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError, PermissionDeniedError } from "../../../src/errors.js";
import { tokenHarness } from "./fixtures.js";

test("lookup, lookup-self and lookup-accessor return Vault's data; id only when the caller gave the token", async () => {
  const h = await tokenHarness();
  const token = await h.mint({ policies: ["web"], ttl: "1h", meta: { a: "b" } });
  h.clock.advance(10_000);
  const res = await h.call("update", "lookup", { token });
  const data = res?.data as Record<string, unknown>;
  const entry = (await h.store.lookup(token))!;
  assert.deepEqual(data, {
    accessor: entry.accessor,
    creation_time: Math.floor(Date.UTC(2026, 0, 1) / 1000),
    creation_ttl: 3600,
    display_name: "token",
    entity_id: "",
    expire_time: "2026-01-01T01:00:00Z",
    explicit_max_ttl: 0,
    id: token,
    issue_time: "2026-01-01T00:00:00Z",
    meta: { a: "b" },
    num_uses: 0,
    orphan: false,
    path: "auth/token/create",
    policies: ["default", "web"],
    renewable: true,
    ttl: 3590,
    type: "service",
  });
  const self = await h.call("read", "lookup-self", {}, token);
  assert.equal(self?.data?.id, token);
  const byGet = await h.call("read", "lookup", {}, token);
  assert.equal(byGet?.data?.accessor, entry.accessor);
  const byAccessor = await h.call("update", "lookup-accessor", { accessor: entry.accessor });
  assert.equal(byAccessor?.data?.id, "");
  assert.equal(byAccessor?.data?.accessor, entry.accessor);
  const root = await h.call("update", "lookup", {});
  assert.equal(root?.data?.expire_time, null);
  assert.equal(root?.data?.ttl, 0);
  assert.equal(root?.data?.orphan, true);
  assert.equal(root?.data?.path, "auth/token/root");
});

test("lookup of an unknown or expired token is 403 bad token; missing ids are 400", async () => {
  const h = await tokenHarness();
  await assert.rejects(h.call("update", "lookup", { token: "hvs.unknown" }), (e: unknown) => {
    assert.ok(e instanceof PermissionDeniedError);
    assert.equal(e.message, "bad token");
    return true;
  });
  const short = await h.mint({ ttl: "1m" });
  h.clock.advance(60_000);
  await assert.rejects(h.call("update", "lookup", { token: short }), { message: "bad token" });
  await assert.rejects(h.call("update", "lookup-accessor", {}), { message: "missing accessor" });
  await assert.rejects(h.call("update", "lookup-accessor", { accessor: "nope" }), {
    message: "invalid accessor",
  });
  await assert.rejects(h.call("update", "renew", {}), { message: "missing token ID" });
  await assert.rejects(h.call("update", "revoke", {}), { message: "missing token ID" });
  await assert.rejects(h.call("update", "revoke-orphan", {}), { message: "missing token ID" });
  await assert.rejects(
    h.call("update", "lookup", { token: { a: 1 } }),
    InvalidRequestError,
    "a non-string token",
  );
});

test("renew extends by the increment or the last TTL, capped by explicit max TTL with a warning", async () => {
  const h = await tokenHarness();
  const token = await h.mint({ ttl: "10m", explicit_max_ttl: "1h" });
  h.clock.advance(300_000);
  const res = await h.call("update", "renew", { token, increment: "20m" });
  assert.equal(res?.authEnvelope?.client_token, token);
  assert.equal(res?.authEnvelope?.lease_duration, 1200);
  const again = await h.call("update", "renew-self", {}, token);
  assert.equal(again?.authEnvelope?.lease_duration, 1200, "no increment: the last TTL");
  for (let i = 0; i < 3; i++) {
    h.clock.advance(900_000);
    await h.call("update", "renew-self", { increment: "20m" }, token);
  }
  const capped = await h.call("update", "renew-self", { increment: "1h" }, token);
  assert.equal(capped?.authEnvelope?.lease_duration, 600);
  assert.deepEqual(capped?.warnings, [
    'TTL of "1h0m0s" exceeded the effective max_ttl of "10m0s"; TTL value is capped accordingly',
  ]);
  const data = (await h.call("update", "lookup", { token }))?.data;
  assert.equal(data?.last_renewal, "2026-01-01T00:50:00Z");
  assert.equal(data?.creation_ttl, 600);
  h.clock.advance(600_000);
  assert.equal(await h.store.lookup(token), null, "the explicit max is a hard end");
});

test("periodic tokens renew to their period; root, batch and non-renewable tokens cannot renew", async () => {
  const h = await tokenHarness();
  const periodic = await h.mint({ period: "30m" });
  h.clock.advance(29 * 60_000);
  const res = await h.call("update", "renew", { token: periodic, increment: "5h" });
  assert.equal(res?.authEnvelope?.lease_duration, 1800);
  h.clock.advance(29 * 60_000);
  assert.ok(await h.store.lookup(periodic), "still alive after 58 minutes");
  await assert.rejects(h.call("update", "renew-self", {}), { message: "lease is not renewable" });
  const fixed = await h.mint({ renewable: false });
  await assert.rejects(h.call("update", "renew", { token: fixed }), { message: "lease is not renewable" });
  const batch = await h.mint({ type: "batch", policies: ["web"] });
  await assert.rejects(h.call("update", "renew", { token: batch }), {
    message: "batch tokens cannot be renewed",
  });
  await assert.rejects(h.call("update", "renew", { token: "hvs.nope" }), { message: "token not found" });
});

test("renew-accessor renews without revealing the token", async () => {
  const h = await tokenHarness();
  const token = await h.mint({ ttl: "10m" });
  const { accessor } = (await h.store.lookup(token))!;
  const res = await h.call("update", "renew-accessor", { accessor, increment: 900 });
  assert.equal(res?.authEnvelope?.client_token, "");
  assert.equal(res?.authEnvelope?.accessor, accessor);
  assert.equal(res?.authEnvelope?.lease_duration, 900);
});

test("revoke, revoke-self and revoke-accessor remove the token and its children; unknown is fine", async () => {
  const h = await tokenHarness();
  const a = await h.mint();
  const aChild = await h.mint({}, a);
  assert.equal(await h.call("update", "revoke", { token: a }), null);
  assert.equal(await h.store.lookup(aChild), null);
  assert.equal(await h.call("update", "revoke", { token: "hvs.unknown" }), null);

  const b = await h.mint();
  assert.equal(await h.call("update", "revoke-self", {}, b), null);
  assert.equal(await h.store.lookup(b), null);

  const c = await h.mint();
  const { accessor } = (await h.store.lookup(c))!;
  assert.equal(await h.call("update", "revoke-accessor", { accessor }), null);
  assert.equal(await h.store.lookup(c), null);
  await assert.rejects(h.call("update", "revoke-accessor", { accessor }), { message: "invalid accessor" });
  const batch = await h.mint({ type: "batch", policies: ["web"] });
  await assert.rejects(h.call("update", "revoke", { token: batch }), {
    message: "batch tokens cannot be revoked",
  });
});

test("revoke-orphan needs sudo and leaves the children as orphans", async () => {
  const h = await tokenHarness();
  const web = await h.mint({ policies: ["web"] });
  const parent = await h.mint();
  const child = await h.mint({}, parent);
  await assert.rejects(h.call("update", "revoke-orphan", { token: parent }, web), {
    message: "root or sudo privileges required to revoke and orphan",
  });
  assert.ok(await h.store.lookup(parent));
  assert.equal(await h.call("update", "revoke-orphan", { token: parent }), null);
  assert.equal(await h.store.lookup(parent), null);
  assert.equal((await h.call("update", "lookup", { token: child }))?.data?.orphan, true);
  await assert.rejects(h.call("update", "revoke-orphan", { token: parent }), {
    message: "token to revoke not found",
  });
});

test("LIST accessors (a sudo path) lists every service token's accessor; tidy answers 202", async () => {
  const h = await tokenHarness();
  const token = await h.mint();
  const res = await h.call("list", "accessors/");
  const { accessor } = (await h.store.lookup(token))!;
  assert.deepEqual(res?.data?.keys, [accessor, h.root.entry.accessor].sort());
  assert.deepEqual(h.backend.sudoPaths, ["revoke-orphan", "accessors/*"]);
  const tidy = await h.call("update", "tidy");
  assert.equal(tidy?.raw?.status, 202);
});
