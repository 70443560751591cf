/**
 * A bounded least-recently-used cache of stored values (ciphertext, as the physical store holds
 * them) by key, so that hot keys (mount records, token entries, KV metadata) are not looked up in
 * the database on every request. It knows nothing of coherence: its owner invalidates a key
 * whenever it writes it, and clears everything when another process may have written.
 */

export interface CachedValue {
  value: Uint8Array;
  revision: number;
}

export interface ReadCacheLimits {
  /** Most entries kept. Default 65 536. */
  maxEntries?: number;
  /** Most value bytes kept. Default 32 MiB. */
  maxBytes?: number;
  /** Values larger than this are not kept. Default 64 KiB. */
  maxValueBytes?: number;
}

export class ReadCache {
  /** Map order is recency order: the first key is the least recently used. */
  private readonly entries = new Map<string, CachedValue>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly maxValueBytes: number;

  constructor(limits: ReadCacheLimits = {}) {
    this.maxEntries = limits.maxEntries ?? 65_536;
    this.maxBytes = limits.maxBytes ?? 32 * 1024 * 1024;
    this.maxValueBytes = limits.maxValueBytes ?? 64 * 1024;
  }

  get(key: string): CachedValue | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** Keeps `value` (which the cache now owns: the caller must not change it afterwards). */
  set(key: string, value: Uint8Array, revision: number): void {
    this.delete(key);
    if (value.length > this.maxValueBytes || this.maxEntries === 0) return;
    this.entries.set(key, { value, revision });
    this.bytes += value.length;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (old === undefined) return;
    this.entries.delete(key);
    this.bytes -= old.value.length;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}
