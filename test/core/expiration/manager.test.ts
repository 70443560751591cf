import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError } from "../../../src/errors.js";
import { HASH_A, HASH_B, harness, secret, TTLS } from "./fixtures.js";

test("registers a secret lease with a path-based id and reports Vault's lookup shape", async () => {
  const { mgr, clock } = harness();
  const start = clock.now();
  const lease = await mgr.registerSecret({
    path: "database/creds/readonly",
    mountAccessor: "database_1234",
    secret: secret(600),
    tokenHash: HASH_A,
    ttls: TTLS,
  });
  assert.match(lease.leaseId, /^database\/creds\/readonly\/[0-9A-Za-z]{24}$/);
  assert.equal(lease.ttl, 600);
  assert.equal(lease.renewable, true);
  clock.advance(100_500);
  assert.deepEqual(await mgr.lookup(lease.leaseId), {
    id: lease.leaseId,
    issue_time: new Date(start).toISOString().replace(".000Z", "Z"),
    expire_time: "2026-01-01T00:10:00Z",
    last_renewal: null,
    renewable: true,
    ttl: 499,
  });
});

test("a secret without a TTL gets the mount default; one above the maximum is capped with a warning", async () => {
  const { mgr } = harness();
  const base = { path: "db/creds/r", mountAccessor: "db_1", tokenHash: HASH_A, ttls: TTLS };
  assert.equal((await mgr.registerSecret({ ...base, secret: secret(0) })).ttl, 3600);
  const capped = await mgr.registerSecret({ ...base, secret: secret(999_999) });
  assert.equal(capped.ttl, 86400);
  assert.deepEqual(capped.warnings, [
    'TTL of "277h46m39s" exceeded the effective max_ttl of "24h0m0s"; TTL value is capped accordingly',
  ]);
  const backendCap = await mgr.registerSecret({ ...base, secret: secret(7200, true, 1800) });
  assert.equal(backendCap.ttl, 1800);
  const batchOwned = await mgr.registerSecret({
    ...base,
    secret: secret(7200),
    notAfter: Date.UTC(2026, 0, 1, 0, 5),
  });
  assert.equal(batchOwned.ttl, 300);
});

test("renew extends a lease, caps it at the max TTL with a warning, and refuses what cannot be renewed", async () => {
  const { mgr, clock, backends } = harness();
  const base = { path: "db/creds/r", mountAccessor: "db_1", tokenHash: HASH_A, ttls: TTLS };
  const lease = await mgr.registerSecret({ ...base, secret: secret(600) });
  clock.advance(300_000);
  const renewed = await mgr.renew(lease.leaseId, 1200);
  assert.equal(renewed.ttl, 1200);
  assert.deepEqual(renewed.warnings, []);
  const looked = await mgr.lookup(lease.leaseId);
  assert.equal(looked.ttl, 1200);
  assert.equal(looked.last_renewal, "2026-01-01T00:05:00Z");

  const long = await mgr.registerSecret({ ...base, secret: secret(80_000) });
  clock.advance(79_000_000);
  const capped = await mgr.renew(long.leaseId, 86400);
  assert.equal(capped.ttl, 86400 - 79_000);
  assert.deepEqual(capped.warnings, [
    'TTL of "24h0m0s" exceeded the effective max_ttl of "2h3m20s"; TTL value is capped accordingly',
  ]);

  const fixed = await mgr.registerSecret({ ...base, secret: secret(600, false) });
  await assert.rejects(mgr.renew(fixed.leaseId, 60), { message: "lease is not renewable" });
  await assert.rejects(mgr.renew("db/creds/r/nope", 60), { message: "lease not found" });
  await assert.rejects(mgr.renew("../../etc", 60), InvalidRequestError);

  backends.renewSupported = false;
  const other = await mgr.registerSecret({ ...base, secret: secret(600) });
  await assert.rejects(mgr.renew(other.leaseId, 60), { message: "lease is not renewable" });

  clock.advance(601_000);
  await assert.rejects(mgr.renew(other.leaseId, 60), { message: "lease expired" });
});

