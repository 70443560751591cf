import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError } from "../../src/errors.js";
import { formatGoDuration, parseDuration } from "../../src/util/duration.js";

test("parses Vault's duration forms into seconds", () => {
  assert.equal(parseDuration(3600), 3600);
  assert.equal(parseDuration("3600"), 3600);
  assert.equal(parseDuration("768h"), 2764800);
  assert.equal(parseDuration("1h30m"), 5400);
  assert.equal(parseDuration("1.5h"), 5400);
  assert.equal(parseDuration("7d"), 604800);
  assert.equal(parseDuration("300ms"), 0);
  assert.equal(parseDuration("1m30.9s"), 90);
  assert.equal(parseDuration(""), 0);
  assert.equal(parseDuration(undefined), 0);
  assert.equal(parseDuration("0"), 0);
  assert.equal(parseDuration("-1h", { signed: true }), -3600);
});

test("rejects malformed durations with a 400-class error", () => {
  for (const bad of ["abc", "1.5d", "1d2h", "1 h", "10x", "-1h", -5, 1.5, {}, [], true, "h"]) {
    assert.throws(() => parseDuration(bad), InvalidRequestError, `should reject ${JSON.stringify(bad)}`);
  }
});

test("formats seconds as Go durations", () => {
  assert.equal(formatGoDuration(0), "0s");
  assert.equal(formatGoDuration(12319), "3h25m19s");
  assert.equal(formatGoDuration(3600), "1h0m0s");
  assert.equal(formatGoDuration(90), "1m30s");
  assert.equal(formatGoDuration(-90), "-1m30s");
});
