/** identity/group, group/id/:id, group/name/:name and their lists (internal and external groups). */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { IdentityHost } from "../../../logical/identity.js";
import type { LogicalRequest } from "../../../logical/types.js";
import type { GroupOps, GroupWrite } from "../groups.js";
import { groupData, listData } from "../render.js";
import { assertMayAttach } from "../root-guard.js";
import type { IdentityRecords } from "../store.js";
import type { GroupRecord } from "../types.js";

const writeFields = {
  name: field.str().optional(),
  type: field.str().optional(),
  policies: field.strings().optional(),
  member_entity_ids: field.strings().optional(),
  member_group_ids: field.strings().optional(),
  metadata: field.stringMap().optional(),
};

export function groupPaths(records: IdentityRecords, ops: GroupOps, host: IdentityHost): PathDef[] {
  const write = async (req: LogicalRequest, current: GroupRecord | undefined, w: GroupWrite) => {
    await assertMayAttach(w.policies, req.auth, host);
    const { group } = await ops.upsert(current, w);
    return { data: { id: group.id, name: group.name } };
  };
  const read = (g: GroupRecord | undefined) => (g ? { data: groupData(g, records, host) } : null);
  const list = (by: "id" | "name") => {
    const all = [...records.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
    const info: Record<string, Record<string, unknown>> = {};
    for (const g of all)
      info[by === "id" ? g.id : g.name] = {
        name: g.name,
        num_member_entities: g.memberEntityIds.length,
        num_parent_groups: 0,
      };
    return listData(
      all.map((g) => (by === "id" ? g.id : g.name)),
      info,
    );
  };
  return [
    definePath({
      pattern: "group",
      fields: { ...writeFields, id: field.str().optional() },
      operations: {
        update: async (req, f) => {
          const current = f.id ? records.groups.get(f.id) : undefined;
          if (f.id && !current) throw new InvalidRequestError("group not found from id");
          return write(req, current, f);
        },
      },
      help: "Create a group, or update the one with this name or id.",
    }),
    definePath({
      pattern: "group/id/?",
      operations: { list: async () => list("id") },
      help: "List group ids.",
    }),
    definePath({
      pattern: "group/id/(?<id>[^/]+)",
      fields: { ...writeFields, id: field.str() },
      operations: {
        read: async (_req, f) => read(records.groups.get(f.id)),
        update: async (req, f) => {
          const current = records.groups.get(f.id);
          if (!current) throw new InvalidRequestError("group not found from id");
          return write(req, current, f);
        },
        delete: async (_req, f) => {
          await ops.delete(f.id);
          return null;
        },
      },
      help: "Read, update or delete a group by id.",
    }),
    definePath({
      pattern: "group/name/?",
      operations: { list: async () => list("name") },
      help: "List group names.",
    }),
    definePath({
      pattern: "group/name/(?<name>[^/]+)",
      fields: { ...writeFields, name: field.str() },
      operations: {
        read: async (_req, f) => read(records.groupByNameKey(f.name)),
        update: async (req, f) => write(req, records.groupByNameKey(f.name), f),
        delete: async (_req, f) => {
          const g = records.groupByNameKey(f.name);
          if (g) await ops.delete(g.id);
          return null;
        },
      },
      help: "Read, create or update, or delete a group by name.",
    }),
  ];
}
