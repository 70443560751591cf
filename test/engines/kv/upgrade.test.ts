/**
 * KV v1 -> v2 upgrade in place: every v1 secret becomes version 1 of a v2 secret, exactly once,
 * even when the upgrade is interrupted at any write and run again.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { MemoryStorage } from "../../../src/storage/memory.js";
import type { PhysicalStorage, TxCheck, TxOp } from "../../../src/storage/types.js";
import { kv, snapshot } from "./harness.js";

/** v1 secrets, including names the v2 layout uses for its own records. */
const SECRETS: Record<string, Record<string, unknown>> = {
  "app/db": { password: "pw-db", port: 5432 },
  "app/api": { token: "api-1" },
  top: { a: "1" },
  config: { maxVersions: "not a v2 config" },
  "meta/x": { current: "looks internal" },
  "versions/y": { data: "also looks internal" },
  "deep/a/b/c": { nested: { k: ["v"] } },
};

/** A store that fails every write once `budget` writes have been made. */
class InterruptedStorage implements PhysicalStorage {
  readonly type = "inmem";
  constructor(
    private readonly inner: PhysicalStorage,
    public budget: number,
  ) {}
  private spend(): void {
    if (this.budget <= 0) throw new Error("simulated crash");
    this.budget -= 1;
  }
  get(key: string) {
    return this.inner.get(key);
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  async put(key: string, value: Uint8Array) {
    this.spend();
    return this.inner.put(key, value);
  }
  async delete(key: string) {
    this.spend();
    return this.inner.delete(key);
  }
  async transaction(ops: TxOp[], checks?: TxCheck[]) {
    this.spend();
    return this.inner.transaction(ops, checks);
  }
  close() {
    return this.inner.close();
  }
}

async function v1Store(): Promise<MemoryStorage> {
  const mem = new MemoryStorage();
  const v1 = await kv({ version: "1", mem });
  for (const [path, data] of Object.entries(SECRETS)) await v1.call("update", path, data);
  return mem;
}

/** Asserts every v1 secret reads as version 1 of a v2 secret, and nothing else exists. */
async function assertUpgraded(mem: PhysicalStorage): Promise<void> {
  const v2 = await kv({ version: "2", mem });
  for (const [path, data] of Object.entries(SECRETS)) {
    const r = await v2.call("read", `data/${path}`);
    assert.deepEqual(r?.data?.data, data, path);
    assert.equal((r?.data?.metadata as Record<string, unknown> | undefined)?.version, 1, path);
    const meta = await v2.call("read", `metadata/${path}`);
    assert.deepEqual(Object.keys(meta?.data?.versions as object), ["1"], path);
  }
  assert.deepEqual((await v2.call("list", "metadata/"))?.data?.keys, [
    "app/",
    "config",
    "deep/",
    "meta/",
    "top",
    "versions/",
  ]);
  assert.deepEqual((await v2.call("list", "metadata/app/"))?.data?.keys, ["api", "db"]);
  // No v1 key and no staged copy is left over.
  const keys = [...(await snapshot(mem)).keys()].map((k) => k.slice("logical/0f2c/".length));
  assert.deepEqual(
    keys.filter((k) => !k.startsWith("meta/") && !k.startsWith("versions/") && !k.endsWith("/")),
    ["kv//upgrade"],
  );
}

test("initialize() of the v2 engine turns each v1 secret into version 1", async () => {
  const mem = await v1Store();
  const v2 = await kv({ version: "2", mem });
  await v2.backend.initialize?.();
  await assertUpgraded(mem);
  // Running again (every unseal does) changes nothing.
  const before = await snapshot(mem);
  await v2.backend.initialize?.();
  assert.deepEqual(await snapshot(mem), before);
  // The upgraded secrets take new versions as usual.
  const w = await v2.call("update", "data/app/db", { data: { password: "pw-2" } });
  assert.equal(w?.data?.version, 2);
});

test("an upgrade interrupted at any write resumes and converts each secret exactly once", async () => {
  // One run needs: 1 state write + 1 per staged key + 1 state write + 1 per converted key + 1.
  const writes = 3 + 2 * Object.keys(SECRETS).length;
  for (let budget = 0; budget < writes; budget++) {
    const mem = await v1Store();
    const flaky = new InterruptedStorage(mem, budget);
    const first = await kv({ version: "2", mem: flaky });
    await assert.rejects(
      first.backend.initialize?.() ?? Promise.resolve(),
      /simulated crash/,
      `budget ${budget}`,
    );
    // The retry may be interrupted again (after one more write), then a clean run finishes.
    flaky.budget = 1;
    await first.backend.initialize?.().catch((e: Error) => assert.match(e.message, /simulated crash/));
    flaky.budget = Number.POSITIVE_INFINITY;
    await first.backend.initialize?.();
    await assertUpgraded(mem);
  }
});

test("a fresh v2 mount and a v2 mount from before the upgrade marker are left as they are", async () => {
  const fresh = new MemoryStorage();
  await (await kv({ version: "2", mem: fresh })).backend.initialize?.();
  assert.deepEqual([...(await snapshot(fresh)).keys()], ["logical/0f2c/kv//upgrade"]);

  // A v2 mount with data but no marker (written without initialize()).
  const mem = new MemoryStorage();
  const old = await kv({ version: "2", mem });
  await old.call("update", "config", { max_versions: 5 });
  await old.call("update", "data/app", { data: { v: "1" } });
  await old.call("update", "data/app", { data: { v: "2" } });
  const before = await snapshot(mem);
  const v2 = await kv({ version: "2", mem });
  await v2.backend.initialize?.();
  const after = await snapshot(mem);
  after.delete("logical/0f2c/kv//upgrade");
  assert.deepEqual(after, before);
  const r = await v2.call("read", "data/app");
  assert.deepEqual(r?.data?.data, { v: "2" });
  assert.equal((r?.data?.metadata as Record<string, unknown> | undefined)?.version, 2);
});
