import assert from "node:assert/strict";
import { test } from "node:test";
import { formatTime } from "../../../src/core/expiration/time.js";
import { calculateTTL } from "../../../src/core/expiration/ttl.js";

const now = Date.UTC(2026, 0, 2);
const base = {
  ttls: { defaultLeaseTTL: 3600, maxLeaseTTL: 7200 },
  increment: 0,
  backendTTL: 0,
  period: 0,
  backendMaxTTL: 0,
  explicitMaxTTL: 0,
  startTime: now,
  now,
};

test("increment, then the backend TTL, then the mount default", () => {
  assert.equal(calculateTTL(base).ttl, 3600);
  assert.equal(calculateTTL({ ...base, backendTTL: 60 }).ttl, 60);
  assert.equal(calculateTTL({ ...base, backendTTL: 60, increment: 90 }).ttl, 90);
});

test("explicit max TTL caps from the start time; past it a renewal is refused", () => {
  const later = { ...base, now: now + 1_000_000, explicitMaxTTL: 1200, increment: 600 };
  assert.equal(calculateTTL(later).ttl, 200);
  assert.throws(() => calculateTTL({ ...later, now: now + 1_300_000 }), {
    message: "past the max TTL, cannot renew",
  });
});

test("a period resets the TTL each time, capped by the max and bounded only by the explicit max", () => {
  const p = { ...base, period: 600, now: now + 7_000_000 };
  assert.equal(calculateTTL(p).ttl, 600);
  const big = calculateTTL({ ...base, period: 10_000 });
  assert.equal(big.ttl, 7200);
  assert.match(big.warnings[0], /^period of "2h46m40s" exceeded the effective max_ttl of "2h0m0s"/);
  assert.equal(calculateTTL({ ...p, explicitMaxTTL: 7100 }).ttl, 100);
});

test("times are RFC3339 with trimmed fractional seconds", () => {
  assert.equal(formatTime(now), "2026-01-02T00:00:00Z");
  assert.equal(formatTime(now + 120), "2026-01-02T00:00:00.12Z");
  assert.equal(formatTime(now + 5), "2026-01-02T00:00:00.005Z");
});
