import type { TokenEntry } from "./types.js";

/** Entries kept at most; the oldest inserted is dropped first. */
const DEFAULT_MAX_ENTRIES = 10_000;

/**
 * In-memory copies of unlimited-use token entries, by hash, so that resolving a token on every
 * request does not read and decrypt its entry each time. It stays exact because every write of an
 * entry goes through TokenEntryStore, which calls `invalidate` before the write starts and again
 * once it has settled; a read that was in flight across either call is not kept (its result may
 * predate the write). Expiry is not cached: callers check `expireTime` against their clock on
 * every use. Limited-use and revocation-pending entries are never kept (each use rewrites them).
 * Only this process's writes are seen: storage shared by several nodes needs their invalidations.
 */
export class TokenEntryCache {
  private readonly entries = new Map<string, TokenEntry>();
  /** Bumped by every invalidation; a read started under an older generation is not kept. */
  private generation = 0;

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  get(hash: string): TokenEntry | undefined {
    return this.entries.get(hash);
  }

  /** The generation to hand back to `keep` with the result of a read started now. */
  startRead(): number {
    return this.generation;
  }

  /** Keeps what a read returned, unless a write invalidated anything since it started. */
  keep(hash: string, entry: TokenEntry | null, readGeneration: number): void {
    if (entry === null || readGeneration !== this.generation || entry.numUses !== 0) return;
    if (entry.hash !== hash) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(hash, deepFreeze(entry));
  }

  invalidate(hash: string): void {
    this.generation++;
    this.entries.delete(hash);
  }

  /** Drops everything (on seal: the next unseal may find other data). */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}

/** Cached entries are shared by every request that resolves the token: nobody may change one. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
