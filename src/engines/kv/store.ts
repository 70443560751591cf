/**
 * KV v2 storage layout, inside the mount's view:
 *   config                      mount settings (KvConfig)
 *   meta/<secret path>          one KeyRecord per key: settings + every version's state
 *   versions/<sha256(path)>/<n> one VersionRecord per version that still has data
 * A read is two gets (record, then version). Every change to a key is one storage transaction
 * that writes the record, the new version and the purges together, guarded by the record's
 * revision (or its absence), so check-and-set holds across processes sharing one database.
 */
import { createHash } from "node:crypto";
import { InternalError } from "../../errors.js";
import { decodeJSON, encodeJSON } from "../../logical/storage-view.js";
import type { StorageView } from "../../logical/types.js";
import type { TxCheck, TxOp } from "../../storage/types.js";
import type { Clock } from "../../util/clock.js";
import { KeyLocks } from "./key-lock.js";
import { DEFAULT_CONFIG, type KeyRecord, type KvConfig, type VersionRecord } from "./records.js";

const CONFIG_KEY = "config";
export const META_PREFIX = "meta/";
/** Attempts of one change when other nodes keep winning the race for the same key. */
const MAX_ATTEMPTS = 16;

/** What a change to a key does; `record: undefined` writes nothing, `null` deletes the key. */
export interface KeyChange<T> {
  result: T;
  record?: KeyRecord | null;
  putVersion?: { version: number; data: Record<string, unknown> };
  dropVersions?: number[];
}

export type KeyChangeFn<T> = (
  current: KeyRecord | null,
  config: KvConfig,
  now: number,
) => KeyChange<T> | Promise<KeyChange<T>>;

function revisionCheck(key: string, entry: { revision: number } | null): TxCheck {
  return entry ? { key, revision: entry.revision } : { key, absent: true };
}

export class KvStore {
  private readonly locks = new KeyLocks();

  constructor(
    private readonly storage: StorageView,
    private readonly clock: Clock,
  ) {}

  now(): number {
    return this.clock.now();
  }

  async config(): Promise<KvConfig> {
    return { ...DEFAULT_CONFIG, ...((await this.storage.getJSON<KvConfig>(CONFIG_KEY)) ?? {}) };
  }

  async updateConfig(change: (current: KvConfig) => KvConfig): Promise<void> {
    await this.locks.run(CONFIG_KEY, () =>
      this.retrying(async () => {
        const entry = await this.storage.getEntry(CONFIG_KEY);
        const current = { ...DEFAULT_CONFIG, ...(entry ? decodeJSON<KvConfig>(entry.value) : {}) };
        const op: TxOp = { type: "put", key: CONFIG_KEY, value: encodeJSON(change(current)) };
        return (await this.storage.transaction([op], [revisionCheck(CONFIG_KEY, entry)]))
          ? { value: undefined }
          : null;
      }),
    );
  }

  async readKey(path: string): Promise<KeyRecord | null> {
    return this.storage.getJSON<KeyRecord>(META_PREFIX + path);
  }

  async readVersion(path: string, version: number): Promise<VersionRecord | null> {
    return this.storage.getJSON<VersionRecord>(versionKey(path, version));
  }

  /** Direct children of a folder of secret paths ("" or ending in "/"); folders end in "/". */
  async list(prefix: string): Promise<string[]> {
    return this.storage.list(META_PREFIX + prefix);
  }

  /**
   * Read-modify-write of one key, atomic against every other writer. `change` may throw (bad
   * input, CAS mismatch): nothing is written then. It is re-run on fresh state when another
   * node changed the key in between.
   */
  async changeKey<T>(path: string, change: KeyChangeFn<T>): Promise<T> {
    const metaKey = META_PREFIX + path;
    return this.locks.run(metaKey, () =>
      this.retrying(async () => {
        const [entry, config] = await Promise.all([this.storage.getEntry(metaKey), this.config()]);
        const current = entry ? decodeJSON<KeyRecord>(entry.value) : null;
        const c = await change(current, config, this.clock.now());
        if (c.record === undefined) return { value: c.result };
        const ops: TxOp[] = [];
        if (c.record === null) ops.push({ type: "delete", key: metaKey });
        else ops.push({ type: "put", key: metaKey, value: encodeJSON(c.record) });
        if (c.putVersion) {
          const record: VersionRecord = { data: c.putVersion.data };
          ops.push({ type: "put", key: versionKey(path, c.putVersion.version), value: encodeJSON(record) });
        }
        for (const n of c.dropVersions ?? []) ops.push({ type: "delete", key: versionKey(path, n) });
        const ok = await this.storage.transaction(ops, [revisionCheck(metaKey, entry)]);
        return ok ? { value: c.result } : null;
      }),
    );
  }

  private async retrying<T>(attempt: () => Promise<{ value: T } | null>): Promise<T> {
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const done = await attempt();
      if (done) return done.value;
    }
    throw new InternalError("too many concurrent changes to this key; try again");
  }
}

export function versionKey(path: string, version: number): string {
  return `versions/${createHash("sha256").update(path).digest("hex")}/${version}`;
}
