import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { Keyring } from "../../src/barrier/keyring.js";
import { decryptValue, encryptValue, readTerm } from "../../src/barrier/value-format.js";
import { InternalError } from "../../src/errors.js";
import { str, text } from "./fixtures.js";

const key = randomBytes(32);

describe("barrier value format", () => {
  it("lays out version, big-endian term, nonce, ciphertext and tag", () => {
    const value = encryptValue(key, 0x01020304, text("hello"), "a/b");
    assert.equal(value[0], 1);
    assert.deepEqual([...value.subarray(1, 5)], [1, 2, 3, 4]);
    assert.equal(value.length, 1 + 4 + 12 + 5 + 16);
    assert.equal(readTerm(value, "a/b"), 0x01020304);
    assert.equal(str(decryptValue(key, value, "a/b")), "hello");
  });

  it("uses a fresh nonce for every value", () => {
    const a = encryptValue(key, 1, text("same"), "k");
    const b = encryptValue(key, 1, text("same"), "k");
    assert.notDeepEqual(a.subarray(5, 17), b.subarray(5, 17));
  });

  it("refuses a value stored under another key (additional data)", () => {
    const value = encryptValue(key, 1, text("secret"), "a");
    assert.throws(() => decryptValue(key, value, "b"), {
      name: "InternalError",
      message: "stored value failed integrity check at b",
    });
  });

  it("refuses a flipped byte anywhere in the value", () => {
    const value = encryptValue(key, 1, text("secret"), "a");
    for (const at of [6, 17, value.length - 1]) {
      const bad = Buffer.from(value);
      bad[at] ^= 0x01;
      assert.throws(() => decryptValue(key, bad, "a"), InternalError);
    }
  });

  it("refuses a truncated value and an unknown format version", () => {
    const value = encryptValue(key, 1, text("secret"), "a");
    assert.throws(() => decryptValue(key, value.subarray(0, 20), "a"), /stored value at a is truncated/);
    const v2 = Buffer.from(value);
    v2[0] = 2;
    assert.throws(() => decryptValue(key, v2, "a"), /unknown format version/);
  });
});

describe("keyring", () => {
  it("round-trips through its encoding and rotates onto a new active term", () => {
    const ring = Keyring.create(1000);
    const next = ring.rotated(2000);
    assert.equal(next.activeTerm.term, 2);
    assert.equal(next.activeTerm.installTime, 2000);
    const decoded = Keyring.decode(next.encode());
    assert.equal(decoded.size, 2);
    assert.deepEqual(decoded.key(1), ring.key(1));
    assert.deepEqual(decoded.key(2), next.key(2));
    assert.notDeepEqual(decoded.key(1), decoded.key(2));
  });

  it("copies keys on rotation, so destroying the old ring leaves the new one intact", () => {
    const ring = Keyring.create(0);
    const next = ring.rotated(1);
    const original = Buffer.from(ring.key(1)!);
    const oldKey = ring.key(1)!;
    ring.destroy();
    assert.ok(oldKey.every((b) => b === 0));
    assert.deepEqual(next.key(1), original);
  });

  it("rejects a malformed encoding", () => {
    const encoded = Keyring.create(0).encode();
    assert.throws(() => Keyring.decode(encoded.subarray(0, encoded.length - 1)), InternalError);
    const zeroTerm = Buffer.from(encoded);
    zeroTerm.writeUInt32BE(0, 5);
    assert.throws(() => Keyring.decode(zeroTerm), InternalError);
  });
});
