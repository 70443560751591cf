import type { TxCheck, TxOp } from "../storage/types.js";
import type { SecureStorage, StorageView } from "./types.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A StorageView over the barrier: every key is prefixed, so a backend sees only its own slice. */
export class PrefixedStorageView implements StorageView {
  constructor(
    private readonly store: SecureStorage,
    private readonly prefix: string,
  ) {
    if (prefix !== "" && !prefix.endsWith("/")) throw new Error("storage view prefix must end in '/'");
  }

  private k(key: string): string {
    if (key.startsWith("/") || key.split("/").some((s) => s === ".." || s === ".")) {
      throw new Error("invalid storage key");
    }
    return this.prefix + key;
  }

  async get(key: string): Promise<Uint8Array | null> {
    return (await this.store.get(this.k(key)))?.value ?? null;
  }

  async getEntry(key: string): Promise<{ value: Uint8Array; revision: number } | null> {
    const e = await this.store.get(this.k(key));
    return e ? { value: e.value, revision: e.revision } : null;
  }

  async getJSON<T>(key: string): Promise<T | null> {
    const v = await this.get(key);
    return v ? (JSON.parse(decoder.decode(v)) as T) : null;
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    await this.store.put(this.k(key), value);
  }

  async putJSON(key: string, value: unknown): Promise<void> {
    await this.put(key, encodeJSON(value));
  }

  async delete(key: string): Promise<void> {
    await this.store.delete(this.k(key));
  }

  list(prefix: string): Promise<string[]> {
    return this.store.list(this.k(prefix));
  }

  transaction(ops: TxOp[], checks: TxCheck[] = []): Promise<boolean> {
    return this.store.transaction(
      ops.map((op) => ({ ...op, key: this.k(op.key) })),
      checks.map((c) => ({ ...c, key: this.k(c.key) })),
    );
  }

  sub(prefix: string): StorageView {
    return new PrefixedStorageView(this.store, this.k(prefix));
  }
}

export function encodeJSON(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function decodeJSON<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}
