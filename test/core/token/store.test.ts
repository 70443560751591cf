import assert from "node:assert/strict";
import { test } from "node:test";
import { REVOCATION_PENDING } from "../../../src/core/token/types.js";
import { toRequestAuth } from "../../../src/core/token/views.js";
import type { AuthIssue } from "../../../src/logical/types.js";
import { rawDump, tokenHarness } from "./fixtures.js";

const LOCAL = { remoteAddress: "127.0.0.1", remotePort: 1, tls: false };

const login = (over: Partial<AuthIssue> = {}): AuthIssue => ({
  policies: ["Web", "ops"],
  metadata: { username: "bob" },
  displayName: "bob",
  ttl: 0,
  maxTTL: 0,
  period: 0,
  explicitMaxTTL: 0,
  numUses: 0,
  renewable: true,
  internal: { user: "bob" },
  ...over,
});
const loginCtx = {
  path: "auth/userpass/login/bob",
  mountPath: "auth/userpass/",
  mountAccessor: "auth_userpass_1",
  ttls: { defaultLeaseTTL: 600, maxLeaseTTL: 1200 },
};

test("tokens look like Vault's and are stored only under a keyed hash", async () => {
  const h = await tokenHarness();
  const child = await h.mint({ policies: ["web"] });
  const batch = await h.mint({ policies: ["web"], type: "batch" });
  assert.match(h.root.token, /^hvs\.[0-9A-Za-z]{24}$/);
  assert.match(child, /^hvs\.[0-9A-Za-z]{24}$/);
  assert.match(h.root.entry.accessor, /^[0-9A-Za-z]{24}$/);
  assert.match(batch, /^hvb\.[A-Za-z0-9_-]+$/);
  const dump = await rawDump(h.mem);
  for (const raw of [h.root.token, child, batch]) {
    assert.equal(dump.includes(raw), false, "a raw token reached storage");
    assert.equal(dump.includes(raw.slice(4)), false, "a token's random part reached storage");
  }
  assert.equal(await h.store.hashOf(child), (await h.store.lookup(child))?.hash);
});

test("resolve: unknown, malformed and CIDR-bound tokens give null; RequestAuth reflects the token", async () => {
  const h = await tokenHarness();
  assert.equal(await h.store.resolve("hvs.nope", "10.0.0.1"), null);
  assert.equal(await h.store.resolve("", "10.0.0.1"), null);
  assert.equal(await h.store.resolve("hvb.%%%", "10.0.0.1"), null);
  assert.equal(await h.store.resolve("x".repeat(10_000), "10.0.0.1"), null);
  await h.store.roles.put({
    ...(await import("../../../src/core/token/roles.js")).emptyRole("net"),
    tokenBoundCIDRs: ["10.1.0.0/16"],
  });
  const bound =
    (await h.call("update", "create/net", { policies: ["web"] }))?.authEnvelope?.client_token ?? "";
  assert.ok(await h.store.resolve(bound, "10.1.2.3"));
  assert.ok(await h.store.resolve(bound, "::ffff:10.1.2.3"));
  assert.equal(await h.store.resolve(bound, "10.2.0.1"), null);
  const auth = toRequestAuth(h.root.entry, false);
  assert.equal(auth.isRoot, true);
  assert.equal(auth.hasSudo, true);
  assert.deepEqual(auth.policies, ["root"]);
  assert.equal(auth.tokenPath, "auth/token/root");
});

test("an expired token resolves to null and is revoked; the lease timer revokes unused ones", async () => {
  const h = await tokenHarness();
  const used = await h.mint({ ttl: "60s" });
  const unused = await h.mint({ ttl: "120s" });
  const unusedHash = await h.store.hashOf(unused);
  h.clock.advance(59_999);
  assert.ok(await h.store.resolve(used, "127.0.0.1"));
  h.clock.advance(1);
  assert.equal(await h.store.resolve(used, "127.0.0.1"), null);
  assert.equal(await h.store.exists(await h.store.hashOf(used)), false);
  h.clock.advance(60_000);
  await h.expiration.tick();
  assert.equal(await h.store.exists(unusedHash), false);
  assert.deepEqual(await h.expiration.listPrefix("auth/token/create/"), []);
});

