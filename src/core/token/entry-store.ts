import { decodeJSON, encodeJSON } from "../../logical/storage-view.js";
import type { StorageView } from "../../logical/types.js";
import type { TxCheck, TxOp } from "../../storage/types.js";
import { TokenEntryCache } from "./entry-cache.js";
import { REVOCATION_PENDING, type TokenEntry } from "./types.js";

const MARK = encodeJSON(1);
const CAS_ATTEMPTS = 8;

/** What `accessor/<accessor hash>` holds: the accessor itself (for LIST accessors) and its token. */
export interface AccessorRecord {
  accessor: string;
  tokenHash: string;
}

/**
 * Persistence of service tokens: `id/<hash>` entries, the `accessor/<accessor hash>` index and
 * the `parent/<parent hash>/<child hash>` index. Every change of an entry is a compare-and-set on
 * its revision, together with the index keys it touches, so concurrent updates never lose one.
 * Reads of unlimited-use entries are cached (TokenEntryCache); every write here invalidates.
 */
export class TokenEntryStore {
  private readonly cache = new TokenEntryCache();

  constructor(private readonly view: StorageView) {}

  /** The entry, read-only: it may be shared with other callers. */
  async get(hash: string): Promise<TokenEntry | null> {
    const cached = this.cache.get(hash);
    if (cached !== undefined) return cached;
    const generation = this.cache.startRead();
    const entry = await this.view.getJSON<TokenEntry>(`id/${hash}`);
    this.cache.keep(hash, entry, generation);
    return entry;
  }

  /** The entry as storage has it now, bypassing the cache (tidy reconciles against storage). */
  async getStored(hash: string): Promise<TokenEntry | null> {
    this.cache.invalidate(hash);
    return this.view.getJSON<TokenEntry>(`id/${hash}`);
  }

  /** Forgets every cached entry (the barrier is being sealed). */
  clearCache(): void {
    this.cache.clear();
  }

  /** Writes a new entry with its indexes; false if the token id or accessor already exists. */
  create(entry: TokenEntry, accessorHash: string): Promise<boolean> {
    const record: AccessorRecord = { accessor: entry.accessor, tokenHash: entry.hash };
    const ops: TxOp[] = [
      { type: "put", key: `id/${entry.hash}`, value: encodeJSON(entry) },
      { type: "put", key: `accessor/${accessorHash}`, value: encodeJSON(record) },
    ];
    if (entry.parent !== "")
      ops.push({ type: "put", key: `parent/${entry.parent}/${entry.hash}`, value: MARK });
    return this.writing(entry.hash, () =>
      this.view.transaction(ops, [
        { key: `id/${entry.hash}`, absent: true },
        { key: `accessor/${accessorHash}`, absent: true },
      ]),
    );
  }

  /**
   * Read-modify-write with compare-and-set. `change` returns the new entry (plus index ops to
   * apply with it) or null to leave it alone. Returns what is stored afterwards (null if absent).
   */
  update(
    hash: string,
    change: (entry: TokenEntry) => { entry: TokenEntry; ops?: TxOp[] } | null,
  ): Promise<TokenEntry | null> {
    return this.writing(hash, () => this.compareAndSet(hash, change));
  }

  private async compareAndSet(
    hash: string,
    change: (entry: TokenEntry) => { entry: TokenEntry; ops?: TxOp[] } | null,
  ): Promise<TokenEntry | null> {
    const key = `id/${hash}`;
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const stored = await this.view.getEntry(key);
      if (!stored) return null;
      const current = decodeJSON<TokenEntry>(stored.value);
      const next = change(current);
      if (!next) return current;
      const checks: TxCheck[] = [{ key, revision: stored.revision }];
      const ops: TxOp[] = [{ type: "put", key, value: encodeJSON(next.entry) }, ...(next.ops ?? [])];
      if (await this.view.transaction(ops, checks)) return next.entry;
    }
    throw new Error("token entry kept changing during an update");
  }

  /** Marks a token unusable (revocation pending). Returns the entry, or null if it does not exist. */
  taint(hash: string): Promise<TokenEntry | null> {
    return this.update(hash, (e) =>
      e.numUses === REVOCATION_PENDING ? null : { entry: { ...e, numUses: REVOCATION_PENDING } },
    );
  }

  /** Makes a child an orphan of `parentHash` (it survives that parent's revocation). */
  async orphan(childHash: string, parentHash: string): Promise<void> {
    await this.update(childHash, (e) =>
      e.parent === parentHash
        ? { entry: { ...e, parent: "" }, ops: [{ type: "delete", key: `parent/${parentHash}/${childHash}` }] }
        : null,
    );
    await this.removeChildIndex(parentHash, childHash);
  }

  /** Deletes an entry and its index keys (its own children's index entries stay for them). */
  async remove(entry: TokenEntry, accessorHash: string): Promise<void> {
    const ops: TxOp[] = [
      { type: "delete", key: `id/${entry.hash}` },
      { type: "delete", key: `accessor/${accessorHash}` },
    ];
    if (entry.parent !== "") ops.push({ type: "delete", key: `parent/${entry.parent}/${entry.hash}` });
    await this.writing(entry.hash, () => this.view.transaction(ops));
  }

  /** Runs a write of `id/<hash>`, invalidating its cached copy before it starts and after it settles. */
  private async writing<T>(hash: string, write: () => Promise<T>): Promise<T> {
    this.cache.invalidate(hash);
    try {
      return await write();
    } finally {
      this.cache.invalidate(hash);
    }
  }

  /** Hashes of the tokens indexed as children of `hash`. */
  async children(hash: string): Promise<string[]> {
    return (await this.view.list(`parent/${hash}/`)).filter((k) => !k.endsWith("/"));
  }

  removeChildIndex(parentHash: string, childHash: string): Promise<void> {
    return this.view.delete(`parent/${parentHash}/${childHash}`);
  }

  /** Parent hashes that have an index folder. */
  async parents(): Promise<string[]> {
    return (await this.view.list("parent/")).filter((k) => k.endsWith("/")).map((k) => k.slice(0, -1));
  }

  accessor(accessorHash: string): Promise<AccessorRecord | null> {
    return this.view.getJSON<AccessorRecord>(`accessor/${accessorHash}`);
  }

  /** Hashes of every accessor index entry. */
  accessorHashes(): Promise<string[]> {
    return this.view.list("accessor/");
  }

  removeAccessor(accessorHash: string): Promise<void> {
    return this.view.delete(`accessor/${accessorHash}`);
  }
}
