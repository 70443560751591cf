/**
 * Path definitions several auth methods share: a role's LIST, create, read, update and delete
 * around its store, and a `config` read beside a method-specific write.
 * Each method keeps its own fields, validation (`apply`, `write`) and views.
 */
import type { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { definePath, type FieldsOf, type PathDef } from "../../logical/framework.js";
import { listPath } from "../../logical/list-path.js";

/** Vault's GenericNameRegex for role names: word characters, with `-` and `.` inside. */
export const ROLE_NAME = "(?<name>\\w(?:[\\w.-]*\\w)?)";

interface RoleStore<R> {
  get(name: string): Promise<R | null>;
  put(name: string, role: R): Promise<void>;
  delete(name: string): Promise<void>;
  list(): Promise<string[]>;
}

type NamedShape = z.ZodRawShape & { name: z.ZodType<string> };

export interface RolePathsSpec<S extends NamedShape, R> {
  roles: RoleStore<R>;
  fields: S;
  /** The role after a write: `existing` is null on create. Throws InvalidRequestError on bad input. */
  apply: (existing: R | null, f: FieldsOf<S>) => R;
  view: (role: R) => Record<string, unknown>;
  /** The storage name of a role name (default: as given). */
  key?: (name: string) => string;
  help: string;
}

/**
 * `role/` (LIST) and `role/<name>`: create, read, update (Vault's "role entry not found during
 * update operation" when it vanished since the existence check) and delete.
 */
export function rolePaths<S extends NamedShape, R>(spec: RolePathsSpec<S, R>): PathDef[] {
  const { roles, apply, view } = spec;
  const key = spec.key ?? ((name: string) => name);
  // S has a `name: string` field; TypeScript cannot see through zod's inferred type of a generic shape.
  const keyOf = (f: FieldsOf<S>) => key((f as { name: string }).name);
  return [
    listPath("role/?", () => roles.list(), "List the roles."),
    definePath({
      pattern: `role/${ROLE_NAME}`,
      fields: spec.fields,
      existenceCheck: async (_req, f) => (await roles.get(keyOf(f))) !== null,
      operations: {
        create: async (_req, f) => {
          await roles.put(keyOf(f), apply(null, f));
          return null;
        },
        update: async (_req, f) => {
          const existing = await roles.get(keyOf(f));
          if (!existing) throw new InvalidRequestError("role entry not found during update operation");
          await roles.put(keyOf(f), apply(existing, f));
          return null;
        },
        read: async (_req, f) => {
          const role = await roles.get(keyOf(f));
          return role ? { data: view(role) } : null;
        },
        delete: async (_req, f) => {
          await roles.delete(keyOf(f));
          return null;
        },
      },
      help: spec.help,
    }),
  ];
}

export interface ConfigPathSpec<S extends z.ZodRawShape, C> {
  configs: { get(): Promise<C | null> };
  fields: S;
  view: (config: C) => Record<string, unknown>;
  /** Validates and stores a write (a write replaces the whole configuration). */
  write: (f: FieldsOf<S>) => Promise<void>;
  help: string;
}

/** `config`: read (404 until written) and write. */
export function configPath<S extends z.ZodRawShape, C>(spec: ConfigPathSpec<S, C>): PathDef {
  return definePath({
    pattern: "config",
    fields: spec.fields,
    operations: {
      read: async () => {
        const config = await spec.configs.get();
        return config ? { data: spec.view(config) } : null;
      },
      update: async (_req, f) => {
        await spec.write(f);
        return null;
      },
    },
    help: spec.help,
  });
}
