/** KV v2 `delete/`, `undelete/` and `destroy/<path>`: act on listed versions of a key. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { isDeleted, type KeyRecord, type KvConfig, scheduledDeletion, type VersionMeta } from "../records.js";
import type { KvStore } from "../store.js";
import { intList, secretPath } from "../validate.js";

const fields = { path: field.str(), versions: intList().optional() };

/** Changes one listed (existing, not destroyed) version in place; true when its data must go. */
type VersionAction = (v: VersionMeta, ctx: { record: KeyRecord; config: KvConfig; now: number }) => boolean;

const softDelete: VersionAction = (v, { now }) => {
  if (!isDeleted(v, now)) v.deletion = now;
  return false;
};

const undelete: VersionAction = (v, { record, config, now }) => {
  v.deletion = scheduledDeletion(now, config, record);
  return false;
};

const destroy: VersionAction = (v) => {
  v.destroyed = true;
  return true;
};

function versionsPath(kv: KvStore, verb: string, missing: string, act: VersionAction, help: string): PathDef {
  return definePath({
    pattern: `${verb}/(?<path>.*)`,
    fields,
    operations: {
      update: async (_req, f) => {
        const versions = [...new Set(f.versions ?? [])];
        if (versions.length === 0) throw new InvalidRequestError(missing);
        const path = secretPath(f.path);
        if (path === null) return null;
        await kv.changeKey(path, (record, config, now) => {
          if (!record) return { result: null };
          const purge: number[] = [];
          for (const n of versions) {
            const v = record.versions[String(n)];
            if (!v || v.destroyed) continue;
            if (act(v, { record, config, now })) purge.push(n);
          }
          return { result: null, record, dropVersions: purge };
        });
        return null;
      },
    },
    help,
  });
}

export function versionPaths(kv: KvStore): PathDef[] {
  return [
    versionsPath(
      kv,
      "delete",
      "No version number provided",
      softDelete,
      "Marks one or more versions as deleted in the KV store.",
    ),
    versionsPath(
      kv,
      "undelete",
      "No version number provided",
      undelete,
      "Undeletes one or more versions from the KV store.",
    ),
    versionsPath(
      kv,
      "destroy",
      "no version number provided",
      destroy,
      "Permanently removes one or more versions in the KV store.",
    ),
  ];
}
