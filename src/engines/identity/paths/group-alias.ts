/** identity/group-alias, group-alias/id/:id and its list: the names external groups have on auth mounts. */
import { field } from "../../../logical/fields.js";
import type { PathDef } from "../../../logical/framework.js";
import type { IdentityHost } from "../../../logical/identity.js";
import type { GroupOps } from "../groups.js";
import { groupAliasData } from "../render.js";
import type { IdentityRecords } from "../store.js";
import { aliasRoutes } from "./alias-routes.js";

export function groupAliasPaths(records: IdentityRecords, ops: GroupOps, host: IdentityHost): PathDef[] {
  return aliasRoutes({
    kind: "group-alias",
    fields: {
      name: field.str().optional(),
      mount_accessor: field.str().optional(),
      canonical_id: field.str().optional(),
    },
    aliases: records.groupAliases,
    host,
    upsert: (current, w) => ops.upsertAlias(current, w),
    remove: (id) => ops.deleteAlias(id),
    render: (a) => groupAliasData(a, host),
    unknownId: "invalid group alias ID provided",
    help: {
      create: "Create a group alias: the name an external group has on an auth mount.",
      list: "List group alias ids.",
      byId: "Read, update or delete a group alias.",
    },
  });
}
