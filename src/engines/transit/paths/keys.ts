/** keys/: create, read, list, delete, config, rotate and trim named keys. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { applyConfig, newKeySpec } from "../key-settings.js";
import type { KeyStore } from "../key-store.js";
import { keyInfo } from "../key-view.js";
import { addVersion, newKeyRing, trimVersions } from "../keyring.js";
import { generateVersion } from "../material.js";
import { NAME, optionalBase64 } from "./common.js";

export function keyPaths(store: KeyStore): PathDef[] {
  return [
    definePath({
      pattern: "keys/?",
      operations: {
        list: async () => {
          const keys = await store.list();
          return keys.length > 0 ? { data: { keys } } : null;
        },
      },
      help: "List the named keys.",
    }),

    definePath({
      pattern: `keys/${NAME}`,
      fields: {
        name: field.str(),
        type: field.str().default("aes256-gcm96"),
        derived: field.bool().default(false),
        convergent_encryption: field.bool().default(false),
        exportable: field.bool().default(false),
        allow_plaintext_backup: field.bool().default(false),
        auto_rotate_period: field.duration().optional(),
        key_size: field.int().default(0),
        context: field.str().optional(),
      },
      operations: {
        update: async (_req, f) => {
          const spec = newKeySpec({
            name: f.name,
            type: f.type,
            derived: f.derived,
            convergent: f.convergent_encryption,
            exportable: f.exportable,
            allowPlaintextBackup: f.allow_plaintext_backup,
            autoRotatePeriod: f.auto_rotate_period ?? 0,
            keySize: f.key_size,
          });
          const { ring, created } = await store.change(f.name, async (current) => {
            if (current) return { result: { ring: current, created: false } };
            const ring = newKeyRing(spec, await generateVersion(spec.type, store.now(), spec.keySize));
            return { result: { ring, created: true }, ring };
          });
          return { data: keyInfo(ring), warnings: created ? [] : [`key ${f.name} already existed`] };
        },
        read: async (_req, f) => {
          const ring = await store.get(f.name);
          return ring ? { data: keyInfo(ring, optionalBase64(f.context, "context")) } : null;
        },
        delete: async (_req, f) => {
          await store.change(f.name, async (current) => {
            const fail = (why: string) => new InvalidRequestError(`error deleting policy ${f.name}: ${why}`);
            if (!current) throw fail("could not delete key; not found");
            if (!current.deletionAllowed) throw fail("deletion is not allowed for this key");
            return { result: null, ring: null };
          });
          return null;
        },
      },
      help: "Create, read or delete a named key. Writing an existing key changes nothing.",
    }),

    definePath({
      pattern: `keys/${NAME}/config`,
      fields: {
        name: field.str(),
        min_decryption_version: field.int().optional(),
        min_encryption_version: field.int().optional(),
        deletion_allowed: field.bool().optional(),
        exportable: field.bool().optional(),
        allow_plaintext_backup: field.bool().optional(),
        auto_rotate_period: field.duration().optional(),
      },
      operations: {
        update: async (_req, f) =>
          store.change(f.name, async (current) => {
            if (!current) throw new InvalidRequestError(`no existing key named ${f.name} could be found`);
            const { changed, warnings } = applyConfig(current, {
              minDecryptionVersion: f.min_decryption_version,
              minEncryptionVersion: f.min_encryption_version,
              deletionAllowed: f.deletion_allowed,
              exportable: f.exportable,
              allowPlaintextBackup: f.allow_plaintext_backup,
              autoRotatePeriod: f.auto_rotate_period,
            });
            return { result: { data: keyInfo(current), warnings }, ring: changed ? current : undefined };
          }),
      },
      help: "Configure a key: version bounds, deletion, export, backup, automatic rotation.",
    }),

    definePath({
      pattern: `keys/${NAME}/rotate`,
      fields: { name: field.str() },
      operations: {
        update: async (_req, f) =>
          store.change(f.name, async (current) => {
            if (!current) throw new InvalidRequestError("key not found");
            addVersion(current, await generateVersion(current.type, store.now(), current.keySize));
            return { result: { data: keyInfo(current) }, ring: current };
          }),
      },
      help: "Add a new version of the key; new encryptions and signatures use it.",
    }),

    definePath({
      pattern: `keys/${NAME}/trim`,
      fields: { name: field.str(), min_available_version: field.int().optional() },
      operations: {
        update: async (_req, f) =>
          store.change(f.name, async (current) => {
            if (!current) throw new InvalidRequestError("invalid key name");
            if (f.min_available_version === undefined)
              throw new InvalidRequestError("missing min_available_version");
            trimVersions(current, f.min_available_version);
            return { result: { data: keyInfo(current) }, ring: current };
          }),
      },
      help: "Delete the key versions below min_available_version for good.",
    }),
  ];
}
