import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SealedError } from "../../src/errors.js";
import { MemoryStorage } from "../../src/storage/memory.js";
import { heldKeyMaterial, initAndUnseal, makeFixture, str, text } from "./fixtures.js";

async function unsealed() {
  const f = makeFixture();
  await initAndUnseal(f);
  return f;
}

describe("AesGcmBarrier", () => {
  it("round-trips values and stores only ciphertext under logical/", async () => {
    const { barrier, physical } = await unsealed();
    const revision = await barrier.put("sys/token/x", text("top secret value"));
    const entry = await barrier.get("sys/token/x");
    assert.equal(str(entry!.value), "top secret value");
    assert.equal(entry!.key, "sys/token/x");
    assert.equal(entry!.revision, revision);
    const raw = await physical.get("logical/sys/token/x");
    assert.ok(raw);
    assert.ok(!Buffer.from(raw.value).includes("top secret value"));
    assert.equal(await physical.get("sys/token/x"), null);
    assert.equal(await barrier.get("sys/token/missing"), null);
  });

  it("keeps core/ out of reach of its callers", async () => {
    const { barrier, physical } = await unsealed();
    const keyringBefore = await physical.get("core/keyring");
    await barrier.put("core/keyring", text("attempt to clobber"));
    assert.deepEqual(await physical.get("core/keyring"), keyringBefore);
    assert.equal(str((await barrier.get("core/keyring"))!.value), "attempt to clobber");
    assert.deepEqual(await barrier.list(""), ["core/"]);
  });

  it("refuses a value with one byte flipped in the physical store", async () => {
    const { barrier, physical } = await unsealed();
    await barrier.put("kv/a", text("secret-a"));
    const raw = (await physical.get("logical/kv/a"))!.value;
    raw[raw.length - 20] ^= 0x40;
    await physical.put("logical/kv/a", raw);
    await assert.rejects(barrier.get("kv/a"), {
      name: "InternalError",
      message: "stored value failed integrity check at kv/a",
    });
  });

  it("refuses a value copied to another physical key", async () => {
    const { barrier, physical } = await unsealed();
    await barrier.put("kv/a", text("secret-a"));
    await physical.put("logical/kv/b", (await physical.get("logical/kv/a"))!.value);
    await assert.rejects(barrier.get("kv/b"), /stored value failed integrity check at kv\/b/);
  });

  it("refuses a truncated value", async () => {
    const { barrier, physical } = await unsealed();
    await barrier.put("kv/a", text("secret-a"));
    const raw = (await physical.get("logical/kv/a"))!.value;
    await physical.put("logical/kv/a", raw.subarray(0, raw.length - 1));
    await assert.rejects(barrier.get("kv/a"), /integrity check/);
    await physical.put("logical/kv/a", raw.subarray(0, 10));
    await assert.rejects(barrier.get("kv/a"), /stored value at kv\/a is truncated/);
  });

  it("lists, deletes and runs transactions whose checks see the physical revisions", async () => {
    const { barrier } = await unsealed();
    const r1 = await barrier.put("kv/a", text("1"));
    await barrier.put("kv/dir/b", text("2"));
    assert.deepEqual(await barrier.list("kv/"), ["a", "dir/"]);
    assert.equal(
      await barrier.transaction(
        [{ type: "put", key: "kv/a", value: text("x") }],
        [{ key: "kv/a", revision: r1 + 1 }],
      ),
      false,
    );
    assert.equal(str((await barrier.get("kv/a"))!.value), "1");
    const ok = await barrier.transaction(
      [
        { type: "put", key: "kv/a", value: text("3") },
        { type: "delete", key: "kv/dir/b" },
      ],
      [
        { key: "kv/a", revision: r1 },
        { key: "kv/new", absent: true },
      ],
    );
    assert.equal(ok, true);
    assert.equal(str((await barrier.get("kv/a"))!.value), "3");
    assert.equal((await barrier.get("kv/a"))!.revision, r1 + 1);
    assert.equal(await barrier.get("kv/dir/b"), null);
    await barrier.delete("kv/a");
    assert.equal(await barrier.get("kv/a"), null);
  });

  it("rotates: old values stay readable, new writes use the new term", async () => {
    const { barrier, physical, clock } = await unsealed();
    await barrier.put("kv/old", text("old"));
    await barrier.put("kv/old2", text("old2"));
    assert.equal(barrier.keyStatus().term, 1);
    assert.equal(barrier.keyStatus().encryptions, 2);
    clock.advance(60_000);
    const status = await barrier.rotate();
    assert.equal(status.term, 2);
    assert.equal(status.installTime, new Date(clock.now()).toISOString());
    assert.equal(status.encryptions, 0);
    await barrier.put("kv/new", text("new"));
    const termOf = async (k: string) =>
      Buffer.from((await physical.get(`logical/${k}`))!.value).readUInt32BE(1);
    assert.equal(await termOf("kv/old"), 1);
    assert.equal(await termOf("kv/new"), 2);
    assert.equal(str((await barrier.get("kv/old"))!.value), "old");
    assert.equal(str((await barrier.get("kv/new"))!.value), "new");
    assert.equal(barrier.keyStatus().encryptions, 1);
  });

  it("picks up a rotation made by another node sharing the store", async () => {
    const a = makeFixture();
    const keys = await initAndUnseal(a);
    const b = makeFixture(a.physical);
    for (const k of keys.slice(2)) await b.seal.submitUnsealKey(k);
    assert.equal(b.barrier.sealed, false);

    await a.barrier.rotate();
    await a.barrier.put("kv/from-a", text("written with term 2"));
    assert.equal(str((await b.barrier.get("kv/from-a"))!.value), "written with term 2");
    assert.equal(b.barrier.keyStatus().term, 2);

    // b's view of the keyring revision is current now; a is behind after b rotates.
    assert.equal((await b.barrier.rotate()).term, 3);
    assert.equal((await a.barrier.rotate()).term, 4);
    await b.barrier.put("kv/from-b", text("b"));
    assert.equal(str((await a.barrier.get("kv/from-b"))!.value), "b");
  });

  it("throws SealedError on every method when sealed and holds no key material", async () => {
    const { barrier, seal } = await unsealed();
    await barrier.put("kv/a", text("secret"));
    const held = heldKeyMaterial(barrier);
    assert.equal(held.length, 2);
    assert.ok(held.every((k) => k.length === 32 && k.some((b) => b !== 0)));
    await seal.seal();
    assert.equal(barrier.sealed, true);
    assert.ok(
      held.every((k) => k.every((b) => b === 0)),
      "key buffers are zeroed",
    );
    assert.deepEqual(heldKeyMaterial(barrier), []);
    await assert.rejects(barrier.get("kv/a"), SealedError);
    await assert.rejects(barrier.put("kv/a", text("x")), SealedError);
    await assert.rejects(barrier.delete("kv/a"), SealedError);
    await assert.rejects(barrier.list(""), SealedError);
    await assert.rejects(barrier.transaction([{ type: "delete", key: "kv/a" }]), SealedError);
    await assert.rejects(barrier.rotate(), SealedError);
    assert.throws(() => barrier.keyStatus(), SealedError);
  });

  it("reports SealedError for a read that was in flight when the barrier sealed", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holdReads = false;
    class SlowStorage extends MemoryStorage {
      override async get(key: string) {
        const entry = await super.get(key);
        if (holdReads) await gate;
        return entry;
      }
    }
    const f = makeFixture(new SlowStorage());
    await initAndUnseal(f);
    await f.barrier.put("kv/a", text("secret"));
    holdReads = true;
    const pending = f.barrier.get("kv/a");
    await f.seal.seal();
    release();
    await assert.rejects(pending, SealedError);
  });
});