test("num_uses: each use counts, the last one asks for revocation, then the token is dead", async () => {
  const h = await tokenHarness();
  const limited = await h.mint({ num_uses: 2 });
  const entry = (await h.store.resolve(limited, "127.0.0.1"))!;
  assert.deepEqual(await h.store.consumeUse(entry), { allowed: true, revokeAfter: false });
  assert.deepEqual(await h.store.consumeUse(entry), { allowed: true, revokeAfter: true });
  assert.equal((await h.store.lookup(limited, { allowPending: true }))?.numUses, REVOCATION_PENDING);
  assert.equal(await h.store.resolve(limited, "127.0.0.1"), null);
  assert.deepEqual(await h.store.consumeUse(entry), { allowed: false, revokeAfter: false });
  await h.store.revokeTree(entry.hash);
  assert.equal(await h.store.lookup(limited, { allowPending: true }), null);
  assert.deepEqual(await h.store.consumeUse(h.root.entry), { allowed: true, revokeAfter: false });
});

test("batch tokens resolve without storage, expire, and die with their parent", async () => {
  const h = await tokenHarness();
  const parent = await h.mint({ policies: ["web", "ops"] });
  const batch = await h.mint({ type: "batch", policies: ["web"], ttl: "5m" }, parent);
  const entry = await h.store.resolve(batch, "127.0.0.1");
  assert.equal(entry?.type, "batch");
  assert.deepEqual(entry?.policies, ["default", "web"]);
  assert.equal(entry?.accessor, "");
  const tampered = batch.slice(0, -2) + (batch.endsWith("A") ? "BB" : "AA");
  assert.equal(await h.store.resolve(tampered, "127.0.0.1"), null);
  h.clock.advance(300_000);
  assert.equal(await h.store.resolve(batch, "127.0.0.1"), null);

  const second = await h.mint({ type: "batch", ttl: "5m" }, parent);
  assert.ok(await h.store.resolve(second, "127.0.0.1"));
  await h.store.revokeTree(await h.store.hashOf(parent));
  assert.equal(await h.store.resolve(second, "127.0.0.1"), null);
  const owner = h.store.leaseOwner(entry!);
  assert.equal(owner.tokenHash, await h.store.hashOf(parent));
  assert.equal(owner.notAfter, entry?.expireTime);
});

test("revoking a token revokes its descendants and all their leases; orphans survive", async () => {
  const h = await tokenHarness();
  const parent = await h.mint({ policies: ["web"] });
  const child = await h.mint({}, parent);
  const grandchild = await h.mint({}, child);
  const orphan = await h.mint({ no_parent: true });
  const orphanEndpoint =
    (await h.call("update", "create-orphan", {}, parent))?.authEnvelope?.client_token ?? "";
  const childEntry = (await h.store.lookup(grandchild))!;
  const lease = await h.expiration.registerSecret({
    path: "db/creds/r",
    mountAccessor: "db",
    tokenHash: h.store.leaseOwner(childEntry).tokenHash,
    secret: { ttl: 600, maxTTL: 0, renewable: true, internal: {} },
    ttls: { defaultLeaseTTL: 600, maxLeaseTTL: 600 },
  });
  await h.store.revokeTree(await h.store.hashOf(parent));
  for (const gone of [parent, child, grandchild]) assert.equal(await h.store.lookup(gone), null);
  assert.ok(await h.store.lookup(orphan));
  assert.ok(await h.store.lookup(orphanEndpoint));
  assert.deepEqual(h.revokedSecrets, [lease.leaseId]);
});

