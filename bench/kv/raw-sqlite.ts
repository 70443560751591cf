/**
 * The write baseline: better-sqlite3 single-row inserts, one implicit transaction (and one WAL
 * fsync) per statement, journal_mode=WAL, synchronous=FULL, in a loop for a fixed time.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import Database from "better-sqlite3";

export class RawFullInserts {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement<[string, Buffer]>;
  private readonly value: Buffer;
  private next = 0;

  constructor(dir: string, valueBytes: number) {
    this.db = new Database(join(dir, "raw.db"));
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.exec("CREATE TABLE kv (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL)");
    this.insert = this.db.prepare<[string, Buffer]>("INSERT INTO kv (key, value) VALUES (?, ?)");
    this.value = randomBytes(valueBytes);
  }

  /** Inserts rows one by one for `seconds`; returns how many and how long it really took. */
  run(seconds: number): { inserts: number; seconds: number } {
    const start = performance.now();
    const end = start + seconds * 1000;
    let n = 0;
    let now = start;
    while (now < end) {
      for (let i = 0; i < 16; i++) this.insert.run(`bench/${this.next++}`, this.value);
      n += 16;
      now = performance.now();
    }
    return { inserts: n, seconds: (now - start) / 1000 };
  }

  close(): void {
    this.db.close();
  }
}
