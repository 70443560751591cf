/**
 * Where key rings live: `policy/<name>` in the mount's storage view (inside the barrier), one JSON
 * record per key with all its versions. Reads are cached by the stored bytes' digest, so a change
 * made anywhere (another node on the same database) is seen on the next read, and crypto key
 * objects are parsed once per version. Changes run one at a time per key in this process and are
 * guarded by the record's revision across processes. Cached rings are shared: never mutate them.
 */
import { createHash } from "node:crypto";
import { InternalError } from "../../errors.js";
import { decodeJSON, encodeJSON } from "../../logical/storage-view.js";
import type { StorageView } from "../../logical/types.js";
import type { TxCheck, TxOp } from "../../storage/types.js";
import type { Clock } from "../../util/clock.js";
import type { KeyRing } from "./keyring.js";

const PREFIX = "policy/";
const MAX_ATTEMPTS = 16;

/** What a change does: `ring` undefined writes nothing, null deletes the key. */
export interface RingChange<T> {
  result: T;
  ring?: KeyRing | null;
}

export class KeyStore {
  private readonly cache = new Map<string, { digest: string; ring: KeyRing }>();
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly storage: StorageView,
    readonly clock: Clock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** The key ring (shared, read-only), or null. */
  async get(name: string): Promise<KeyRing | null> {
    const entry = await this.storage.getEntry(PREFIX + name);
    if (!entry) {
      this.cache.delete(name);
      return null;
    }
    const digest = createHash("sha256").update(entry.value).digest("hex");
    const hit = this.cache.get(name);
    if (hit && hit.digest === digest) return hit.ring;
    const ring = decodeJSON<KeyRing>(entry.value);
    this.cache.set(name, { digest, ring });
    return ring;
  }

  list(): Promise<string[]> {
    return this.storage.list(PREFIX);
  }

  /**
   * Reads a private copy of the key (null if absent), lets `fn` decide, and writes the outcome
   * atomically; retried if another node changed the key in between.
   */
  change<T>(name: string, fn: (current: KeyRing | null) => Promise<RingChange<T>>): Promise<T> {
    return this.serial(name, async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const key = PREFIX + name;
        const entry = await this.storage.getEntry(key);
        const current = entry ? decodeJSON<KeyRing>(entry.value) : null;
        const outcome = await fn(current);
        if (outcome.ring === undefined) return outcome.result;
        const op: TxOp =
          outcome.ring === null
            ? { type: "delete", key }
            : { type: "put", key, value: encodeJSON(outcome.ring) };
        const check: TxCheck = entry ? { key, revision: entry.revision } : { key, absent: true };
        if (await this.storage.transaction([op], [check])) {
          this.cache.delete(name);
          return outcome.result;
        }
      }
      throw new InternalError("key changed concurrently too many times");
    });
  }

  /** Forgets every cached key (on seal and unmount). */
  clear(): void {
    this.cache.clear();
  }

  private async serial<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.tails.set(name, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(name) === tail) this.tails.delete(name);
    }
  }
}
