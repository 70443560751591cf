import assert from "node:assert/strict";
import { test } from "node:test";
import { HASH_A, HASH_B, harness, secret, TTLS } from "./fixtures.js";

test("a failing revocation is retried with exponential back-off per the clock and never dropped", async () => {
  const { mgr, backends, clock } = harness({ retryBaseMs: 10_000, retryMaxMs: 40_000, reportAfter: 3 });
  const lease = await mgr.registerSecret({
    path: "db/creds/a",
    mountAccessor: "m",
    tokenHash: HASH_A,
    secret: secret(60),
    ttls: TTLS,
  });
  backends.failing.add(lease.leaseId);
  clock.advance(60_000);
  assert.deepEqual(await mgr.tick(), { revoked: 0, failed: 1 });
  assert.deepEqual(mgr.failedRevocations(), []);

  // Retries after 10 s, then 20 s, then 40 s (the cap), then 40 s again.
  for (const delay of [10_000, 20_000, 40_000, 40_000]) {
    clock.advance(delay - 1);
    assert.deepEqual(await mgr.tick(), { revoked: 0, failed: 0 }, `not before ${delay} ms`);
    clock.advance(1);
    assert.deepEqual(await mgr.tick(), { revoked: 0, failed: 1 }, `retried after ${delay} ms`);
  }
  const [failed] = mgr.failedRevocations();
  assert.equal(failed.leaseId, lease.leaseId);
  assert.equal(failed.failures, 5);
  assert.equal(failed.lastError, "database unreachable");
  assert.equal(failed.nextAttempt, clock.now() + 40_000);

  // Still in storage, not renewable, and it goes once the backend recovers.
  assert.equal((await mgr.lookup(lease.leaseId)).renewable, false);
  await assert.rejects(mgr.renew(lease.leaseId, 60), {
    message: "lease is expired and has failed previous revocation attempts",
  });
  backends.failing.clear();
  clock.advance(40_000);
  assert.deepEqual(await mgr.tick(), { revoked: 1, failed: 0 });
  assert.deepEqual(mgr.failedRevocations(), []);
  await assert.rejects(mgr.lookup(lease.leaseId), { message: "invalid lease" });
});

test("a token revoked while its backend is down keeps its secret leases pending for retry", async () => {
  const { mgr, backends, clock } = harness({ retryBaseMs: 1000 });
  const lease = await mgr.registerSecret({
    path: "db/creds/a",
    mountAccessor: "m",
    tokenHash: HASH_A,
    secret: secret(600),
    ttls: TTLS,
  });
  backends.failing.add(lease.leaseId);
  await mgr.revokeByToken(HASH_A);
  assert.equal((await mgr.lookup(lease.leaseId)).ttl, 0);
  backends.failing.clear();
  clock.advance(1000);
  assert.deepEqual(await mgr.tick(), { revoked: 1, failed: 0 });
  assert.deepEqual(backends.revokedSecrets, [lease.leaseId]);
});

test("a failing token revocation is retried too, and its error text is not kept", async () => {
  const { mgr, backends, clock } = harness({ retryBaseMs: 1000, reportAfter: 1 });
  await mgr.registerAuth({
    path: "auth/userpass/login/bob",
    mountAccessor: "up",
    tokenHash: HASH_B,
    issueTime: clock.now(),
    expireTime: clock.now() + 5000,
    ttl: 5,
    renewable: true,
  });
  backends.failing.add(HASH_B);
  clock.advance(5000);
  assert.deepEqual(await mgr.tick(), { revoked: 0, failed: 1 });
  const [failed] = mgr.failedRevocations();
  assert.equal(failed.kind, "auth");
  assert.doesNotMatch(failed.lastError, /secret-ish/);
  backends.failing.clear();
  clock.advance(1000);
  await mgr.tick();
  assert.deepEqual(backends.revokedTokens, [HASH_B]);
});

test("restore reloads pending expirations and failures into a new manager over the same storage", async () => {
  const h = harness({ retryBaseMs: 1000, reportAfter: 1 });
  const expiring = await h.mgr.registerSecret({
    path: "db/creds/a",
    mountAccessor: "m",
    tokenHash: HASH_A,
    secret: secret(60),
    ttls: TTLS,
  });
  const failing = await h.mgr.registerSecret({
    path: "db/creds/b",
    mountAccessor: "m",
    tokenHash: HASH_A,
    secret: secret(30),
    ttls: TTLS,
  });
  h.backends.failing.add(failing.leaseId);
  h.clock.advance(30_000);
  await h.mgr.tick();
  await h.mgr.stop();

  const next = h.restart();
  assert.equal(await next.restore(), 2);
  assert.deepEqual(
    next.failedRevocations().map((f) => f.leaseId),
    [failing.leaseId],
  );
  h.clock.advance(30_000);
  assert.deepEqual(await next.tick(), { revoked: 1, failed: 1 });
  assert.deepEqual(h.backends.revokedSecrets, [expiring.leaseId]);
  h.backends.failing.clear();
  h.clock.advance(60_000);
  assert.deepEqual(await next.tick(), { revoked: 1, failed: 0 });
  assert.deepEqual(await next.listPrefix(""), []);
});

test("the timer arms at the next expiry (at least the minimum delay), fires tick, and stops", async () => {
  const armed: { fn: () => void; ms: number }[] = [];
  let cleared = 0;
  const timers = {
    setTimeout: (fn: () => void, ms: number) => {
      armed.push({ fn, ms });
      return armed.length;
    },
    clearTimeout: () => {
      cleared++;
    },
  };
  const { mgr, backends, clock } = harness({ timers, minTimerMs: 1000, maxTimerMs: 60_000 });
  mgr.start();
  assert.equal(armed.at(-1)?.ms, 60_000);
  const lease = await mgr.registerSecret({
    path: "db/creds/a",
    mountAccessor: "m",
    tokenHash: "",
    secret: secret(5),
    ttls: TTLS,
  });
  assert.equal(armed.at(-1)?.ms, 5000, "an earlier lease re-arms the timer");
  await mgr.registerSecret({
    path: "db/creds/a",
    mountAccessor: "m",
    tokenHash: "",
    secret: secret(50),
    ttls: TTLS,
  });
  assert.equal(armed.at(-1)?.ms, 5000, "a later lease does not");
  clock.advance(5000);
  armed.at(-1)?.fn();
  await mgr.stop();
  assert.deepEqual(backends.revokedSecrets, [lease.leaseId]);
  assert.ok(cleared >= 1);
  const count = armed.length;
  await mgr.registerSecret({
    path: "db/creds/a",
    mountAccessor: "m",
    tokenHash: "",
    secret: secret(1),
    ttls: TTLS,
  });
  assert.equal(armed.length, count, "a stopped manager arms nothing");
});
