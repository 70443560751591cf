import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RekeyUpdateResult, RekeyVerifyResult } from "../../src/barrier/index.js";
import { SealedError } from "../../src/errors.js";
import { initAndUnseal, makeFixture, str, text } from "./fixtures.js";

async function unsealWith(f: ReturnType<typeof makeFixture>, keys: Buffer[]) {
  let status = await f.seal.status();
  for (const k of keys) status = await f.seal.submitUnsealKey(k);
  return status;
}

const hexKeys = (r: RekeyUpdateResult) => r.keys.map((k) => Buffer.from(k, "hex"));

describe("rekey", () => {
  it("without verification: new shares replace the old ones, data and root key unchanged", async () => {
    const f = makeFixture();
    const oldKeys = await initAndUnseal(f, 5, 3);
    await f.barrier.put("kv/a", text("before rekey"));
    const keyringBefore = await f.physical.get("core/keyring");

    const init = await f.seal.rekeyInit({ secretShares: 3, secretThreshold: 2 });
    assert.equal(init.started, true);
    assert.equal(init.t, 2);
    assert.equal(init.n, 3);
    assert.equal(init.required, 3);
    assert.equal(init.progress, 0);
    assert.equal(init.verification_required, false);
    assert.match(init.nonce, /^[0-9a-f-]{36}$/);

    const step = await f.seal.rekeyUpdate(oldKeys[4], init.nonce);
    assert.equal("complete" in step, false);
    assert.equal((step as { progress: number }).progress, 1);
    await f.seal.rekeyUpdate(oldKeys[0], init.nonce);
    const done = (await f.seal.rekeyUpdate(oldKeys[2], init.nonce)) as RekeyUpdateResult;
    assert.equal(done.complete, true);
    assert.equal(done.nonce, init.nonce);
    assert.equal(done.keys.length, 3);
    assert.deepEqual(
      done.keys_base64.map((k) => Buffer.from(k, "base64").toString("hex")),
      done.keys,
    );
    assert.equal((await f.seal.rekeyStatus()).started, false);
    assert.equal((await f.seal.status()).n, 3);
    // The keyring (encrypted with the unchanged root key) was not touched.
    assert.deepEqual(await f.physical.get("core/keyring"), keyringBefore);

    await f.seal.seal();
    const oldTry = makeFixture(f.physical);
    await oldTry.seal.submitUnsealKey(oldKeys[0]);
    await assert.rejects(oldTry.seal.submitUnsealKey(oldKeys[1]), /do not reconstruct/);
    assert.equal(oldTry.barrier.sealed, true, "old shares no longer unseal");

    const status = await unsealWith(f, hexKeys(done).slice(1));
    assert.equal(status.sealed, false);
    assert.equal(str((await f.barrier.get("kv/a"))!.value), "before rekey");
  });

  it("with verification: new shares only take effect once a threshold of them is given back", async () => {
    const f = makeFixture();
    const oldKeys = await initAndUnseal(f, 3, 2);
    const init = await f.seal.rekeyInit({ secretShares: 4, secretThreshold: 3, requireVerification: true });
    assert.equal(init.verification_required, true);
    await f.seal.rekeyUpdate(oldKeys[0], init.nonce);
    const done = (await f.seal.rekeyUpdate(oldKeys[1], init.nonce)) as RekeyUpdateResult;
    assert.equal(done.verification_required, true);
    assert.match(done.verification_nonce!, /^[0-9a-f-]{36}$/);
    const newKeys = hexKeys(done);
    assert.equal((await f.seal.status()).n, 3, "not active yet");

    await assert.rejects(f.seal.rekeyUpdate(oldKeys[2], init.nonce), /verification must be performed/);
    await assert.rejects(f.seal.rekeyVerify(newKeys[0], init.nonce), {
      name: "InvalidRequestError",
      message: /incorrect nonce supplied/,
    });

    // A wrong share at the threshold fails, resets progress and rotates the nonce.
    const forged = Buffer.from(newKeys[2]);
    forged[5] ^= 1;
    await f.seal.rekeyVerify(newKeys[0], done.verification_nonce!);
    await f.seal.rekeyVerify(newKeys[1], done.verification_nonce!);
    await assert.rejects(f.seal.rekeyVerify(forged, done.verification_nonce!), /rekey verification failed/);
    const vstatus = await f.seal.rekeyVerifyStatus();
    assert.equal(vstatus.progress, 0);
    assert.notEqual(vstatus.nonce, done.verification_nonce);
    assert.equal((await f.seal.status()).n, 3, "still the old configuration");

    for (const k of newKeys.slice(1, 3)) await f.seal.rekeyVerify(k, vstatus.nonce);
    const verified = (await f.seal.rekeyVerify(newKeys[3], vstatus.nonce)) as RekeyVerifyResult;
    assert.deepEqual(verified, { nonce: vstatus.nonce, complete: true });
    assert.equal((await f.seal.status()).n, 4);

    await f.seal.seal();
    await f.seal.submitUnsealKey(oldKeys[0]).catch(() => undefined);
    assert.equal(f.barrier.sealed, true);
    await f.seal.resetUnseal();
    assert.equal((await unsealWith(f, [newKeys[3], newKeys[0], newKeys[2]])).sealed, false);
  });

  it("cancelling before verification keeps the old shares", async () => {
    const f = makeFixture();
    const oldKeys = await initAndUnseal(f, 3, 2);
    const init = await f.seal.rekeyInit({ secretShares: 1, secretThreshold: 1, requireVerification: true });
    await f.seal.rekeyUpdate(oldKeys[0], init.nonce);
    await f.seal.rekeyUpdate(oldKeys[1], init.nonce);
    await f.seal.rekeyCancel();
    assert.equal((await f.seal.rekeyStatus()).started, false);
    await f.seal.seal();
    assert.equal((await unsealWith(f, oldKeys.slice(0, 2))).sealed, false);
  });

  it("refuses a wrong nonce, a duplicate share, a second init and work while sealed", async () => {
    const f = makeFixture();
    const keys = await initAndUnseal(f, 3, 2);
    const init = await f.seal.rekeyInit({ secretShares: 3, secretThreshold: 2 });
    await assert.rejects(f.seal.rekeyInit({ secretShares: 3, secretThreshold: 2 }), {
      message: "rekey already in progress",
    });
    await assert.rejects(f.seal.rekeyUpdate(keys[0], "00000000-0000-0000-0000-000000000000"), {
      name: "InvalidRequestError",
      message: /^incorrect nonce supplied/,
    });
    assert.equal((await f.seal.rekeyStatus()).progress, 0);
    await f.seal.rekeyUpdate(keys[0], init.nonce);
    await assert.rejects(f.seal.rekeyUpdate(keys[0], init.nonce), /already been provided/);
    await f.seal.seal();
    await assert.rejects(f.seal.rekeyStatus(), SealedError);
    await assert.rejects(f.seal.rekeyUpdate(keys[1], init.nonce), SealedError);
  });

  it("validates the new share parameters", async () => {
    const f = makeFixture();
    await initAndUnseal(f, 3, 2);
    await assert.rejects(f.seal.rekeyInit({ secretShares: 2, secretThreshold: 3 }), {
      name: "InvalidRequestError",
      message: "invalid rekey seal configuration: threshold cannot be larger than shares",
    });
  });
});
