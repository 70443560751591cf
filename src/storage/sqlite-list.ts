import type Database from "better-sqlite3";
import { prefixSuccessor } from "./keys.js";

/**
 * Vault-style one-level listing over the `kv` table by range scans on the primary key index
 * (never LIKE, so `%` and `_` in keys are plain characters). Leaves are read in one ordered scan;
 * on meeting a folder the scan seeks past that folder's whole range, so a folder costs one index
 * seek however many keys it holds.
 */
export class SqliteLister {
  private readonly bounded: Database.Statement<[string, string], string>;
  private readonly unbounded: Database.Statement<[string], string>;

  constructor(db: Database.Database) {
    this.bounded = db.prepare<[string, string], string>(
      "SELECT key FROM kv WHERE key >= ? AND key < ? ORDER BY key",
    );
    this.bounded.pluck();
    this.unbounded = db.prepare<[string], string>("SELECT key FROM kv WHERE key >= ? ORDER BY key");
    this.unbounded.pluck();
  }

  list(prefix: string): string[] {
    const end = prefixSuccessor(prefix);
    const children: string[] = [];
    let from = prefix;
    seek: for (;;) {
      const keys = end === null ? this.unbounded.iterate(from) : this.bounded.iterate(from, end);
      for (const key of keys) {
        if (!key.startsWith(prefix) || key.length === prefix.length) continue;
        const slash = key.indexOf("/", prefix.length);
        if (slash === -1) {
          children.push(key.slice(prefix.length));
          continue;
        }
        const folder = key.slice(0, slash + 1);
        children.push(folder.slice(prefix.length));
        // Every key below `folder` is < its successor (folder ends in "/", so this is "...0").
        from = prefixSuccessor(folder)!;
        continue seek; // leaving the loop resets the statement
      }
      return children;
    }
  }
}
