/** Reading one version of a KV v2 key, shared by `data/` and `subkeys/`. */
import { isDeleted, type KeyRecord, versionMetadata } from "./records.js";
import type { KvStore } from "./store.js";

export type VersionRead =
  | { kind: "missing" }
  /** Deleted (deletion time passed) or destroyed: the caller answers with the 404 envelope. */
  | { kind: "gone"; metadata: Record<string, unknown> }
  | {
      kind: "live";
      record: KeyRecord;
      version: number;
      metadata: Record<string, unknown>;
      data: Record<string, unknown>;
    };

/** `requested` 0 (or less) means the current version. */
export async function readVersion(kv: KvStore, path: string, requested: number): Promise<VersionRead> {
  // A version's data can be purged between the two gets by a concurrent write; reading the
  // record again then shows the version gone.
  for (let attempt = 0; attempt < 2; attempt++) {
    const record = await kv.readKey(path);
    if (!record) return { kind: "missing" };
    const version = requested > 0 ? requested : record.current;
    const meta = record.versions[String(version)];
    if (!meta) return { kind: "missing" };
    const metadata = versionMetadata(record, version);
    if (meta.destroyed || isDeleted(meta, kv.now())) return { kind: "gone", metadata };
    const stored = await kv.readVersion(path, version);
    if (stored) return { kind: "live", record, version, metadata, data: stored.data };
  }
  return { kind: "missing" };
}
