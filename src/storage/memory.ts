import { assertStorageKey, assertStorageValue, assertTransaction } from "./keys.js";
import { childrenOf } from "./list.js";
import type { PhysicalStorage, StorageEntry, TxCheck, TxOp } from "./types.js";

/** In-memory physical storage for dev mode and tests. Values are copied in and out. */
export class MemoryStorage implements PhysicalStorage {
  readonly type = "inmem";
  private readonly entries = new Map<string, { value: Uint8Array; revision: number }>();

  async get(key: string): Promise<StorageEntry | null> {
    assertStorageKey(key);
    const e = this.entries.get(key);
    return e ? { key, value: e.value.slice(), revision: e.revision } : null;
  }

  async put(key: string, value: Uint8Array): Promise<number> {
    assertStorageKey(key);
    assertStorageValue(value);
    return this.putSync(key, value);
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    this.entries.delete(key);
  }

  async list(prefix: string): Promise<string[]> {
    assertStorageKey(prefix);
    return childrenOf(prefix, this.entries.keys());
  }

  async transaction(ops: TxOp[], checks: TxCheck[] = []): Promise<boolean> {
    assertTransaction(ops, checks);
    for (const c of checks) {
      const e = this.entries.get(c.key);
      if ("absent" in c ? e !== undefined : e?.revision !== c.revision) return false;
    }
    for (const op of ops) {
      if (op.type === "put") this.putSync(op.key, op.value);
      else this.entries.delete(op.key);
    }
    return true;
  }

  async close(): Promise<void> {}

  private putSync(key: string, value: Uint8Array): number {
    const revision = (this.entries.get(key)?.revision ?? 0) + 1;
    this.entries.set(key, { value: new Uint8Array(value), revision });
    return revision;
  }
}
