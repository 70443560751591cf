/**
 * The write baseline: better-sqlite3 single-row inserts, one implicit transaction (and one WAL
 * fsync) per statement, journal_mode=WAL, synchronous=FULL, in a loop for a fixed time.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";

export interface RawInsertResult {
  inserts: number;
  seconds: number;
  rate: number;
}

export function rawFullInserts(dir: string, seconds: number, valueBytes: number): RawInsertResult {
  const db = new Database(join(dir, "raw.db"));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE kv (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL)");
    const insert = db.prepare<[string, Buffer]>("INSERT INTO kv (key, value) VALUES (?, ?)");
    const value = randomBytes(valueBytes);
    const start = performance.now();
    const end = start + seconds * 1000;
    let n = 0;
    let now = start;
    while (now < end) {
      for (let i = 0; i < 16; i++) insert.run(`bench/${n++}`, value);
      now = performance.now();
    }
    const elapsed = (now - start) / 1000;
    return { inserts: n, seconds: elapsed, rate: n / elapsed };
  } finally {
    db.close();
  }
}
