/** Nonces come from blocks drawn from the CSPRNG: across many draws none repeats or changes. */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { decryptValue, encryptValue } from "../../src/barrier/value-format.js";
import { str, text } from "./fixtures.js";

test("a thousand values (several draws) get a thousand different nonces and all decrypt", () => {
  const key = randomBytes(32);
  const values = Array.from({ length: 1000 }, (_, i) => encryptValue(key, 1, text(`v${i}`), `k/${i}`));
  const nonces = new Set(values.map((v) => v.subarray(5, 17).toString("hex")));
  assert.equal(nonces.size, values.length);
  values.forEach((v, i) => {
    assert.equal(str(decryptValue(key, v, `k/${i}`)), `v${i}`);
  });
});
