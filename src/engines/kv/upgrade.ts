/**
 * Upgrade of a KV v1 mount to v2 in place (tune `options.version` "2"): every v1 secret becomes
 * version 1 of a v2 secret. Run by the v2 backend's initialize(), before the mount serves anything,
 * and again after every unseal until it has finished, so an interrupted upgrade resumes.
 *
 * v1 keeps each secret at its own path in the mount's view; v2 keeps `config`, `meta/...` and
 * `versions/...` there. The upgrade's own keys live under `kv//`: a path with an empty segment,
 * which no v1 write can create. Its state goes through:
 *   (none)      nothing decided yet: classify the stored keys
 *   staging     each v1 key is moved under kv//staged/ (one put+delete transaction per key), so
 *               the top level holds only v2 records; every key still at the top level that is not
 *               a v2 record is an unmoved v1 key
 *   converting  each staged key is written as a new version of its secret and deleted, in one
 *               revision-checked transaction, so a key is converted exactly once
 *   done        the mount is a v2 mount (fresh v2 mounts are marked done at once)
 * A mount without the marker whose keys all look like v2 records is a v2 mount made before the
 * marker existed: it is marked done and left alone.
 */
import { decodeJSON, encodeJSON } from "../../logical/storage-view.js";
import type { StorageView } from "../../logical/types.js";
import type { TxOp } from "../../storage/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/logger.js";
import { isPlainObject } from "./json.js";
import {
  addVersion,
  type KeyRecord,
  newKeyRecord,
  scheduledDeletion,
  type VersionRecord,
} from "./records.js";
import { KvStore, META_PREFIX, versionKey } from "./store.js";
import { secretPath } from "./validate.js";

const STATE_KEY = "kv//upgrade";
const STAGE_PREFIX = "kv//staged/";

type UpgradeState = "staging" | "converting" | "done";

/** Every key under `prefix`, depth first; folders with an empty name (bookkeeping) are skipped. */
async function* walk(storage: StorageView, prefix: string): AsyncGenerator<string> {
  for (const child of await storage.list(prefix)) {
    if (child === "/") continue;
    if (child.endsWith("/")) yield* walk(storage, prefix + child);
    else yield prefix + child;
  }
}

function parse(value: Uint8Array): unknown {
  try {
    return decodeJSON<unknown>(value);
  } catch {
    return undefined;
  }
}

/** Whether a top-level key holds one of the v2 engine's own records. */
function isV2Record(key: string, value: Uint8Array): boolean {
  const v = parse(value);
  if (!isPlainObject(v)) return false;
  if (key === "config") {
    return (
      Object.keys(v).length === 3 &&
      typeof v.maxVersions === "number" &&
      typeof v.casRequired === "boolean" &&
      typeof v.deleteVersionAfter === "number"
    );
  }
  if (key.startsWith(META_PREFIX)) {
    return typeof v.current === "number" && typeof v.created === "number" && isPlainObject(v.versions);
  }
  if (/^versions\/[0-9a-f]{64}\/\d+$/.test(key)) {
    return Object.keys(v).length === 1 && isPlainObject(v.data);
  }
  return false;
}

/** Top-level keys that are v1 secrets (valid secret paths that are not v2 records). */
async function* v1Keys(
  storage: StorageView,
): AsyncGenerator<{ key: string; value: Uint8Array; revision: number }> {
  for await (const key of walk(storage, "")) {
    if (secretPath(key) === null) continue;
    const entry = await storage.getEntry(key);
    if (entry && !isV2Record(key, entry.value)) yield { key, ...entry };
  }
}

async function setState(storage: StorageView, state: UpgradeState): Promise<void> {
  await storage.putJSON(STATE_KEY, { state });
}

/** Moves one v1 key under the staging prefix; false when it changed meanwhile (then retried). */
async function stage(storage: StorageView, k: { key: string; value: Uint8Array; revision: number }) {
  const ops: TxOp[] = [
    { type: "put", key: STAGE_PREFIX + k.key, value: k.value },
    { type: "delete", key: k.key },
  ];
  return storage.transaction(ops, [{ key: k.key, revision: k.revision }]);
}

/** Writes one staged value as the next version of its secret and drops the staged copy. */
async function convert(storage: StorageView, kv: KvStore, path: string): Promise<boolean> {
  const stagedKey = STAGE_PREFIX + path;
  const staged = await storage.getEntry(stagedKey);
  if (!staged) return true;
  const parsed = parse(staged.value);
  const data = isPlainObject(parsed)
    ? parsed
    : { value: parsed ?? Buffer.from(staged.value).toString("utf8") };
  const metaKey = META_PREFIX + path;
  const [current, config] = await Promise.all([storage.getEntry(metaKey), kv.config()]);
  const now = kv.now();
  const rec: KeyRecord = current ? decodeJSON<KeyRecord>(current.value) : newKeyRecord(now);
  const { version, purged } = addVersion(rec, now, scheduledDeletion(now, config, rec), config);
  const record: VersionRecord = { data };
  const ops: TxOp[] = [
    { type: "put", key: metaKey, value: encodeJSON(rec) },
    { type: "put", key: versionKey(path, version), value: encodeJSON(record) },
    ...purged.map((n): TxOp => ({ type: "delete", key: versionKey(path, n) })),
    { type: "delete", key: stagedKey },
  ];
  return storage.transaction(ops, [
    current ? { key: metaKey, revision: current.revision } : { key: metaKey, absent: true },
    { key: stagedKey, revision: staged.revision },
  ]);
}

async function retry(attempt: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 16; i++) if (await attempt()) return;
  throw new Error("kv upgrade: a key kept changing during the upgrade");
}

/** Brings a mount's storage to the v2 layout; cheap (one read) once it is done. */
export async function upgradeToV2(storage: StorageView, clock: Clock, logger: Logger): Promise<void> {
  let state = (await storage.getJSON<{ state: UpgradeState }>(STATE_KEY))?.state;
  if (state === "done") return;
  if (state === undefined) {
    const first = await v1Keys(storage).next();
    if (first.done) {
      await setState(storage, "done");
      return;
    }
    state = "staging";
    await setState(storage, state);
  }
  if (state === "staging") {
    let moved = 0;
    for await (const k of v1Keys(storage)) {
      await retry(async () => {
        const fresh = await storage.getEntry(k.key);
        return fresh === null || (await stage(storage, { key: k.key, ...fresh }));
      });
      moved += 1;
    }
    logger.info("kv upgrade: v1 secrets staged", { count: moved });
    state = "converting";
    await setState(storage, state);
  }
  const kv = new KvStore(storage, clock);
  let converted = 0;
  for await (const staged of walk(storage, STAGE_PREFIX)) {
    const path = staged.slice(STAGE_PREFIX.length);
    await retry(() => convert(storage, kv, path));
    converted += 1;
  }
  await setState(storage, "done");
  logger.info("kv upgrade: v1 secrets converted to version 1 of v2 secrets", { count: converted });
}
