/**
 * A small cache for documents fetched from an identity provider (JWKS, discovery documents), on
 * the injected clock: fresh entries are served for `ttlMs`; a forced refresh (a token names a key
 * the cached set lacks) refetches at most once per `cooldownMs`, so unknown key ids cannot make
 * cofre hammer the provider; concurrent fetches of one key share one request; when a refetch
 * fails, an entry younger than `staleMs` is served instead.
 */
import type { Clock } from "../../util/clock.js";

interface Entry<T> {
  value: T;
  fetchedAt: number;
  /** Last fetch attempt, successful or not (the cooldown counts from it). */
  checkedAt: number;
}

export interface RemoteCacheOptions {
  ttlMs: number;
  cooldownMs: number;
  staleMs: number;
  maxEntries?: number;
}

export class RemoteCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, Promise<T>>();

  constructor(
    private readonly clock: Clock,
    private readonly opts: RemoteCacheOptions,
  ) {}

  async get(key: string, fetch: () => Promise<T>, forceRefresh = false): Promise<T> {
    const now = this.clock.now();
    const entry = this.entries.get(key);
    if (entry) {
      if (now - entry.checkedAt < this.opts.cooldownMs) return entry.value;
      if (!forceRefresh && now - entry.fetchedAt < this.opts.ttlMs) return entry.value;
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = fetch().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    try {
      const value = await pending;
      const at = this.clock.now();
      this.entries.delete(key);
      this.entries.set(key, { value, fetchedAt: at, checkedAt: at });
      if (this.entries.size > (this.opts.maxEntries ?? 32)) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      return value;
    } catch (err) {
      if (entry && now - entry.fetchedAt < this.opts.staleMs) {
        entry.checkedAt = now;
        return entry.value;
      }
      throw err;
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
