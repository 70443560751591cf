import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeKeyShare } from "../../src/barrier/index.js";
import { InvalidRequestError } from "../../src/errors.js";
import { initAndUnseal, makeFixture, str, text } from "./fixtures.js";

describe("Shamir seal: init", () => {
  it("creates 5 shares of 33 bytes, stays sealed, and stores the config in plaintext", async () => {
    const f = makeFixture();
    assert.equal(await f.seal.isInitialized(), false);
    assert.deepEqual(await f.seal.status(), {
      type: "shamir",
      initialized: false,
      sealed: true,
      t: 0,
      n: 0,
      progress: 0,
      nonce: "",
    });
    const { keys } = await f.seal.initialize({ secretShares: 5, secretThreshold: 3 });
    assert.equal(keys.length, 5);
    assert.ok(keys.every((k) => k.length === 33));
    assert.equal(new Set(keys.map((k) => k.toString("hex"))).size, 5);
    assert.equal(await f.seal.isInitialized(), true);
    const status = await f.seal.status();
    assert.equal(status.sealed, true);
    assert.equal(status.initialized, true);
    assert.equal(status.t, 3);
    assert.equal(status.n, 5);
    const config = JSON.parse(str((await f.physical.get("core/seal-config"))!.value));
    assert.deepEqual(config, { type: "shamir", secret_shares: 5, secret_threshold: 3 });
    assert.deepEqual(await f.physical.list("core/"), ["keyring", "root-key", "seal-config"]);
  });

  it("rejects invalid share parameters with Vault's messages and writes nothing", async () => {
    const cases: [number, number, string][] = [
      [0, 1, "shares must be at least one"],
      [1, 0, "threshold must be at least one"],
      [3, 1, "threshold must be greater than one for multiple shares"],
      [256, 3, "shares must be less than 256"],
      [3, 5, "threshold cannot be larger than shares"],
      [2.5, 2, "shares must be an integer"],
    ];
    const f = makeFixture();
    for (const [secretShares, secretThreshold, message] of cases) {
      await assert.rejects(f.seal.initialize({ secretShares, secretThreshold }), {
        name: "InvalidRequestError",
        message: `invalid seal configuration: ${message}`,
      });
    }
    assert.deepEqual(await f.physical.list(""), []);
  });

  it("refuses a second init", async () => {
    const f = makeFixture();
    await f.seal.initialize({ secretShares: 3, secretThreshold: 2 });
    const before = await f.physical.get("core/root-key");
    await assert.rejects(f.seal.initialize({ secretShares: 1, secretThreshold: 1 }), {
      name: "InvalidRequestError",
      message: "Vault is already initialized",
    });
    assert.deepEqual(await f.physical.get("core/root-key"), before);
  });

  it("two nodes initialising one store at once: exactly one wins, and its shares unseal", async () => {
    const a = makeFixture();
    const b = makeFixture(a.physical);
    const results = await Promise.allSettled([
      a.seal.initialize({ secretShares: 3, secretThreshold: 2 }),
      b.seal.initialize({ secretShares: 3, secretThreshold: 2 }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.match(String(lost[0].reason), /Vault is already initialized/);
    const { keys } = won[0].value;
    await a.seal.submitUnsealKey(keys[0]);
    assert.equal((await a.seal.submitUnsealKey(keys[2])).sealed, false);
  });

  it("with one share, the share is the 32-byte unseal key and unseals alone", async () => {
    const f = makeFixture();
    const { keys } = await f.seal.initialize({ secretShares: 1, secretThreshold: 1 });
    assert.equal(keys.length, 1);
    assert.equal(keys[0].length, 32);
    const status = await f.seal.submitUnsealKey(keys[0]);
    assert.equal(status.sealed, false);
  });

  it("runs setup once with the barrier unsealed, then seals again", async () => {
    const f = makeFixture();
    let sawSealed: boolean | undefined;
    const { keys } = await f.seal.initialize({ secretShares: 3, secretThreshold: 2 }, async () => {
      sawSealed = f.barrier.sealed;
      await f.barrier.put("sys/token/root", text("root token entry"));
    });
    assert.equal(sawSealed, false);
    assert.equal(f.barrier.sealed, true);
    await f.seal.submitUnsealKey(keys[1]);
    await f.seal.submitUnsealKey(keys[2]);
    assert.equal(str((await f.barrier.get("sys/token/root"))!.value), "root token entry");
  });
});

describe("Shamir seal: unseal", () => {
  it("unseals with any 3 of 5 shares in any order, ignoring a duplicate", async () => {
    const f = makeFixture();
    const { keys } = await f.seal.initialize({ secretShares: 5, secretThreshold: 3 });
    let status = await f.seal.submitUnsealKey(keys[4]);
    assert.equal(status.progress, 1);
    assert.match(status.nonce, /^[0-9a-f-]{36}$/);
    const nonce = status.nonce;
    status = await f.seal.submitUnsealKey(keys[4]);
    assert.equal(status.progress, 1, "duplicate share ignored");
    status = await f.seal.submitUnsealKey(keys[1]);
    assert.equal(status.progress, 2);
    assert.equal(status.nonce, nonce);
    assert.equal(status.sealed, true);
    status = await f.seal.submitUnsealKey(keys[3]);
    assert.deepEqual(status, {
      type: "shamir",
      initialized: true,
      sealed: false,
      t: 3,
      n: 5,
      progress: 0,
      nonce: "",
    });
    assert.equal(f.barrier.sealed, false);
  });

  it("a bad share makes the threshold attempt fail, resets progress and stays sealed", async () => {
    const f = makeFixture();
    const { keys } = await f.seal.initialize({ secretShares: 5, secretThreshold: 3 });
    const forged = Buffer.from(keys[2]);
    forged[0] ^= 0xff;
    await f.seal.submitUnsealKey(keys[0]);
    await f.seal.submitUnsealKey(keys[1]);
    await assert.rejects(f.seal.submitUnsealKey(forged), {
      name: "InvalidRequestError",
      message: /unseal failed: the key shares do not reconstruct the unseal key/,
    });
    const status = await f.seal.status();
    assert.equal(status.sealed, true);
    assert.equal(status.progress, 0);
    assert.equal(status.nonce, "");
    // The good shares still work afterwards.
    for (const k of [keys[0], keys[1], keys[2]]) await f.seal.submitUnsealKey(k);
    assert.equal(f.barrier.sealed, false);
  });

  it("shares of another server do not unseal this one", async () => {
    const f = makeFixture();
    await f.seal.initialize({ secretShares: 3, secretThreshold: 2 });
    const other = makeFixture();
    const { keys } = await other.seal.initialize({ secretShares: 3, secretThreshold: 2 });
    await f.seal.submitUnsealKey(keys[0]);
    await assert.rejects(f.seal.submitUnsealKey(keys[1]), InvalidRequestError);
    assert.equal(f.barrier.sealed, true);
  });

  it("rejects a share of the wrong length without counting it", async () => {
    const f = makeFixture();
    await f.seal.initialize({ secretShares: 3, secretThreshold: 2 });
    await assert.rejects(f.seal.submitUnsealKey(Buffer.alloc(32, 1)), {
      message: "key must be 33 bytes long",
    });
    assert.equal((await f.seal.status()).progress, 0);
  });

  it("refuses to unseal before init, and reset clears progress but not when unsealed", async () => {
    const f = makeFixture();
    await assert.rejects(f.seal.submitUnsealKey(Buffer.alloc(33)), { message: "Vault is not initialized" });
    const { keys } = await f.seal.initialize({ secretShares: 3, secretThreshold: 2 });
    await f.seal.submitUnsealKey(keys[0]);
    assert.equal((await f.seal.resetUnseal()).progress, 0);
    await f.seal.submitUnsealKey(keys[0]);
    await f.seal.submitUnsealKey(keys[1]);
    await assert.rejects(f.seal.resetUnseal(), { message: "vault is unsealed" });
    assert.equal((await f.seal.submitUnsealKey(keys[2])).sealed, false, "a share while unsealed is ignored");
  });

  it("after a restart, a new seal over the same store unseals with the same shares and reads old data", async () => {
    const first = makeFixture();
    const keys = await initAndUnseal(first);
    await first.barrier.put("kv/data", text("persisted"));
    await first.barrier.rotate();
    await first.barrier.put("kv/after-rotate", text("term 2"));
    await first.seal.seal();

    const restarted = makeFixture(first.physical);
    assert.equal((await restarted.seal.status()).sealed, true);
    for (const k of [keys[3], keys[0], keys[2]]) await restarted.seal.submitUnsealKey(k);
    assert.equal(str((await restarted.barrier.get("kv/data"))!.value), "persisted");
    assert.equal(str((await restarted.barrier.get("kv/after-rotate"))!.value), "term 2");
    assert.equal(restarted.barrier.keyStatus().term, 2);
  });
});

describe("decodeKeyShare", () => {
  it("decodes hex first and base64 otherwise", () => {
    const share = Buffer.from("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff01", "hex");
    assert.deepEqual(decodeKeyShare(share.toString("hex")), share);
    assert.deepEqual(decodeKeyShare(share.toString("base64")), share);
    assert.deepEqual(decodeKeyShare(share.toString("hex").toUpperCase()), share);
    // Valid hex of the wrong length (8 bytes) is read as base64.
    assert.deepEqual(decodeKeyShare("0011223344556677"), Buffer.from("0011223344556677", "base64"));
  });

  it("rejects anything else with Vault's message", () => {
    for (const bad of ["", "zz", "not base64!", "abc", "0011223344556677889"]) {
      assert.throws(() => decodeKeyShare(bad), {
        name: "InvalidRequestError",
        message: "'key' must be a valid hex or base64 string",
      });
    }
  });
});
