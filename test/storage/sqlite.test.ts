import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { InvalidRequestError } from "../../src/errors.js";
import { SqliteStorage } from "../../src/storage/sqlite.js";
import { runStorageContract } from "./contract.js";

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined): string => new TextDecoder().decode(value);

async function tempDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "cofre-sqlite-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

runStorageContract("sqlite", async () => {
  const { dir, cleanup } = await tempDir();
  return { storage: new SqliteStorage({ path: join(dir, "cofre.db") }), cleanup };
});

describe("sqlite storage", () => {
  const withDir = (title: string, body: (dir: string) => Promise<void>) =>
    test(title, async () => {
      const { dir, cleanup } = await tempDir();
      try {
        await body(dir);
      } finally {
        await cleanup();
      }
    });

  withDir("keeps data and revisions across close and reopen", async (dir) => {
    const path = join(dir, "cofre.db");
    const first = new SqliteStorage({ path });
    await first.put("a/b", bytes("v1"));
    await first.put("a/b", bytes("v2"));
    await first.close();
    const second = new SqliteStorage({ path });
    assert.deepEqual(await second.get("a/b"), { key: "a/b", value: bytes("v2"), revision: 2 });
    assert.equal(await second.put("a/b", bytes("v3")), 3);
    await second.close();
  });

  withDir("creates a missing folder 0700 and the database files 0600", async (dir) => {
    const path = join(dir, "nested", "data", "cofre.db");
    const storage = new SqliteStorage({ path });
    await storage.put("k", bytes("v"));
    assert.equal((await stat(join(dir, "nested", "data"))).mode & 0o777, 0o700);
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(`${path}-wal`)).mode & 0o777, 0o600);
    await storage.close();
  });

  withDir("an acknowledged write is in the files on disk before the store closes", async (dir) => {
    const path = join(dir, "cofre.db");
    const storage = new SqliteStorage({ path });
    await Promise.all([storage.put("x", bytes("1")), storage.put("y", bytes("2"))]);
    // The store holds the file's lock, so read a copy of the database and its WAL as they are now.
    const copy = join(dir, "copy.db");
    await copyFile(path, copy);
    await copyFile(`${path}-wal`, `${copy}-wal`);
    const other = new Database(copy);
    const rows = other.prepare("SELECT key, revision FROM kv ORDER BY key").all();
    other.close();
    assert.deepEqual(rows, [
      { key: "x", revision: 1 },
      { key: "y", revision: 1 },
    ]);
    await storage.close();
  });

  withDir("close commits the writes still pending, and refuses later use", async (dir) => {
    const path = join(dir, "cofre.db");
    const storage = new SqliteStorage({ path });
    const pending = storage.put("late", bytes("kept"));
    await storage.close();
    assert.equal(await pending, 1);
    await assert.rejects(storage.put("after", bytes("x")));
    await assert.rejects(storage.get("late"));
    const reopened = new SqliteStorage({ path });
    assert.equal(text((await reopened.get("late"))?.value), "kept");
    await reopened.close();
  });

  withDir("a write that fails does not fail the other writes of its batch", async (dir) => {
    const path = join(dir, "cofre.db");
    await new SqliteStorage({ path }).close();
    const admin = new Database(path);
    admin.exec(`CREATE TRIGGER poison BEFORE INSERT ON kv WHEN NEW.key LIKE 'poison%'
      BEGIN SELECT RAISE(ABORT, 'poisoned key'); END`);
    admin.close();
    const storage = new SqliteStorage({ path });
    const results = await Promise.allSettled([
      storage.put("ok/1", bytes("1")),
      storage.put("poison/1", bytes("x")),
      storage.transaction([
        { type: "put", key: "ok/in-failed-tx", value: bytes("x") },
        { type: "put", key: "poison/2", value: bytes("x") },
      ]),
      storage.transaction([{ type: "put", key: "ok/2", value: bytes("2") }], [{ key: "ok/1", revision: 1 }]),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "rejected", "fulfilled"],
    );
    assert.deepEqual(await storage.list("ok/"), ["1", "2"]);
    assert.deepEqual(await storage.list(""), ["ok/"]);
    await storage.close();
  });

  withDir(
    "a write that rolls back the whole SQL transaction fails alone; the others are retried",
    async (dir) => {
      const path = join(dir, "cofre.db");
      await new SqliteStorage({ path }).close();
      const admin = new Database(path);
      admin.exec(`CREATE TRIGGER wreck BEFORE INSERT ON kv WHEN NEW.key = 'wreck'
      BEGIN SELECT RAISE(ROLLBACK, 'wrecked'); END`);
      admin.close();
      const storage = new SqliteStorage({ path });
      const results = await Promise.allSettled([
        storage.put("before", bytes("1")),
        storage.put("wreck", bytes("x")),
        storage.put("after", bytes("2")),
      ]);
      assert.deepEqual(
        results.map((r) => r.status),
        ["fulfilled", "rejected", "fulfilled"],
      );
      assert.deepEqual(await storage.list(""), ["after", "before"]);
      assert.equal((await storage.get("before"))?.revision, 1);
      await storage.close();
    },
  );

  withDir("holds its file: a second store or connection is refused until it closes", async (dir) => {
    const path = join(dir, "cofre.db");
    const storage = new SqliteStorage({ path });
    await storage.put("a", bytes("1"));
    assert.throws(
      () => new SqliteStorage({ path, busyTimeoutMs: 0 }),
      (err: Error) => err instanceof InvalidRequestError && /in use by another process/.test(err.message),
    );
    const plain = new Database(path, { timeout: 0 });
    assert.throws(() => plain.prepare("SELECT count(*) FROM kv").get(), /database is locked/);
    plain.close();
    assert.equal(text((await storage.get("a"))?.value), "1", "the holder is unaffected");
    await storage.close();
    const next = new SqliteStorage({ path, busyTimeoutMs: 0 });
    assert.equal(text((await next.get("a"))?.value), "1");
    await next.close();
  });

  withDir("another process cannot read or write the file while the store holds it", async (dir) => {
    const path = join(dir, "cofre.db");
    const storage = new SqliteStorage({ path });
    try {
      await storage.put("a", bytes("1"));
      const script = `const D = require(process.argv[1]); const db = new D(process.argv[2], { timeout: 0 });
        try { db.prepare("SELECT count(*) FROM kv").get(); console.log("read"); }
        catch (e) { console.log(e.code); }`;
      const { stdout } = await execFileAsync(process.execPath, [
        "-e",
        script,
        require.resolve("better-sqlite3"),
        path,
      ]);
      assert.equal(stdout.trim(), "SQLITE_BUSY");
    } finally {
      await storage.close();
    }
  });

  withDir("refuses a database written by a newer schema version", async (dir) => {
    const path = join(dir, "cofre.db");
    const admin = new Database(path);
    admin.pragma("user_version = 99");
    admin.close();
    assert.throws(() => new SqliteStorage({ path }), InvalidRequestError);
  });

  test("refuses an empty path and :memory:", () => {
    assert.throws(() => new SqliteStorage({ path: "" }), InvalidRequestError);
    assert.throws(() => new SqliteStorage({ path: ":memory:" }), InvalidRequestError);
  });
});
