/** KV v2 `metadata/<path>`: key settings and version states; list; delete a key entirely. */
import { NotFoundError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { formatGoDuration } from "../../../util/duration.js";
import { setOwn } from "../json.js";
import { formatTime, type KeyRecord, newKeyRecord } from "../records.js";
import type { KvStore } from "../store.js";
import {
  listPrefix,
  parseCustomMetadata,
  plainObject,
  requireSecretPath,
  secretPath,
  validateCustomMetadata,
} from "../validate.js";
import { checkMaxVersions } from "./config.js";

const CAS_IGNORED_WARNING =
  '"cas_required" set to false, but is mandated by backend config. This value will be ignored.';

const fields = {
  path: field.str(),
  max_versions: field.int().optional(),
  cas_required: field.bool().optional(),
  delete_version_after: field.duration().optional(),
  custom_metadata: plainObject().nullable().optional(),
};

function metadataView(r: KeyRecord): Record<string, unknown> {
  const versions: Record<string, unknown> = {};
  for (const [n, v] of Object.entries(r.versions)) {
    versions[n] = {
      created_time: formatTime(v.created),
      deletion_time: formatTime(v.deletion),
      destroyed: v.destroyed,
    };
  }
  return {
    cas_required: r.casRequired,
    created_time: formatTime(r.created),
    current_version: r.current,
    custom_metadata: r.customMetadata,
    delete_version_after: formatGoDuration(r.deleteVersionAfter),
    max_versions: r.maxVersions,
    oldest_version: r.oldest,
    updated_time: formatTime(r.updated),
    versions,
  };
}

function orNull(cm: Record<string, string>): Record<string, string> | null {
  return Object.keys(cm).length > 0 ? cm : null;
}

export function metadataPaths(kv: KvStore): PathDef[] {
  return [
    definePath({
      pattern: "metadata/(?<path>.*)",
      fields,
      existenceCheck: async (_req, f) => {
        const path = secretPath(f.path);
        return path !== null && (await kv.readKey(path)) !== null;
      },
      operations: {
        read: async (_req, f) => {
          const path = secretPath(f.path);
          const record = path === null ? null : await kv.readKey(path);
          return record ? { data: metadataView(record) } : null;
        },

        list: async (_req, f) => {
          const prefix = listPrefix(f.path);
          const keys = prefix === null ? [] : await kv.list(prefix);
          return keys.length > 0 ? { data: { keys } } : null;
        },

        update: async (_req, f) => {
          const path = requireSecretPath(f.path);
          checkMaxVersions(f.max_versions);
          const cmInput = f.custom_metadata ?? undefined;
          const given = [f.max_versions, f.cas_required, f.delete_version_after, cmInput];
          if (given.every((v) => v === undefined)) return null;
          const customMetadata = cmInput === undefined ? undefined : parseCustomMetadata(cmInput, false);
          if (customMetadata) validateCustomMetadata(customMetadata);
          const warn = await kv.changeKey(path, (current, config, now) => {
            const record = current ?? newKeyRecord(now);
            if (f.max_versions !== undefined) record.maxVersions = f.max_versions;
            if (f.cas_required !== undefined) record.casRequired = f.cas_required;
            if (f.delete_version_after !== undefined) record.deleteVersionAfter = f.delete_version_after;
            if (customMetadata !== undefined) record.customMetadata = orNull(customMetadata);
            return { result: f.cas_required === false && config.casRequired, record };
          });
          return warn ? { warnings: [CAS_IGNORED_WARNING] } : null;
        },

        patch: async (_req, f) => {
          const path = requireSecretPath(f.path);
          checkMaxVersions(f.max_versions);
          const cmPatch = f.custom_metadata;
          if (cmPatch) validateCustomMetadata(parseCustomMetadata(cmPatch, true));
          const warn = await kv.changeKey(path, (current, config) => {
            if (!current) throw new NotFoundError();
            if (f.max_versions !== undefined) current.maxVersions = f.max_versions;
            if (f.cas_required !== undefined) current.casRequired = f.cas_required;
            if (f.delete_version_after !== undefined) current.deleteVersionAfter = f.delete_version_after;
            if (cmPatch === null) current.customMetadata = null;
            else if (cmPatch !== undefined) {
              const merged = mergeCustomMetadata(current.customMetadata, cmPatch);
              validateCustomMetadata(merged);
              current.customMetadata = orNull(merged);
            }
            return { result: f.cas_required === false && config.casRequired, record: current };
          });
          return warn ? { warnings: [CAS_IGNORED_WARNING] } : null;
        },

        delete: async (_req, f) => {
          const path = secretPath(f.path);
          if (path === null) return null;
          await kv.changeKey(path, (current) => {
            if (!current) return { result: null };
            const withData = Object.entries(current.versions).filter(([, v]) => !v.destroyed);
            return { result: null, record: null, dropVersions: withData.map(([n]) => Number(n)) };
          });
          return null;
        },
      },
      help: "Allows interaction with key metadata and settings in the KV store.",
    }),
  ];
}

/** JSON merge patch of custom_metadata: null members remove keys, others set them. */
function mergeCustomMetadata(
  current: Record<string, string> | null,
  patch: Record<string, unknown>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(current ?? {})) setOwn(out, k, current![k]);
  const set = parseCustomMetadata(patch, true);
  for (const k of Object.keys(patch)) {
    if (patch[k] === null) delete out[k];
    else setOwn(out, k, set[k]);
  }
  return out;
}
