/** identity/entity-alias, entity-alias/id/:id and its list. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import type { PathDef } from "../../../logical/framework.js";
import type { IdentityHost } from "../../../logical/identity.js";
import type { EntityOps } from "../entities.js";
import { aliasData } from "../render.js";
import type { IdentityRecords } from "../store.js";
import { aliasRoutes } from "./alias-routes.js";

export function aliasPaths(records: IdentityRecords, ops: EntityOps, host: IdentityHost): PathDef[] {
  return aliasRoutes({
    kind: "entity-alias",
    fields: {
      name: field.str().optional(),
      canonical_id: field.str().optional(),
      mount_accessor: field.str().optional(),
      metadata: field.stringMap().optional(),
      custom_metadata: field.stringMap().optional(),
    },
    aliases: records.aliases,
    host,
    upsert: (current, w) => ops.upsertAlias(current, w),
    remove: (id) => ops.deleteAlias(id),
    render: (a) => aliasData(a, host),
    unknownId: "invalid alias ID provided",
    checkCreate: (w) => {
      if (!w.name) throw new InvalidRequestError("missing alias name");
    },
    help: {
      create: "Create an entity alias (name + mount accessor, unique per mount).",
      list: "List entity alias ids.",
      byId: "Read, update or delete an entity alias.",
    },
  });
}
