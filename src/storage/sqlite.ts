import type Database from "better-sqlite3";
import { InternalError } from "../errors.js";
import { GroupCommitter } from "./group-commit.js";
import { assertStorageKey, assertStorageValue, assertTransaction } from "./keys.js";
import { ReadCache, type ReadCacheLimits } from "./read-cache.js";
import { SqliteLister } from "./sqlite-list.js";
import { openSqliteDatabase, type SqliteOpenOptions } from "./sqlite-open.js";
import type { PhysicalStorage, StorageEntry, TxCheck, TxOp } from "./types.js";

export interface SqliteStorageOptions extends SqliteOpenOptions {
  /** Most writes committed in one transaction (default 512); more wait for the next turn. */
  maxBatch?: number;
  /** Bounds of the in-memory cache of stored values (`maxEntries: 0` turns it off). */
  readCache?: ReadCacheLimits;
}

type Row = { value: Uint8Array; revision: number };

/**
 * The default physical store: one SQLite file (WAL, synchronous=FULL) with one table
 * `kv(key TEXT PRIMARY KEY, value BLOB, revision INTEGER)`. Writes are group-committed: all the
 * writes issued in one event-loop turn share one transaction and one fsync, and each write's
 * promise settles only after that commit returned. Reads run on the same connection between
 * commits, so a read issued after a write resolved sees it.
 *
 * Reads are served from a bounded cache of stored values when possible. It stays exact: a write
 * drops its keys from the cache inside the transaction that applies it, and the connection holds
 * the file's lock exclusively (see openSqliteDatabase), so no other connection can write to it.
 */
export class SqliteStorage implements PhysicalStorage {
  readonly type = "sqlite";
  private readonly db: Database.Database;
  private readonly committer: GroupCommitter;
  private readonly lister: SqliteLister;
  private readonly selectEntry: Database.Statement<[string], Row>;
  private readonly selectRevision: Database.Statement<[string], number>;
  private readonly upsert: Database.Statement<[string, Uint8Array], number>;
  private readonly remove: Database.Statement<[string]>;
  /** Prepared once: db.exec would compile the SQL again for every multi-op transaction. */
  private readonly savepoint: Record<"open" | "release" | "undo", Database.Statement<[]>>;
  private readonly cache: ReadCache;
  private closed = false;

  constructor(options: SqliteStorageOptions) {
    this.db = openSqliteDatabase(options);
    const db = this.db;
    this.selectEntry = db.prepare<[string], Row>("SELECT value, revision FROM kv WHERE key = ?");
    this.selectRevision = db.prepare<[string], number>("SELECT revision FROM kv WHERE key = ?").pluck();
    this.upsert = db
      .prepare<[string, Uint8Array], number>(
        `INSERT INTO kv (key, value, revision) VALUES (?, ?, 1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, revision = kv.revision + 1
         RETURNING revision`,
      )
      .pluck();
    this.remove = db.prepare<[string]>("DELETE FROM kv WHERE key = ?");
    this.savepoint = {
      open: db.prepare("SAVEPOINT storage_tx"),
      release: db.prepare("RELEASE storage_tx"),
      undo: db.prepare("ROLLBACK TO storage_tx"),
    };
    this.cache = new ReadCache(options.readCache);
    this.lister = new SqliteLister(db);
    const begin = db.prepare("BEGIN IMMEDIATE");
    const commit = db.prepare("COMMIT");
    const rollback = db.prepare("ROLLBACK");
    this.committer = new GroupCommitter(
      {
        begin: () => begin.run(),
        commit: () => commit.run(),
        rollback: () => rollback.run(),
        get inTransaction() {
          return db.inTransaction;
        },
      },
      options.maxBatch,
    );
  }

  async get(key: string): Promise<StorageEntry | null> {
    this.assertOpen();
    assertStorageKey(key);
    const hit = this.cache.get(key);
    // Copies: a caller gets a plain array it owns alone, and the cache keeps its own.
    if (hit !== undefined) return { key, value: new Uint8Array(hit.value), revision: hit.revision };
    const row = this.selectEntry.get(key);
    if (!row) return null;
    this.cache.set(key, row.value, row.revision);
    return { key, value: new Uint8Array(row.value), revision: row.revision };
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    this.assertOpen();
    assertStorageKey(key);
    assertStorageValue(value);
    const copy = new Uint8Array(value); // the caller may reuse its buffer before the commit
    return this.committer.submit(() => {
      this.cache.delete(key);
      return this.upsert.get(key, copy)!;
    });
  }

  async delete(key: string): Promise<void> {
    this.assertOpen();
    assertStorageKey(key);
    await this.committer.submit(() => {
      this.cache.delete(key);
      this.remove.run(key);
    });
  }

  async list(prefix: string): Promise<string[]> {
    this.assertOpen();
    assertStorageKey(prefix);
    return this.lister.list(prefix);
  }

  async transaction(ops: TxOp[], checks: TxCheck[] = []): Promise<boolean> {
    this.assertOpen();
    assertTransaction(ops, checks);
    const copies: TxOp[] = ops.map((op) =>
      op.type === "put" ? { type: "put", key: op.key, value: new Uint8Array(op.value) } : { ...op },
    );
    const conditions = checks.map((check) => ({ ...check }));
    return this.committer.submit(() => this.applyTransaction(copies, conditions));
  }

  /** Commits the writes still queued, then closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.committer.flushAll();
    } finally {
      this.cache.clear();
      this.db.close();
    }
  }

  /** Runs inside the batch transaction: sees every earlier write of the same batch. */
  private applyTransaction(ops: TxOp[], checks: TxCheck[]): boolean {
    for (const check of checks) {
      const revision = this.selectRevision.get(check.key);
      const holds = "absent" in check ? revision === undefined : revision === check.revision;
      if (!holds) return false;
    }
    if (ops.length <= 1) {
      for (const op of ops) this.applyOp(op); // one statement is atomic on its own
      return true;
    }
    // A savepoint makes the ops all-or-nothing without failing the other writes of the batch.
    this.savepoint.open.run();
    try {
      for (const op of ops) this.applyOp(op);
      this.savepoint.release.run();
    } catch (error) {
      if (this.db.inTransaction) {
        this.savepoint.undo.run();
        this.savepoint.release.run();
      }
      throw error;
    }
    return true;
  }

  private applyOp(op: TxOp): void {
    this.cache.delete(op.key);
    if (op.type === "put") this.upsert.get(op.key, op.value);
    else this.remove.run(op.key);
  }

  private assertOpen(): void {
    if (this.closed) throw new InternalError("storage is closed");
  }
}