test("revokeOrphan keeps the children, now orphans", async () => {
  const h = await tokenHarness();
  const parent = await h.mint();
  const child = await h.mint({}, parent);
  await h.store.revokeOrphan(await h.store.hashOf(parent));
  assert.equal(await h.store.lookup(parent), null);
  const survivor = await h.store.lookup(child);
  assert.equal(survivor?.parent, "");
  await h.store.revokeTree(h.root.entry.hash);
  assert.ok(await h.store.lookup(child), "no longer a descendant of anyone");
});

test("login tokens: orphan, mount display name, default policy, mount TTL rules, revocable by prefix", async () => {
  const h = await tokenHarness();
  const { token, entry, envelope, warnings } = await h.store.createFromAuth(login({ ttl: 3000 }), loginCtx);
  assert.equal(entry.displayName, "userpass-bob");
  assert.deepEqual(entry.policies, ["default", "ops", "web"]);
  assert.equal(entry.parent, "");
  assert.equal(envelope.client_token, token);
  assert.equal(envelope.lease_duration, 1200);
  assert.match(warnings[0], /TTL of "50m0s" exceeded the effective max_ttl of "20m0s"/);
  assert.deepEqual(envelope.metadata, { username: "bob" });
  await assert.rejects(h.store.createFromAuth(login({ policies: ["root"] }), loginCtx), {
    message: "auth methods cannot create root tokens",
  });
  const batch = await h.store.createFromAuth(login({ tokenType: "batch" }), loginCtx);
  assert.equal(batch.envelope.token_type, "batch");
  assert.equal(batch.envelope.renewable, false);
  await h.expiration.revokePrefix("auth/userpass/");
  assert.equal(await h.store.lookup(token), null);
});

test("login tokens renew through the auth backend's rules; without them they are not renewable", async () => {
  const asked: number[] = [];
  const h = await tokenHarness({
    renewLogin: async (_entry, increment) => {
      asked.push(increment);
      return { ttl: 300, maxTTL: 900, period: 0, explicitMaxTTL: 0, ttls: loginCtx.ttls };
    },
  });
  const { entry } = await h.store.createFromAuth(login(), loginCtx);
  h.clock.advance(500_000);
  const renewed = await h.store.renew(entry, 0, LOCAL);
  assert.equal(renewed.entry.ttl, 300);
  h.clock.advance(200_000);
  const capped = await h.store.renew(entry, 600, LOCAL);
  assert.equal(capped.entry.ttl, 200);
  assert.deepEqual(asked, [0, 600]);

  const plain = await tokenHarness();
  const other = await plain.store.createFromAuth(login(), loginCtx);
  await assert.rejects(plain.store.renew(other.entry, 0, LOCAL), { message: "lease is not renewable" });
});

test("tidy drops dangling indexes and revokes what lost its parent", async () => {
  const h = await tokenHarness();
  const parent = await h.mint();
  const child = await h.mint({}, parent);
  const parentHash = await h.store.hashOf(parent);
  // Simulate a crash that lost the parent's entry but not its child index.
  await h.mem.delete(`sys/token/id/${parentHash}`);
  const report = await h.store.tidy();
  assert.equal(report.childrenOfMissingParents, 1);
  assert.equal(report.danglingAccessors, 1);
  assert.equal(await h.store.lookup(child), null);
  assert.deepEqual(await h.store.listAccessors(), [h.root.entry.accessor]);
});

test("concurrent uses of a one-use token: exactly one request gets it", async () => {
  const h = await tokenHarness();
  const once = await h.mint({ num_uses: 1 });
  const entry = (await h.store.resolve(once, "127.0.0.1"))!;
  const results = await Promise.all([1, 2, 3, 4].map(() => h.store.consumeUse(entry)));
  assert.deepEqual(
    results.filter((r) => r.allowed),
    [{ allowed: true, revokeAfter: true }],
  );
});
