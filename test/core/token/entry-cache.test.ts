/**
 * Token entries are cached in memory after their first lookup: revocation, expiry, renewal and
 * use counting must stay exact, and one caller must not be able to change what the next one gets.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { tokenHarness } from "./fixtures.js";

test("a token resolved before its revocation is refused after it, with its children", async () => {
  const h = await tokenHarness();
  const parent = await h.mint({ policies: ["web"] });
  const child = await h.mint({ policies: ["web"] }, parent);
  for (let i = 0; i < 2; i++) {
    assert.ok(await h.store.resolve(parent, "127.0.0.1"));
    assert.ok(await h.store.resolve(child, "127.0.0.1"));
  }
  await h.store.revokeTree(await h.store.hashOf(parent));
  assert.equal(await h.store.resolve(parent, "127.0.0.1"), null);
  assert.equal(await h.store.resolve(child, "127.0.0.1"), null);
});

test("a lookup in flight while its token is revoked does not bring the token back", async () => {
  const h = await tokenHarness();
  for (const lookupFirst of [true, false]) {
    const token = await h.mint({ policies: ["web"] });
    await h.store.lookup(token);
    const hash = await h.store.hashOf(token);
    const both = lookupFirst
      ? [h.store.lookup(token), h.store.revokeTree(hash)]
      : [h.store.revokeTree(hash), h.store.lookup(token)];
    await Promise.all(both);
    assert.equal(await h.store.lookup(token), null, `lookup first: ${lookupFirst}`);
  }
});

test("a cached token is refused once its TTL has passed", async () => {
  const h = await tokenHarness();
  const token = await h.mint({ ttl: "1h" });
  assert.ok(await h.store.resolve(token, "127.0.0.1"));
  h.clock.advance(3_599_000);
  assert.ok(await h.store.resolve(token, "127.0.0.1"));
  h.clock.advance(1_000);
  assert.equal(await h.store.resolve(token, "127.0.0.1"), null);
});

test("a renewal is seen by the very next lookup", async () => {
  const h = await tokenHarness();
  const token = await h.mint({ ttl: "1h" });
  const before = (await h.store.lookup(token))!;
  h.clock.advance(1_800_000);
  await h.store.renew(before, 3600, { remoteAddress: "127.0.0.1", remotePort: 1, tls: false });
  const after = (await h.store.lookup(token))!;
  assert.equal(after.expireTime, before.expireTime + 1_800_000);
  h.clock.advance(3_000_000);
  assert.ok(await h.store.resolve(token, "127.0.0.1"), "still valid thanks to the renewal");
});

test("a limited-use token is counted on every use and refused after the last", async () => {
  const h = await tokenHarness();
  const token = await h.mint({ num_uses: 2 });
  for (let use = 0; use < 2; use++) {
    const entry = (await h.store.resolve(token, "127.0.0.1"))!;
    assert.equal((await h.store.consumeUse(entry)).allowed, true);
  }
  assert.equal(await h.store.resolve(token, "127.0.0.1"), null);
});

test("an entry handed out cannot be changed for the next caller", async () => {
  const h = await tokenHarness();
  const token = await h.mint({ policies: ["web"] });
  await h.store.lookup(token);
  const first = (await h.store.lookup(token))!;
  assert.throws(() => first.policies.push("root"), TypeError);
  assert.throws(() => {
    (first as { numUses: number }).numUses = 5;
  }, TypeError);
  const second = (await h.store.lookup(token))!;
  assert.deepEqual(second.policies, ["default", "web"]);
  assert.equal(second.numUses, 0);
});

test("once the cache is forgotten (as on seal), lookups read storage again", async () => {
  const h = await tokenHarness();
  const token = await h.mint({ policies: ["web"] });
  assert.ok(await h.store.lookup(token));
  // Storage changed behind this process's back (e.g. restored while the server was sealed).
  await h.mem.delete(`sys/token/id/${await h.store.hashOf(token)}`);
  h.store.forgetCachedEntries();
  assert.equal(await h.store.lookup(token), null);
});
