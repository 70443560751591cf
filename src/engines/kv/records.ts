/**
 * The KV v2 storage records and the pure rules over them (versions, purge window, deletion
 * times). Times are stored as epoch milliseconds and rendered as RFC3339 with nanoseconds.
 */

/** Versions kept per key when neither the key nor the mount config sets max_versions. */
export const DEFAULT_MAX_VERSIONS = 10;

/** Mount-level `delete_version_after` value that disables it for every key. */
export const DELETE_VERSION_AFTER_DISABLED = -1;

export interface VersionMeta {
  created: number;
  /** When the version is (or will be) soft-deleted; null when it is not scheduled. */
  deletion: number | null;
  destroyed: boolean;
}

/** One record per key (stored under `meta/<key>`): its settings and the state of every version. */
export interface KeyRecord {
  created: number;
  updated: number;
  current: number;
  oldest: number;
  maxVersions: number;
  casRequired: boolean;
  /** Seconds; 0 = unset. */
  deleteVersionAfter: number;
  customMetadata: Record<string, string> | null;
  /** Version number (decimal string) -> state. */
  versions: Record<string, VersionMeta>;
}

/** One record per live version (stored under `versions/<key hash>/<n>`). */
export interface VersionRecord {
  data: Record<string, unknown>;
}

/** Mount-level settings (stored under `config`). */
export interface KvConfig {
  maxVersions: number;
  casRequired: boolean;
  /** Seconds; 0 = unset, DELETE_VERSION_AFTER_DISABLED = disabled for every key. */
  deleteVersionAfter: number;
}

export const DEFAULT_CONFIG: KvConfig = { maxVersions: 0, casRequired: false, deleteVersionAfter: 0 };

export function newKeyRecord(now: number): KeyRecord {
  return {
    created: now,
    updated: now,
    current: 0,
    oldest: 0,
    maxVersions: 0,
    casRequired: false,
    deleteVersionAfter: 0,
    customMetadata: null,
    versions: {},
  };
}

/** RFC3339 in UTC with nine fractional digits: 2024-05-01T10:00:00.123000000Z. "" for unset. */
export function formatTime(ms: number | null): string {
  if (ms === null) return "";
  // toISOString always ends in ".mmmZ": pad the milliseconds to nanoseconds.
  return `${new Date(ms).toISOString().slice(0, -1)}000000Z`;
}

/** A version reads as deleted once its deletion time has come. */
export function isDeleted(v: VersionMeta, now: number): boolean {
  return v.deletion !== null && v.deletion <= now;
}

export function isLive(v: VersionMeta, now: number): boolean {
  return !v.destroyed && !isDeleted(v, now);
}

/**
 * When a version created (or undeleted) at `from` is scheduled for deletion: after the smaller
 * non-zero of the mount's and the key's delete_version_after; null when neither is set or the
 * mount disables it.
 */
export function scheduledDeletion(from: number, config: KvConfig, rec: KeyRecord): number | null {
  const mount = config.deleteVersionAfter;
  if (mount === DELETE_VERSION_AFTER_DISABLED) return null;
  const key = rec.deleteVersionAfter;
  if (mount <= 0 && key <= 0) return null;
  const seconds = mount > 0 && key > 0 ? Math.min(mount, key) : Math.max(mount, key);
  return from + seconds * 1000;
}

/** The metadata of one version as the data, write and subkeys endpoints show it. */
export function versionMetadata(rec: KeyRecord, n: number): Record<string, unknown> {
  const v = rec.versions[String(n)];
  return {
    created_time: formatTime(v.created),
    custom_metadata: rec.customMetadata,
    deletion_time: formatTime(v.deletion),
    destroyed: v.destroyed,
    version: n,
  };
}

/**
 * Appends a new version (mutating `rec`) and slides the max_versions window: versions that fall
 * out of it are dropped from the record, and their numbers returned so their data can be purged.
 */
export function addVersion(
  rec: KeyRecord,
  now: number,
  deletion: number | null,
  config: KvConfig,
): { version: number; purged: number[] } {
  rec.current += 1;
  rec.versions[String(rec.current)] = { created: now, deletion, destroyed: false };
  rec.updated = now;
  const max = rec.maxVersions || config.maxVersions || DEFAULT_MAX_VERSIONS;
  const purged: number[] = [];
  if (rec.current - rec.oldest >= max) {
    const last = rec.current - max;
    for (const k of Object.keys(rec.versions)) {
      if (Number(k) <= last) {
        purged.push(Number(k));
        delete rec.versions[k];
      }
    }
    rec.oldest = last + 1;
  }
  return { version: rec.current, purged };
}
