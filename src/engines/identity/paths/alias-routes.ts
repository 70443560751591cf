/**
 * The three routes every kind of identity alias has (Vault's entity-alias and group-alias):
 * `<kind>` to create (or update by `id`), LIST `<kind>/id` with key_info, and read/update/delete
 * `<kind>/id/:id`.
 */
import type { z } from "zod";
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type FieldsOf, type PathDef } from "../../../logical/framework.js";
import type { IdentityHost } from "../../../logical/identity.js";
import { listData } from "../render.js";

/** What the routes need to know of an alias record. */
interface AliasLike {
  id: string;
  canonicalId: string;
  mountAccessor: string;
  name: string;
}

export interface AliasRoutesSpec<A extends AliasLike, S extends z.ZodRawShape> {
  kind: "entity-alias" | "group-alias";
  /** The fields a write takes (besides `id`). */
  fields: S;
  aliases: ReadonlyMap<string, A>;
  host: IdentityHost;
  /** Creates (current undefined) or updates an alias. */
  upsert(current: A | undefined, w: FieldsOf<S>): Promise<A>;
  remove(id: string): Promise<void>;
  render(a: A): Record<string, unknown>;
  /** The error for an `id` that names no alias. */
  unknownId: string;
  /** Checks a create (no current alias) before upsert. */
  checkCreate?(w: FieldsOf<S>): void;
  help: { create: string; list: string; byId: string };
}

export function aliasRoutes<A extends AliasLike, S extends z.ZodRawShape>(
  spec: AliasRoutesSpec<A, S>,
): PathDef[] {
  const answer = (a: A) => ({ data: { id: a.id, canonical_id: a.canonicalId } });
  return [
    definePath({
      pattern: spec.kind,
      fields: { ...spec.fields, id: field.str().optional() },
      operations: {
        update: async (_req, f) => {
          const { id, ...w } = f as { id?: string } & FieldsOf<S>;
          const current = id ? spec.aliases.get(id) : undefined;
          if (id && !current) throw new InvalidRequestError(spec.unknownId);
          if (!current) spec.checkCreate?.(w as FieldsOf<S>);
          return answer(await spec.upsert(current, w as FieldsOf<S>));
        },
      },
      help: spec.help.create,
    }),
    definePath({
      pattern: `${spec.kind}/id/?`,
      operations: {
        list: async () => {
          const all = [...spec.aliases.values()].sort((a, b) => a.id.localeCompare(b.id));
          const info: Record<string, Record<string, unknown>> = {};
          for (const a of all) {
            const mount = spec.host.authMount(a.mountAccessor);
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
      help: spec.help.list,
    }),
    definePath({
      pattern: `${spec.kind}/id/(?<id>[^/]+)`,
      fields: { ...spec.fields, id: field.str() },
      operations: {
        read: async (_req, f) => {
          const a = spec.aliases.get((f as { id: string }).id);
          return a ? { data: spec.render(a) } : null;
        },
        update: async (_req, f) => {
          const { id, ...w } = f as { id: string } & FieldsOf<S>;
          const current = spec.aliases.get(id);
          if (!current) throw new InvalidRequestError(spec.unknownId);
          return answer(await spec.upsert(current, w as FieldsOf<S>));
        },
        delete: async (_req, f) => {
          await spec.remove((f as { id: string }).id);
          return null;
        },
      },
      help: spec.help.byId,
    }),
  ];
}
