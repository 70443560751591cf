import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeRootToken } from "../../src/barrier/index.js";
import { InvalidRequestError, SealedError } from "../../src/errors.js";
import { initAndUnseal, makeFixture } from "./fixtures.js";

describe("generate-root", () => {
  it("mints a root token once a threshold of shares is given; it decodes with the OTP", async () => {
    const f = makeFixture();
    const keys = await initAndUnseal(f, 5, 3);
    const idle = await f.seal.generateRootStatus();
    assert.deepEqual(idle, {
      nonce: "",
      started: false,
      progress: 0,
      required: 3,
      complete: false,
      encoded_token: "",
      encoded_root_token: "",
      pgp_fingerprint: "",
      otp: "",
      otp_length: 28,
    });

    const init = await f.seal.generateRootInit();
    assert.equal(init.started, true);
    assert.match(init.otp, /^[0-9A-Za-z]{28}$/);
    assert.equal((await f.seal.generateRootStatus()).otp, "", "the OTP is shown once");

    let step = await f.seal.generateRootUpdate(keys[2], init.nonce);
    assert.equal(step.progress, 1);
    assert.equal(step.complete, false);
    await f.seal.generateRootUpdate(keys[4], init.nonce);
    assert.equal(f.mintedTokens.length, 0);
    step = await f.seal.generateRootUpdate(keys[0], init.nonce);
    assert.equal(step.complete, true);
    assert.equal(step.progress, 3);
    assert.equal(step.encoded_token, step.encoded_root_token);
    assert.equal(f.mintedTokens.length, 1);
    assert.notEqual(step.encoded_token, Buffer.from(f.mintedTokens[0]).toString("base64"));
    assert.equal(decodeRootToken(step.encoded_token, init.otp), f.mintedTokens[0]);
    assert.equal((await f.seal.generateRootStatus()).started, false);
  });

  it("refuses a wrong nonce and a duplicate share; wrong shares abort and mint nothing", async () => {
    const f = makeFixture();
    const keys = await initAndUnseal(f, 3, 2);
    const init = await f.seal.generateRootInit();
    await assert.rejects(f.seal.generateRootInit(), { message: "root generation already in progress" });
    await assert.rejects(f.seal.generateRootUpdate(keys[0], "not-the-nonce"), InvalidRequestError);
    await f.seal.generateRootUpdate(keys[0], init.nonce);
    await assert.rejects(f.seal.generateRootUpdate(keys[0], init.nonce), /already been provided/);

    const forged = Buffer.from(keys[1]);
    forged[3] ^= 0x80;
    await assert.rejects(f.seal.generateRootUpdate(forged, init.nonce), /root generation aborted/);
    assert.equal(f.mintedTokens.length, 0);
    const status = await f.seal.generateRootStatus();
    assert.equal(status.started, true);
    assert.equal(status.progress, 0);

    await f.seal.generateRootCancel();
    assert.equal((await f.seal.generateRootStatus()).started, false);
    await assert.rejects(f.seal.generateRootUpdate(keys[0], init.nonce), {
      message: "no root generation in progress",
    });
  });

  it("needs an unsealed server, and sealing forgets the attempt", async () => {
    const f = makeFixture();
    const keys = await initAndUnseal(f, 3, 2);
    await f.seal.generateRootInit();
    await f.seal.seal();
    await assert.rejects(f.seal.generateRootInit(), SealedError);
    await assert.rejects(f.seal.generateRootStatus(), SealedError);
    for (const k of keys.slice(0, 2)) await f.seal.submitUnsealKey(k);
    assert.equal((await f.seal.generateRootStatus()).started, false);
  });

  it("decodeRootToken rejects an OTP of the wrong length", () => {
    assert.throws(() => decodeRootToken("AAAA", "abcdef"), InvalidRequestError);
  });
});
