/** KV v2 `data/<path>`: read a version, write or patch a new one, soft-delete the latest. */
import { InvalidRequestError, NotFoundError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LogicalRequest, LogicalResponse } from "../../../logical/types.js";
import { notFoundEnvelope } from "../envelope.js";
import { isPlainObject, mergePatch } from "../json.js";
import { readVersion } from "../read-version.js";
import { addVersion, isLive, newKeyRecord, scheduledDeletion, versionMetadata } from "../records.js";
import type { KvStore } from "../store.js";
import { assertStorableData, checkCas, plainObject, requireSecretPath, secretPath } from "../validate.js";

const fields = {
  path: field.str(),
  version: field.int().optional(),
  data: plainObject().nullable().optional(),
  options: plainObject().nullable().optional(),
};

/** What a PATCH found when the key's current version cannot be patched. */
type PatchOutcome =
  | { kind: "written"; metadata: Record<string, unknown> }
  | { kind: "missing" }
  | { kind: "gone"; metadata: Record<string, unknown> };

export function dataPaths(kv: KvStore): PathDef[] {
  return [
    definePath({
      pattern: "data/(?<path>.*[^/])",
      fields,
      existenceCheck: async (_req, f) => {
        const path = secretPath(f.path);
        return path !== null && (await kv.readKey(path)) !== null;
      },
      operations: {
        read: async (req, f) => {
          const path = secretPath(f.path);
          if (path === null) return null;
          const found = await readVersion(kv, path, f.version ?? 0);
          if (found.kind === "missing") return null;
          if (found.kind === "gone") return notFoundEnvelope(req, { data: null, metadata: found.metadata });
          return { data: { data: found.data, metadata: found.metadata } };
        },

        update: async (_req, f) => {
          const path = requireSecretPath(f.path);
          const data = f.data;
          if (data === null || data === undefined) throw new InvalidRequestError("no data provided");
          assertStorableData(data);
          const metadata = await kv.changeKey(path, (current, config, now) => {
            const record = current ?? newKeyRecord(now);
            checkCas(f.options, record.current, config.casRequired || record.casRequired);
            const deletion = scheduledDeletion(now, config, record);
            const { version, purged } = addVersion(record, now, deletion, config);
            return {
              result: versionMetadata(record, version),
              record,
              putVersion: { version, data },
              dropVersions: purged,
            };
          });
          return { data: metadata };
        },

        patch: async (req, f) => {
          const path = requireSecretPath(f.path);
          const patch = f.data;
          if (patch === null || patch === undefined) throw new InvalidRequestError("no data provided");
          assertStorableData(patch);
          const outcome = await kv.changeKey<PatchOutcome>(path, async (current, config, now) => {
            if (!current) return { result: { kind: "missing" } };
            checkCas(f.options, current.current, config.casRequired || current.casRequired);
            const latest = current.versions[String(current.current)];
            if (!latest) return { result: { kind: "missing" } };
            if (!isLive(latest, now)) {
              return { result: { kind: "gone", metadata: versionMetadata(current, current.current) } };
            }
            const stored = await kv.readVersion(path, current.current);
            if (!stored) return { result: { kind: "missing" } };
            const merged = mergePatch(stored.data, patch);
            const data = isPlainObject(merged) ? merged : {};
            const deletion = scheduledDeletion(now, config, current);
            const { version, purged } = addVersion(current, now, deletion, config);
            return {
              result: { kind: "written", metadata: versionMetadata(current, version) },
              record: current,
              putVersion: { version, data },
              dropVersions: purged,
            };
          });
          return patchResponse(req, outcome);
        },

        delete: async (_req, f) => {
          const path = secretPath(f.path);
          if (path === null) return null;
          await kv.changeKey(path, (current, _config, now) => {
            const latest = current?.versions[String(current.current)];
            if (!current || !latest || !isLive(latest, now)) return { result: null };
            latest.deletion = now;
            return { result: null, record: current };
          });
          return null;
        },
      },
      help: "Write, Patch, Read, and Delete data in the Key-Value Store.",
    }),
  ];
}

function patchResponse(req: LogicalRequest, outcome: PatchOutcome): LogicalResponse {
  if (outcome.kind === "missing") throw new NotFoundError();
  if (outcome.kind === "gone") return notFoundEnvelope(req, outcome.metadata);
  return { data: outcome.metadata };
}
