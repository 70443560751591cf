/** identity/entity, entity/id/:id, entity/name/:name, their lists, and entity/batch-delete. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { IdentityHost } from "../../../logical/identity.js";
import type { LogicalRequest, LogicalResponse } from "../../../logical/types.js";
import type { EntityOps, EntityWrite } from "../entities.js";
import type { EntityMerge } from "../merge.js";
import { entityData, listData } from "../render.js";
import { assertMayAttach } from "../root-guard.js";
import type { IdentityRecords } from "../store.js";
import type { EntityRecord } from "../types.js";

const writeFields = {
  name: field.str().optional(),
  policies: field.strings().optional(),
  metadata: field.stringMap().optional(),
  disabled: field.bool().optional(),
};

export interface EntityPathDeps {
  records: IdentityRecords;
  ops: EntityOps;
  host: IdentityHost;
  merger: EntityMerge;
}

export function entityPaths(deps: EntityPathDeps): PathDef[] {
  const { records, ops, host } = deps;
  const write = async (req: LogicalRequest, current: EntityRecord | undefined, w: EntityWrite) => {
    await assertMayAttach(w.policies, req.auth, host);
    const { entity, created } = await ops.upsert(current, w);
    if (!created) return null;
    return { data: { id: entity.id, name: entity.name, aliases: null } };
  };
  const read = (e: EntityRecord | undefined): LogicalResponse | null =>
    e ? { data: entityData(e, records, host) } : null;
  const byName = (name: string) => records.entityByNameKey(name);
  const list = (by: "id" | "name") => {
    const all = [...records.entities.values()].sort((a, b) => a.name.localeCompare(b.name));
    const info: Record<string, Record<string, unknown>> = {};
    for (const e of all) {
      const aliases = records.aliasesOf(e.id).map((a) => ({
        id: a.id,
        name: a.name,
        mount_accessor: a.mountAccessor,
        mount_type: host.authMount(a.mountAccessor)?.type ?? "",
        mount_path: host.authMount(a.mountAccessor)?.path ?? "",
      }));
      info[by === "id" ? e.id : e.name] = { name: e.name, aliases };
    }
    return listData(
      all.map((e) => (by === "id" ? e.id : e.name)),
      info,
    );
  };
  return [
    definePath({
      pattern: "entity/merge",
      fields: {
        from_entity_ids: field.strings().optional(),
        to_entity_id: field.str().default(""),
        force: field.bool().default(false),
        conflicting_alias_ids_to_keep: field.strings().optional(),
      },
      operations: {
        update: async (_req, f) => {
          await deps.merger.merge({
            toEntityId: f.to_entity_id,
            fromEntityIds: f.from_entity_ids ?? [],
            keepAliasIds: f.conflicting_alias_ids_to_keep ?? [],
            force: f.force,
          });
          return null;
        },
      },
      help: "Merge entities into to_entity_id: aliases, groups and MFA enrolments move; the others are deleted.",
    }),
    definePath({
      pattern: "entity",
      fields: { ...writeFields, id: field.str().optional() },
      operations: {
        update: async (req, f) => {
          const current = f.id ? records.entities.get(f.id) : undefined;
          if (f.id && !current) throw new InvalidRequestError("entity not found from id");
          return write(req, current, f);
        },
      },
      help: "Create an entity, or update the one with this name or id.",
    }),
    definePath({
      pattern: "entity/id/?",
      operations: { list: async () => list("id") },
      help: "List entity ids.",
    }),
    definePath({
      pattern: "entity/id/(?<id>[^/]+)",
      fields: { ...writeFields, id: field.str() },
      operations: {
        read: async (_req, f) => read(records.entities.get(f.id)),
        update: async (req, f) => {
          const current = records.entities.get(f.id);
          if (!current) throw new InvalidRequestError("entity not found from id");
          return write(req, current, f);
        },
        delete: async (_req, f) => {
          await ops.delete([f.id]);
          return null;
        },
      },
      help: "Read, update or delete an entity by id.",
    }),
    definePath({
      pattern: "entity/name/?",
      operations: { list: async () => list("name") },
      help: "List entity names.",
    }),
    definePath({
      pattern: "entity/name/(?<name>[^/]+)",
      fields: { ...writeFields, name: field.str() },
      operations: {
        read: async (_req, f) => read(byName(f.name)),
        update: async (req, f) => write(req, byName(f.name), f),
        delete: async (_req, f) => {
          const e = byName(f.name);
          if (e) await ops.delete([e.id]);
          return null;
        },
      },
      help: "Read, create or update, or delete an entity by name.",
    }),
    definePath({
      pattern: "entity/batch-delete",
      fields: { entity_ids: field.strings().optional() },
      operations: {
        update: async (_req, f) => {
          if (!f.entity_ids || f.entity_ids.length === 0)
            throw new InvalidRequestError("missing entity ids to delete");
          await ops.delete(f.entity_ids);
          return null;
        },
      },
      help: "Delete several entities.",
    }),
  ];
}
