/**
 * The physical store: an ordered key/value store of opaque bytes. Keys are `/`-separated paths
 * without a leading slash. Values are whatever the barrier hands down (ciphertext), or plain bytes
 * for the few keys that live outside the barrier (seal configuration).
 */
export interface StorageEntry {
  key: string;
  value: Uint8Array;
  /** Per-key revision, starts at 1 on creation and grows by 1 on every put. */
  revision: number;
}

export type TxOp = { type: "put"; key: string; value: Uint8Array } | { type: "delete"; key: string };

/** A precondition of a transaction: the key is at this revision, or the key is absent. */
export type TxCheck = { key: string; revision: number } | { key: string; absent: true };

export interface PhysicalStorage {
  /** Name of the backend, as in the config file: "inmem", "sqlite", "postgres". */
  readonly type: string;
  get(key: string): Promise<StorageEntry | null>;
  /** Writes a value durably (resolves only once the write is committed) and returns its revision. */
  put(key: string, value: Uint8Array): Promise<number>;
  /** Removes a key; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Direct children of `prefix` (which is "" or ends in "/"), sorted; a child that has children of
   * its own is returned once, with a trailing "/" (it may also appear without one if it is a key).
   */
  list(prefix: string): Promise<string[]>;
  /**
   * Applies all ops atomically if every check holds; returns false (and applies nothing) if any
   * check fails. Durable before it resolves.
   */
  transaction(ops: TxOp[], checks?: TxCheck[]): Promise<boolean>;
  close(): Promise<void>;
}
