/** KV v2 `config`: mount-wide max_versions, cas_required and delete_version_after. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { formatGoDuration } from "../../../util/duration.js";
import { DELETE_VERSION_AFTER_DISABLED } from "../records.js";
import type { KvStore } from "../store.js";

const MAX_UINT32 = 0xffffffff;

/** max_versions is an unsigned 32-bit count in Vault. */
export function checkMaxVersions(n: number | undefined): void {
  if (n !== undefined && (n < 0 || n > MAX_UINT32)) {
    throw new InvalidRequestError(`max_versions must be between 0 and ${MAX_UINT32}`);
  }
}

export function configPaths(kv: KvStore): PathDef[] {
  return [
    definePath({
      pattern: "config",
      fields: {
        max_versions: field.int().optional(),
        cas_required: field.bool().optional(),
        delete_version_after: field.duration({ signed: true }).optional(),
      },
      operations: {
        read: async () => {
          const c = await kv.config();
          return {
            data: {
              cas_required: c.casRequired,
              delete_version_after: formatGoDuration(c.deleteVersionAfter),
              max_versions: c.maxVersions,
            },
          };
        },
        update: async (_req, f) => {
          checkMaxVersions(f.max_versions);
          if (
            f.max_versions === undefined &&
            f.cas_required === undefined &&
            f.delete_version_after === undefined
          ) {
            return null;
          }
          const dva = f.delete_version_after;
          await kv.updateConfig((c) => ({
            maxVersions: f.max_versions ?? c.maxVersions,
            casRequired: f.cas_required ?? c.casRequired,
            deleteVersionAfter:
              dva === undefined ? c.deleteVersionAfter : dva < 0 ? DELETE_VERSION_AFTER_DISABLED : dva,
          }));
          return null;
        },
      },
      help: "Configures settings for the KV store: max_versions, cas_required, delete_version_after.",
    }),
  ];
}