test("renewal of a token's lease is refused here; a renewal near the max TTL gets what is left", async () => {
  const { mgr, clock } = harness();
  const auth = await mgr.registerAuth({
    path: "auth/token/create",
    mountAccessor: "auth_token_1",
    tokenHash: HASH_A,
    issueTime: clock.now(),
    expireTime: clock.now() + 3_600_000,
    ttl: 3600,
    renewable: true,
  });
  assert.equal(auth, `auth/token/create/${HASH_A}`);
  await assert.rejects(mgr.renew(auth, 60), { message: "tokens cannot be renewed through this endpoint" });

  const short = harness();
  const lease = await short.mgr.registerSecret({
    path: "db/creds/r",
    mountAccessor: "db_1",
    tokenHash: "",
    secret: secret(100),
    ttls: { defaultLeaseTTL: 100, maxLeaseTTL: 100 },
  });
  short.clock.advance(99_000);
  assert.equal((await short.mgr.renew(lease.leaseId, 100)).ttl, 1);
});

test("revoke calls the backend and forgets the lease; unknown leases are not an error", async () => {
  const { mgr, backends } = harness();
  const lease = await mgr.registerSecret({
    path: "db/creds/r",
    mountAccessor: "db_1",
    tokenHash: HASH_A,
    secret: secret(600),
    ttls: TTLS,
  });
  assert.equal(await mgr.revoke(lease.leaseId), "revoked");
  assert.deepEqual(backends.revokedSecrets, [lease.leaseId]);
  await assert.rejects(mgr.lookup(lease.leaseId), { message: "invalid lease" });
  assert.equal(await mgr.revoke(lease.leaseId), "absent");
  await assert.rejects(mgr.revoke("a/../b"), { message: "invalid lease ID" });
  await assert.rejects(mgr.revoke("db/creds/r/none", { sync: false }), { message: "lease not found" });
});

test("revoke with sync=false queues the lease and the next tick revokes it", async () => {
  const { mgr, backends } = harness();
  const lease = await mgr.registerSecret({
    path: "db/creds/r",
    mountAccessor: "db_1",
    tokenHash: HASH_A,
    secret: secret(600),
    ttls: TTLS,
  });
  assert.equal(await mgr.revoke(lease.leaseId, { sync: false }), "queued");
  assert.deepEqual(backends.revokedSecrets, []);
  assert.equal((await mgr.lookup(lease.leaseId)).ttl, 0);
  assert.deepEqual(await mgr.tick(), { revoked: 1, failed: 0 });
  assert.deepEqual(backends.revokedSecrets, [lease.leaseId]);
});

test("listPrefix lists one level; revokePrefix revokes only under the prefix or the exact id", async () => {
  const { mgr, backends } = harness();
  const reg = (path: string) =>
    mgr.registerSecret({ path, mountAccessor: "m", tokenHash: HASH_A, secret: secret(600), ttls: TTLS });
  const a1 = await reg("db/creds/a");
  const a2 = await reg("db/creds/a");
  const b = await reg("db/creds/b");
  const other = await reg("dbx/creds/a");
  assert.deepEqual(await mgr.listPrefix("db/"), ["creds/"]);
  assert.deepEqual(await mgr.listPrefix("db/creds"), ["a/", "b/"]);
  assert.deepEqual((await mgr.listPrefix("db/creds/a/")).length, 2);
  assert.deepEqual(await mgr.listPrefix(""), ["db/", "dbx/"]);
  await assert.rejects(mgr.listPrefix("db/../x/"), InvalidRequestError);

  assert.deepEqual(await mgr.revokePrefix(b.leaseId), { revoked: 1, failed: 0 });
  assert.deepEqual(await mgr.revokePrefix("db/creds/a"), { revoked: 2, failed: 0 });
  assert.deepEqual(backends.revokedSecrets.sort(), [a1.leaseId, a2.leaseId, b.leaseId].sort());
  assert.equal((await mgr.lookup(other.leaseId)).id, other.leaseId);
  await assert.rejects(mgr.revokePrefix(""), InvalidRequestError);
});

