/** roles/:name (dynamic roles) and LIST roles/. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type FieldsOf, type PathDef } from "../../../logical/framework.js";
import { listPath } from "../../../logical/list-path.js";
import type { DatabaseDeps } from "../deps.js";
import type { DynamicRole } from "../types.js";
import { renderUsernameTemplate } from "../username-template.js";
import { checkStatements, name, statements } from "./common.js";

const fields = {
  name: field.str(),
  db_name: field.str().optional(),
  creation_statements: statements().optional(),
  revocation_statements: statements().optional(),
  rollback_statements: statements().optional(),
  renew_statements: statements().optional(),
  default_ttl: field.duration().optional(),
  max_ttl: field.duration().optional(),
  username_template: field.str().optional(),
  credential_type: field.str().optional(),
  credential_config: field.stringMap().optional(),
};

function merge(f: FieldsOf<typeof fields>, existing: DynamicRole | null): DynamicRole {
  const role: DynamicRole = {
    db_name: f.db_name ?? existing?.db_name ?? "",
    creation_statements: f.creation_statements ?? existing?.creation_statements ?? [],
    revocation_statements: f.revocation_statements ?? existing?.revocation_statements ?? [],
    rollback_statements: f.rollback_statements ?? existing?.rollback_statements ?? [],
    renew_statements: f.renew_statements ?? existing?.renew_statements ?? [],
    default_ttl: f.default_ttl ?? existing?.default_ttl ?? 0,
    max_ttl: f.max_ttl ?? existing?.max_ttl ?? 0,
    username_template: f.username_template ?? existing?.username_template ?? "",
    credential_type: "password",
    credential_config: f.credential_config ?? existing?.credential_config ?? {},
  };
  if (role.db_name === "") throw new InvalidRequestError("database name is required");
  if (f.credential_type !== undefined && f.credential_type !== "password") {
    throw new InvalidRequestError(
      `unsupported credential_type "${f.credential_type.slice(0, 40)}" (only "password")`,
    );
  }
  for (const key of Object.keys(role.credential_config)) {
    if (key !== "password_policy") {
      throw new InvalidRequestError(
        `credential_config: unknown key "${key.slice(0, 40)}" (only password_policy)`,
      );
    }
  }
  if (role.creation_statements.length === 0) throw new InvalidRequestError("empty creation statements");
  if (role.default_ttl > 0 && role.max_ttl > 0 && role.default_ttl > role.max_ttl) {
    throw new InvalidRequestError("default_ttl cannot be greater than max_ttl");
  }
  checkStatements("creation_statements", role.creation_statements, { password: true, expiration: true });
  checkStatements("rollback_statements", role.rollback_statements, { password: true, expiration: true });
  checkStatements("revocation_statements", role.revocation_statements, {});
  checkStatements("renew_statements", role.renew_statements, { expiration: true });
  if (role.username_template !== "") {
    renderUsernameTemplate(role.username_template, { DisplayName: "token", RoleName: "role" }, Date.now());
  }
  return role;
}

export function rolePaths({ store }: DatabaseDeps): PathDef[] {
  return [
    listPath("roles/?", () => store.roles(), "List the dynamic roles."),
    definePath({
      pattern: `roles/${name()}`,
      fields,
      existenceCheck: async (_req, f) => (await store.role(f.name)) !== null,
      operations: {
        update: async (_req, f) => {
          if (await store.staticRole(f.name)) {
            throw new InvalidRequestError("Role and Static Role names must be unique");
          }
          await store.putRole(f.name, merge(f, await store.role(f.name)));
          return null;
        },
        read: async (_req, f) => {
          const role = await store.role(f.name);
          if (!role) return null;
          const data: Record<string, unknown> = {
            db_name: role.db_name,
            creation_statements: role.creation_statements,
            revocation_statements: role.revocation_statements,
            rollback_statements: role.rollback_statements,
            renew_statements: role.renew_statements,
            default_ttl: role.default_ttl,
            max_ttl: role.max_ttl,
            credential_type: role.credential_type,
          };
          if (Object.keys(role.credential_config).length > 0) data.credential_config = role.credential_config;
          if (role.username_template !== "") data.username_template = role.username_template;
          return { data };
        },
        delete: async (_req, f) => {
          await store.deleteRole(f.name);
          return null;
        },
      },
      help: "Create, read, update or delete a dynamic role: the statements that create and drop its users.",
    }),
  ];
}
