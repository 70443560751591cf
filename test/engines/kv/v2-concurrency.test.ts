import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { createKvBackend } from "../../../src/engines/kv/index.js";
import { InternalError, InvalidRequestError } from "../../../src/errors.js";
import { PrefixedStorageView } from "../../../src/logical/storage-view.js";
import type { LogicalResponse } from "../../../src/logical/types.js";
import { MemoryStorage } from "../../../src/storage/memory.js";
import { SqliteStorage } from "../../../src/storage/sqlite.js";
import type { PhysicalStorage, TxCheck, TxOp } from "../../../src/storage/types.js";
import { ManualClock } from "../../../src/util/clock.js";
import { silentLogger } from "../../../src/util/logger.js";
import { makeRequest } from "../../helpers/request.js";
import { type Harness, kv, START, secureOver, snapshot } from "./harness.js";

const MISMATCH = "check-and-set parameter did not match the current version";

/** Memory storage that counts transactions refused by a failed revision check. */
class CountingStorage extends MemoryStorage {
  refused = 0;
  override async transaction(ops: TxOp[], checks: TxCheck[] = []): Promise<boolean> {
    const ok = await super.transaction(ops, checks);
    if (!ok) this.refused++;
    return ok;
  }
}

/** Runs the calls concurrently; `won` holds [index of the call, its response]. */
async function settle(calls: Promise<LogicalResponse | null>[]) {
  const results = await Promise.allSettled(calls);
  const won: Array<[number, LogicalResponse | null]> = [];
  const lost: unknown[] = [];
  results.forEach((r, i) => {
    if (r.status === "fulfilled") won.push([i, r.value]);
    else lost.push(r.reason);
  });
  return { won, lost };
}

function readN(res: LogicalResponse | null): number | undefined {
  return (res?.data?.data as { n: number } | undefined)?.n;
}

function isMismatch(e: unknown): boolean {
  return e instanceof InvalidRequestError && e.messages.length === 1 && e.messages[0] === MISMATCH;
}

async function twoNodes(mem: PhysicalStorage, other: PhysicalStorage = mem): Promise<[Harness, Harness]> {
  const clock = new ManualClock(START);
  return [await kv({ version: "2", mem, clock }), await kv({ version: "2", mem: other, clock })];
}

test("20 concurrent writes with the same cas on one node: exactly one wins", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "data/k", { data: { n: 0 } });
  const calls = Array.from({ length: 20 }, (_, n) =>
    h.call("update", "data/k", { data: { n }, options: { cas: 1 } }),
  );
  const { won, lost } = await settle(calls);
  assert.equal(won.length, 1);
  assert.equal(lost.length, 19);
  assert.ok(lost.every(isMismatch));
  const [winner, response] = won[0];
  assert.equal(response?.data?.version, 2);
  assert.equal((await h.call("read", "metadata/k"))?.data?.current_version, 2);
  assert.equal(readN(await h.call("read", "data/k")), winner);
});

test("20 concurrent cas writes spread over two nodes sharing storage: exactly one wins", async () => {
  const mem = new CountingStorage();
  const [a, b] = await twoNodes(mem);
  await a.call("update", "data/k", { data: { n: 0 } });
  const calls = Array.from({ length: 20 }, (_, n) =>
    (n % 2 ? a : b).call("update", "data/k", { data: { n }, options: { cas: 1 } }),
  );
  const { won, lost } = await settle(calls);
  assert.equal(won.length, 1);
  assert.equal(lost.length, 19);
  assert.ok(lost.every(isMismatch));
  // The nodes really raced: the storage refused a stale transaction at least once.
  assert.ok(mem.refused > 0);
  const read = await b.call("read", "data/k");
  assert.equal(readN(read), won[0][0]);
  assert.equal((read?.data?.metadata as { version: number } | undefined)?.version, 2);
  assert.equal((await a.call("read", "metadata/k"))?.data?.current_version, 2);
});

test("concurrent writers without cas on two nodes lose no version", async () => {
  const mem = new CountingStorage();
  const [a, b] = await twoNodes(mem);
  const calls = Array.from({ length: 20 }, (_, n) =>
    (n % 2 ? a : b).call("update", "data/k", { data: { n } }),
  );
  const { won, lost } = await settle(calls);
  assert.equal(lost.length, 0);
  const versions = won.map(([, res]) => res?.data?.version as number).sort((x, y) => x - y);
  assert.deepEqual(
    versions,
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  assert.ok(mem.refused > 0);
  const meta = (await a.call("read", "metadata/k"))?.data;
  assert.equal(meta?.current_version, 20);
  assert.equal(meta?.oldest_version, 11);
  // Each kept version holds the data of the write that got that number.
  for (const [n, res] of won) {
    const v = res?.data?.version as number;
    if (v >= 11) assert.equal(readN(await b.call("read", "data/k", { version: v })), n);
  }
});

test("a change that keeps losing the race gives up after bounded retries and writes nothing", async () => {
  const mem = new MemoryStorage();
  let attempts = 0;
  const counted = {
    ...secureOver(mem),
    transaction: async () => {
      attempts++;
      return false;
    },
  };
  const backend = await createKvBackend({
    storage: new PrefixedStorageView(counted, "logical/x/"),
    clock: new ManualClock(START),
    logger: silentLogger,
    mount: { path: "secret/", type: "kv", accessor: "kv_x", options: { version: "2" }, description: "" },
    ttls: () => ({ defaultLeaseTTL: 60, maxLeaseTTL: 60 }),
  });
  await assert.rejects(backend.handle(makeRequest("update", "data/k", { data: { a: 1 } })), InternalError);
  assert.ok(attempts > 1 && attempts <= 32, `attempts: ${attempts}`);
  assert.equal((await snapshot(mem)).size, 0);
});

// One SQLite store serves one process (it locks its file), so the two nodes share the store: each
// keeps its own per-key locks, and only the storage transaction's revision checks arbitrate.
test("two nodes on one SQLite store: one cas winner, and no lost version without cas", async () => {
  const dir = await mkdtemp(join(tmpdir(), "cofre-kv-"));
  const storage = new SqliteStorage({ path: join(dir, "cofre.db") });
  try {
    const [a, b] = await twoNodes(storage);
    await a.call("update", "data/cas", { data: { n: -1 } });
    const cas = await settle(
      Array.from({ length: 20 }, (_, n) =>
        (n % 2 ? a : b).call("update", "data/cas", { data: { n }, options: { cas: 1 } }),
      ),
    );
    assert.equal(cas.won.length, 1);
    assert.ok(cas.lost.every(isMismatch));
    assert.equal(readN(await b.call("read", "data/cas")), cas.won[0][0]);
    const free = await settle(
      Array.from({ length: 20 }, (_, n) => (n % 2 ? a : b).call("update", "data/free", { data: { n } })),
    );
    assert.equal(free.lost.length, 0);
    assert.equal((await a.call("read", "metadata/free"))?.data?.current_version, 20);
  } finally {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  }
});
