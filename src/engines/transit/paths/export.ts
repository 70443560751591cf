/** export/:type/:name[/:version], backup/:name and restore[/:name]. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { decodeBackup, encodeBackup } from "../backup.js";
import { checkExportable, exportVersion, parseExportFormat, parseExportType } from "../export-format.js";
import type { KeyStore } from "../key-store.js";
import { type KeyRing, liveVersions } from "../keyring.js";
import { NAME } from "./common.js";

/** The version numbers an export covers ("" = every live one, "latest", "3" or "v3"). */
function exportedVersions(ring: KeyRing, version: string): number[] {
  if (version === "") return liveVersions(ring).map(([n]) => n);
  const text = version === "latest" ? String(ring.latestVersion) : version.replace(/^v/, "");
  if (!/^[+-]?\d{1,9}$/.test(text)) throw new InvalidRequestError("invalid key version");
  const n = Number(text);
  if (n < ring.minDecryptionVersion) {
    throw new InvalidRequestError("version for export is below minimum decryption version");
  }
  if (!ring.versions[String(n)]) throw new InvalidRequestError("version does not exist or cannot be found");
  return [n];
}

export function exportPaths(store: KeyStore): PathDef[] {
  return [
    definePath({
      pattern: `export/(?<type>[^/]+)/${NAME}(?:/(?<version>[^/]+))?`,
      fields: {
        type: field.str(),
        name: field.str(),
        version: field.str().default(""),
        format: field.str().default(""),
      },
      operations: {
        read: async (_req, f) => {
          const type = parseExportType(f.type);
          const format = parseExportFormat(f.format);
          const ring = await store.get(f.name);
          if (!ring) return null;
          checkExportable(ring, type);
          const keys: Record<string, string> = {};
          for (const n of exportedVersions(ring, f.version)) {
            keys[String(n)] = exportVersion(ring, ring.versions[String(n)]!, type, format);
          }
          return { data: { name: ring.name, type: ring.type, keys } };
        },
      },
      help: "Export key material of an exportable key (public keys of any signing key).",
    }),

    definePath({
      pattern: `backup/${NAME}`,
      fields: { name: field.str() },
      operations: {
        read: async (_req, f) =>
          store.change(f.name, async (current) => {
            if (!current) throw new InvalidRequestError(`key "${f.name}" not found`);
            if (!current.exportable) throw new InvalidRequestError("exporting is disallowed on the policy");
            if (!current.allowPlaintextBackup) {
              throw new InvalidRequestError("plaintext backup is disallowed on the policy");
            }
            current.backupInfo = { time: store.now(), version: current.latestVersion };
            return { result: { data: { backup: encodeBackup(current) } }, ring: current };
          }),
      },
      help: "Back up a key with every version, in plaintext (needs exportable and allow_plaintext_backup).",
    }),

    definePath({
      pattern: `restore(?:/${NAME})?`,
      fields: {
        name: field.str().optional(),
        backup: field.str().default(""),
        force: field.bool().default(false),
      },
      operations: {
        update: async (_req, f) => {
          if (f.backup === "") throw new InvalidRequestError("'backup' must be supplied");
          const ring = decodeBackup(f.backup);
          if (f.name) ring.name = f.name;
          ring.restoreInfo = { time: store.now(), version: ring.latestVersion };
          await store.change(ring.name, async (current) => {
            if (current && !f.force) throw new InvalidRequestError(`key "${ring.name}" already exists`);
            return { result: null, ring };
          });
          return null;
        },
      },
      help: "Restore a key from a backup, under its own name or the one in the path.",
    }),
  ];
}
