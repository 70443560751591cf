import assert from "node:assert/strict";
import { it } from "node:test";
import { decodeKeyShare, decodeRootToken } from "../../src/barrier/index.js";
import { heldKeyMaterial, initAndUnseal, makeFixture, text } from "./fixtures.js";

it("no key share, key, OTP, token or stored value appears in any error", async () => {
  const errors: unknown[] = [];
  const capture = async (p: Promise<unknown> | (() => unknown)) => {
    try {
      await (typeof p === "function" ? p() : p);
    } catch (err) {
      errors.push(err);
      return;
    }
    assert.fail("expected an error");
  };

  const f = makeFixture();
  const keys = await initAndUnseal(f, 3, 2);
  const keyMaterial = heldKeyMaterial(f.barrier).map((k) => Buffer.from(k));
  const plaintext = "plaintext-value-4f1b2c";
  await f.barrier.put("kv/a", text(plaintext));

  // Tampered and copied values.
  const raw = (await f.physical.get("logical/kv/a"))!.value;
  await f.physical.put("logical/kv/b", raw);
  await capture(f.barrier.get("kv/b"));
  const flipped = Buffer.from(raw);
  flipped[flipped.length - 1] ^= 1;
  await f.physical.put("logical/kv/c", flipped);
  await capture(f.barrier.get("kv/c"));

  // Key shares typed wrongly or of the wrong length.
  await capture(() => decodeKeyShare(`${keys[0].toString("hex")}!`));
  await capture(() => decodeKeyShare(`${keys[0].toString("base64")}#`));
  await f.seal.rekeyInit({ secretShares: 2, secretThreshold: 2 });
  const { nonce } = await f.seal.rekeyStatus();
  await capture(f.seal.rekeyUpdate(keys[0].subarray(0, 20), nonce));
  await f.seal.rekeyUpdate(keys[0], nonce);
  await capture(f.seal.rekeyUpdate(keys[0], nonce));
  const forged = Buffer.from(keys[1]);
  forged[0] ^= 1;
  await capture(f.seal.rekeyUpdate(forged, nonce));
  await f.seal.rekeyCancel();

  // Root generation with a wrong share and a wrong nonce, and a bad decode.
  const gen = await f.seal.generateRootInit();
  await capture(f.seal.generateRootUpdate(keys[0], "wrong"));
  await f.seal.generateRootUpdate(keys[0], gen.nonce);
  await capture(f.seal.generateRootUpdate(forged, gen.nonce));
  await capture(() => decodeRootToken("AAAA", gen.otp));

  // Unsealing with a bad share; a corrupted keyring after a restart.
  await f.seal.seal();
  await capture(f.barrier.get("kv/a"));
  await f.seal.submitUnsealKey(keys[0]);
  await capture(f.seal.submitUnsealKey(forged));
  const keyring = (await f.physical.get("core/keyring"))!.value;
  keyring[keyring.length - 3] ^= 1;
  await f.physical.put("core/keyring", keyring);
  await f.seal.submitUnsealKey(keys[0]);
  await capture(f.seal.submitUnsealKey(keys[1]));

  const secrets = [
    ...[...keys, ...keyMaterial, forged].flatMap((k) => [k.toString("hex"), k.toString("base64")]),
    plaintext,
    gen.otp,
  ];
  assert.equal(errors.length, 13);
  for (const err of errors) {
    const shown = `${String(err)} ${JSON.stringify(err)}`;
    for (const secret of secrets) {
      assert.ok(!shown.includes(secret), `an error shows secret material: ${String(err).slice(0, 60)}`);
    }
  }
});
