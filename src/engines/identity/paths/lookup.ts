/** identity/lookup/entity and identity/lookup/group: find one by exactly one criterion. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { IdentityHost } from "../../../logical/identity.js";
import { cleanAliasName } from "../names.js";
import { entityData, groupData } from "../render.js";
import type { IdentityRecords } from "../store.js";

const fields = {
  name: field.str().optional(),
  id: field.str().optional(),
  alias_id: field.str().optional(),
  alias_name: field.str().optional(),
  alias_mount_accessor: field.str().optional(),
};

function criterion(f: { name?: string; id?: string; alias_id?: string; alias_name?: string }): void {
  const given = [f.name, f.id, f.alias_id, f.alias_name].filter((v) => v !== undefined && v !== "");
  if (given.length === 0) throw new InvalidRequestError("missing entity or alias criteria");
  if (given.length > 1)
    throw new InvalidRequestError("only one of name, id, alias_id or alias_name may be given");
}

export function lookupPaths(records: IdentityRecords, host: IdentityHost): PathDef[] {
  return [
    definePath({
      pattern: "lookup/entity",
      fields,
      operations: {
        update: async (_req, f) => {
          criterion(f);
          let id: string | undefined = f.id;
          if (f.name) id = records.entityByNameKey(f.name)?.id;
          if (f.alias_id) id = records.aliases.get(f.alias_id)?.canonicalId;
          if (f.alias_name) {
            if (!f.alias_mount_accessor) throw new InvalidRequestError("missing alias_mount_accessor");
            const mount = host.authMount(f.alias_mount_accessor);
            const name = mount ? cleanAliasName(f.alias_name, mount.type) : "";
            id = mount ? records.aliasFor(f.alias_mount_accessor, name)?.canonicalId : undefined;
          }
          const e = id ? records.entities.get(id) : undefined;
          return e ? { data: entityData(e, records, host) } : null;
        },
      },
      help: "Look an entity up by name, id, alias id, or alias name and mount accessor.",
    }),
    definePath({
      pattern: "lookup/group",
      fields,
      operations: {
        update: async (_req, f) => {
          criterion(f);
          let id: string | undefined;
          if (f.id) id = f.id;
          else if (f.name) id = records.groupByNameKey(f.name)?.id;
          else if (f.alias_id) id = records.groupAliases.get(f.alias_id)?.canonicalId;
          else if (f.alias_name) {
            if (!f.alias_mount_accessor) throw new InvalidRequestError("missing alias_mount_accessor");
            id = records.groupAliasFor(f.alias_mount_accessor, f.alias_name.trim())?.canonicalId;
          }
          const g = id ? records.groups.get(id) : undefined;
          return g ? { data: groupData(g, records, host) } : null;
        },
      },
      help: "Look a group up by name, id, group alias id, or group alias name and mount accessor.",
    }),
  ];
}
