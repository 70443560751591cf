/** static-roles/:name, LIST static-roles/, static-creds/:name and rotate-role/:name. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type FieldsOf, type PathDef } from "../../../logical/framework.js";
import { listPath } from "../../../logical/list-path.js";
import { parseCron } from "../cron.js";
import type { DatabaseDeps } from "../deps.js";
import { nextRotation, rotateStaticRole } from "../static-rotation.js";
import type { StaticRole } from "../types.js";
import { assertRoleAllowed, checkStatements, name, statements } from "./common.js";

const MIN_PERIOD = 5;
const MIN_WINDOW = 3600;

const fields = {
  name: field.str(),
  db_name: field.str().optional(),
  username: field.str().optional(),
  rotation_period: field.duration().optional(),
  rotation_schedule: field.str().optional(),
  rotation_window: field.duration().optional(),
  rotation_statements: statements().optional(),
  credential_type: field.str().optional(),
};

function merge(f: FieldsOf<typeof fields>, existing: StaticRole | null): StaticRole {
  if (f.rotation_period !== undefined && f.rotation_schedule !== undefined) {
    throw new InvalidRequestError(
      "mutually exclusive fields rotation_period and rotation_schedule were both specified",
    );
  }
  const username = f.username ?? existing?.username ?? "";
  if (username === "")
    throw new InvalidRequestError("username is a required field to create a static account");
  if (existing && f.username !== undefined && f.username !== existing.username) {
    throw new InvalidRequestError("cannot update static account username");
  }
  if (Buffer.byteLength(username) > 63) throw new InvalidRequestError("username is longer than 63 bytes");
  if (f.credential_type !== undefined && f.credential_type !== "password") {
    throw new InvalidRequestError(
      `unsupported credential_type "${f.credential_type.slice(0, 40)}" (only "password")`,
    );
  }
  const role: StaticRole = {
    db_name: f.db_name ?? existing?.db_name ?? "",
    username,
    rotation_period:
      f.rotation_schedule !== undefined ? 0 : (f.rotation_period ?? existing?.rotation_period ?? 0),
    rotation_schedule:
      f.rotation_period !== undefined ? "" : (f.rotation_schedule ?? existing?.rotation_schedule ?? ""),
    rotation_window:
      f.rotation_period !== undefined ? 0 : (f.rotation_window ?? existing?.rotation_window ?? 0),
    rotation_statements: f.rotation_statements ?? existing?.rotation_statements ?? [],
    credential_type: "password",
    password: existing?.password ?? "",
    last_vault_rotation: existing?.last_vault_rotation ?? 0,
    next_vault_rotation: existing?.next_vault_rotation ?? 0,
    pending_password: existing?.pending_password,
  };
  if (role.db_name === "") throw new InvalidRequestError("database name is a required field");
  if (role.rotation_schedule === "" && role.rotation_period === 0) {
    throw new InvalidRequestError(
      "one of rotation_schedule or rotation_period must be provided to create a static account",
    );
  }
  if (role.rotation_schedule === "" && role.rotation_period < MIN_PERIOD) {
    throw new InvalidRequestError(`rotation_period must be ${MIN_PERIOD} seconds or more`);
  }
  if (role.rotation_schedule !== "") parseCron(role.rotation_schedule);
  if (role.rotation_window !== 0 && role.rotation_schedule === "") {
    throw new InvalidRequestError("rotation_window is only valid with rotation_schedule");
  }
  if (role.rotation_window !== 0 && role.rotation_window < MIN_WINDOW) {
    throw new InvalidRequestError(`rotation_window must be ${MIN_WINDOW} seconds or more`);
  }
  checkStatements("rotation_statements", role.rotation_statements, { password: true });
  return role;
}

function schedule(role: StaticRole): Record<string, unknown> {
  if (role.rotation_schedule === "") return { rotation_period: role.rotation_period };
  const out: Record<string, unknown> = { rotation_schedule: role.rotation_schedule };
  if (role.rotation_window > 0) out.rotation_window = role.rotation_window;
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function staticRolePaths(deps: DatabaseDeps): PathDef[] {
  const { ctx, store, locks } = deps;

  const write = async (f: FieldsOf<typeof fields>) => {
    if (await store.role(f.name)) throw new InvalidRequestError("Role and Static Role names must be unique");
    const existing = await store.staticRole(f.name);
    const role = merge(f, existing);
    const config = await store.config(role.db_name);
    if (!config) throw new InvalidRequestError(`database configuration "${role.db_name}" does not exist`);
    assertRoleAllowed(config, f.name);
    if (role.username === config.connection_details.username) {
      throw new InvalidRequestError(
        "a static role cannot manage the connection's own (root) user; use rotate-root",
      );
    }
    if (existing) {
      role.next_vault_rotation = nextRotation(role, role.last_vault_rotation);
      await locks.run(`static/${f.name}`, () => store.putStaticRole(f.name, role));
      return null;
    }
    // A new static role takes over the user now: its password is rotated at once.
    await store.putStaticRole(f.name, role);
    try {
      await rotateStaticRole(deps, f.name);
    } catch (err) {
      await store.deleteStaticRole(f.name);
      throw err;
    }
    return null;
  };

  return [
    listPath("static-roles/?", () => store.staticRoles(), "List the static roles."),
    definePath({
      pattern: `static-roles/${name()}`,
      fields,
      existenceCheck: async (_req, f) => (await store.staticRole(f.name)) !== null,
      operations: {
        update: async (_req, f) => write(f),
        read: async (_req, f) => {
          const role = await store.staticRole(f.name);
          if (!role) return null;
          const data: Record<string, unknown> = {
            db_name: role.db_name,
            username: role.username,
            rotation_statements: role.rotation_statements,
            credential_type: role.credential_type,
            ...schedule(role),
          };
          if (role.last_vault_rotation > 0) data.last_vault_rotation = iso(role.last_vault_rotation);
          if (role.next_vault_rotation > 0) data.next_vault_rotation = iso(role.next_vault_rotation);
          return { data };
        },
        delete: async (_req, f) => {
          await locks.run(`static/${f.name}`, () => store.deleteStaticRole(f.name));
          return null;
        },
      },
      help: "Manage a static role: an existing database user whose password cofre rotates.",
    }),
    definePath({
      pattern: `static-creds/${name()}`,
      fields: { name: field.str() },
      operations: {
        read: async (_req, f) => {
          const role = await store.staticRole(f.name);
          if (!role) throw new InvalidRequestError(`unknown role: ${f.name}`);
          const config = await store.config(role.db_name);
          if (!config)
            throw new InvalidRequestError(`database configuration "${role.db_name}" does not exist`);
          assertRoleAllowed(config, f.name);
          const ttl = Math.max(0, Math.floor((role.next_vault_rotation - ctx.clock.now()) / 1000));
          return {
            data: {
              username: role.username,
              password: role.password,
              last_vault_rotation: iso(role.last_vault_rotation),
              ttl,
              ...schedule(role),
            },
          };
        },
      },
      help: "Read a static role's current credentials.",
    }),
    definePath({
      pattern: `rotate-role/${name()}`,
      fields: { name: field.str() },
      operations: {
        update: async (_req, f) => {
          const outcome = await rotateStaticRole(deps, f.name);
          if (outcome === "absent") throw new InvalidRequestError(`no static role named "${f.name}"`);
          return null;
        },
      },
      help: "Rotate a static role's password now.",
    }),
  ];
}