test("revokePrefix without force keeps failing leases pending; revoke-force deletes them anyway", async () => {
  const { mgr, backends } = harness();
  const reg = () =>
    mgr.registerSecret({
      path: "db/creds/a",
      mountAccessor: "m",
      tokenHash: HASH_A,
      secret: secret(600),
      ttls: TTLS,
    });
  const good = await reg();
  const bad = await reg();
  backends.failing.add(bad.leaseId);
  await assert.rejects(mgr.revokePrefix("db/"), {
    message: "failed to revoke 1 of 2 leases; they stay pending and will be retried",
  });
  assert.deepEqual(backends.revokedSecrets, [good.leaseId]);
  assert.equal((await mgr.lookup(bad.leaseId)).renewable, false);
  await assert.rejects(mgr.revoke(bad.leaseId), { message: "database unreachable" });
  assert.deepEqual(await mgr.revokePrefix("db/", { force: true }), { revoked: 1, failed: 0 });
  await assert.rejects(mgr.lookup(bad.leaseId), { message: "invalid lease" });
});

test("revokeByToken revokes that token's secrets and drops its own lease without calling back", async () => {
  const { mgr, backends, clock } = harness();
  const mine = await mgr.registerSecret({
    path: "db/creds/a",
    mountAccessor: "m",
    tokenHash: HASH_A,
    secret: secret(600),
    ttls: TTLS,
  });
  const theirs = await mgr.registerSecret({
    path: "db/creds/a",
    mountAccessor: "m",
    tokenHash: HASH_B,
    secret: secret(600),
    ttls: TTLS,
  });
  const own = await mgr.registerAuth({
    path: "auth/token/create",
    mountAccessor: "t",
    tokenHash: HASH_A,
    issueTime: clock.now(),
    expireTime: 0,
    ttl: 0,
    renewable: false,
  });
  await mgr.revokeByToken(HASH_A);
  assert.deepEqual(backends.revokedSecrets, [mine.leaseId]);
  assert.deepEqual(backends.revokedTokens, []);
  await assert.rejects(mgr.lookup(own), { message: "invalid lease" });
  assert.equal((await mgr.lookup(theirs.leaseId)).id, theirs.leaseId);
});

test("tick revokes expired secrets and tokens, and leaves the rest", async () => {
  const { mgr, backends, clock } = harness();
  const soon = await mgr.registerSecret({
    path: "db/creds/a",
    mountAccessor: "m",
    tokenHash: "",
    secret: secret(60),
    ttls: TTLS,
  });
  const later = await mgr.registerSecret({
    path: "db/creds/a",
    mountAccessor: "m",
    tokenHash: "",
    secret: secret(600),
    ttls: TTLS,
  });
  await mgr.registerAuth({
    path: "auth/token/create",
    mountAccessor: "t",
    tokenHash: HASH_B,
    issueTime: clock.now(),
    expireTime: clock.now() + 120_000,
    ttl: 120,
    renewable: true,
  });
  clock.advance(59_999);
  assert.deepEqual(await mgr.tick(), { revoked: 0, failed: 0 });
  clock.advance(1);
  assert.deepEqual(await mgr.tick(), { revoked: 1, failed: 0 });
  assert.deepEqual(backends.revokedSecrets, [soon.leaseId]);
  clock.advance(60_000);
  await mgr.tick();
  assert.deepEqual(backends.revokedTokens, [HASH_B]);
  assert.equal((await mgr.lookup(later.leaseId)).ttl, 480);
});

test("a renewed lease is not revoked at its old expiry", async () => {
  const { mgr, backends, clock } = harness();
  const lease = await mgr.registerSecret({
    path: "db/creds/a",
    mountAccessor: "m",
    tokenHash: "",
    secret: secret(60),
    ttls: TTLS,
  });
  clock.advance(30_000);
  await mgr.renew(lease.leaseId, 600);
  clock.advance(60_000);
  assert.deepEqual(await mgr.tick(), { revoked: 0, failed: 0 });
  assert.deepEqual(backends.revokedSecrets, []);
});
