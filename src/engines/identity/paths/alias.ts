/** identity/entity-alias, entity-alias/id/:id and its list. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { IdentityHost } from "../../../logical/identity.js";
import type { EntityOps } from "../entities.js";
import { aliasData, listData } from "../render.js";
import type { IdentityRecords } from "../store.js";

const writeFields = {
  name: field.str().optional(),
  canonical_id: field.str().optional(),
  mount_accessor: field.str().optional(),
  metadata: field.stringMap().optional(),
  custom_metadata: field.stringMap().optional(),
};

export function aliasPaths(records: IdentityRecords, ops: EntityOps, host: IdentityHost): PathDef[] {
  return [
    definePath({
      pattern: "entity-alias",
      fields: { ...writeFields, id: field.str().optional() },
      operations: {
        update: async (_req, f) => {
          const current = f.id ? records.aliases.get(f.id) : undefined;
          if (f.id && !current) throw new InvalidRequestError("invalid alias ID provided");
          if (!current && !f.name) throw new InvalidRequestError("missing alias name");
          const alias = await ops.upsertAlias(current, f);
          return { data: { id: alias.id, canonical_id: alias.canonicalId } };
        },
      },
      help: "Create an entity alias (name + mount accessor, unique per mount).",
    }),
    definePath({
      pattern: "entity-alias/id/?",
      operations: {
        list: async () => {
          const all = [...records.aliases.values()].sort((a, b) => a.id.localeCompare(b.id));
          const info: Record<string, Record<string, unknown>> = {};
          for (const a of all) {
            const mount = host.authMount(a.mountAccessor);
            info[a.id] = {
              canonical_id: a.canonicalId,
              mount_accessor: a.mountAccessor,
              mount_path: mount?.path ?? "",
              mount_type: mount?.type ?? "",
              name: a.name,
            };
          }
          return listData(
            all.map((a) => a.id),
            info,
          );
        },
      },
      help: "List entity alias ids.",
    }),
    definePath({
      pattern: "entity-alias/id/(?<id>[^/]+)",
      fields: { ...writeFields, id: field.str() },
      operations: {
        read: async (_req, f) => {
          const a = records.aliases.get(f.id);
          return a ? { data: aliasData(a, host) } : null;
        },
        update: async (_req, f) => {
          const current = records.aliases.get(f.id);
          if (!current) throw new InvalidRequestError("invalid alias ID provided");
          const alias = await ops.upsertAlias(current, f);
          return { data: { id: alias.id, canonical_id: alias.canonicalId } };
        },
        delete: async (_req, f) => {
          await ops.deleteAlias(f.id);
          return null;
        },
      },
      help: "Read, update or delete an entity alias.",
    }),
  ];
}
