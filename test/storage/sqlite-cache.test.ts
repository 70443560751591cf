/**
 * The SQLite store serves hot keys from memory: every read must still return what the database
 * holds, however it was written (put, delete, transaction). No other connection can write the file
 * while the store holds it (see sqlite.test.ts).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ReadCache } from "../../src/storage/read-cache.js";
import { SqliteStorage } from "../../src/storage/sqlite.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined): string => new TextDecoder().decode(value);

function withPath(title: string, body: (path: string) => Promise<void>) {
  test(title, async () => {
    const dir = await mkdtemp(join(tmpdir(), "cofre-sqlite-cache-"));
    try {
      await body(join(dir, "cofre.db"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}

describe("sqlite storage read cache", () => {
  withPath("every kind of write through the store is seen by the next read", async (path) => {
    const s = new SqliteStorage({ path });
    try {
      await s.put("k", bytes("v1"));
      assert.equal(text((await s.get("k"))?.value), "v1");
      await s.put("k", bytes("v2"));
      assert.deepEqual(await s.get("k"), { key: "k", value: bytes("v2"), revision: 2 });
      assert.equal(
        await s.transaction([{ type: "put", key: "k", value: bytes("v3") }], [{ key: "k", revision: 2 }]),
        true,
      );
      assert.equal(text((await s.get("k"))?.value), "v3");
      await s.transaction([
        { type: "delete", key: "k" },
        { type: "put", key: "other", value: bytes("o") },
      ]);
      assert.equal(await s.get("k"), null);
      await s.put("k", bytes("v4"));
      assert.equal(text((await s.get("k"))?.value), "v4");
      await s.delete("k");
      assert.equal(await s.get("k"), null);
    } finally {
      await s.close();
    }
  });

  withPath("a transaction whose check fails leaves the read value as it was", async (path) => {
    const s = new SqliteStorage({ path });
    try {
      await s.put("k", bytes("v1"));
      await s.get("k");
      const applied = await s.transaction(
        [{ type: "put", key: "k", value: bytes("lost") }],
        [{ key: "k", revision: 7 }],
      );
      assert.equal(applied, false);
      assert.deepEqual(await s.get("k"), { key: "k", value: bytes("v1"), revision: 1 });
    } finally {
      await s.close();
    }
  });

  withPath("a value handed out is the caller's own: changing it changes nothing stored", async (path) => {
    const s = new SqliteStorage({ path });
    try {
      await s.put("k", bytes("abc"));
      for (let i = 0; i < 2; i++) {
        const got = await s.get("k");
        got!.value.fill(0);
      }
      assert.equal(text((await s.get("k"))?.value), "abc");
    } finally {
      await s.close();
    }
  });

  withPath("with the cache turned off reads still work", async (path) => {
    const s = new SqliteStorage({ path, readCache: { maxEntries: 0 } });
    try {
      await s.put("k", bytes("v1"));
      await s.get("k");
      await s.put("k", bytes("v2"));
      assert.equal(text((await s.get("k"))?.value), "v2");
    } finally {
      await s.close();
    }
  });
});

describe("read cache bounds", () => {
  test("drops the least recently used entry first", () => {
    const cache = new ReadCache({ maxEntries: 2 });
    cache.set("a", bytes("1"), 1);
    cache.set("b", bytes("2"), 1);
    cache.get("a");
    cache.set("c", bytes("3"), 1);
    assert.equal(cache.get("b"), undefined);
    assert.ok(cache.get("a"));
    assert.ok(cache.get("c"));
  });

  test("keeps total bytes under the limit and skips values that are too large", () => {
    const cache = new ReadCache({ maxBytes: 10, maxValueBytes: 6 });
    cache.set("big", new Uint8Array(7), 1);
    assert.equal(cache.get("big"), undefined);
    cache.set("a", new Uint8Array(6), 1);
    cache.set("b", new Uint8Array(6), 1);
    assert.equal(cache.size, 1);
    assert.equal(cache.get("a"), undefined);
    cache.set("b", new Uint8Array(2), 2);
    cache.set("c", new Uint8Array(6), 1);
    assert.equal(cache.size, 2);
    assert.equal(cache.get("b")?.revision, 2);
  });
});
