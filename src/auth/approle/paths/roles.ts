/** role/ (LIST), role/<name> (create, read, update, delete) and role/<name>/role-id. */
import { NotFoundError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { listPath } from "../../../logical/list-path.js";
import type { LogicalResponse } from "../../../logical/types.js";
import type { ApproleDeps } from "../deps.js";
import {
  applyRoleFields,
  blankRole,
  checkRoleId,
  ROLE_NAME,
  type RoleFieldValues,
  roleFields,
  roleNameOf,
  roleView,
} from "../role-settings.js";

/** Applies a write to a role (creating it when absent and `create` is allowed). */
export async function writeRole(
  deps: ApproleDeps,
  rawName: string,
  f: RoleFieldValues,
  create: boolean,
): Promise<LogicalResponse | null> {
  const name = roleNameOf(rawName);
  const warnings: string[] = [];
  await deps.roles.change(name, (current) => {
    if (!current && !create) throw new NotFoundError(`role "${name}" does not exist`);
    warnings.length = 0;
    return applyRoleFields(current ?? blankRole(name), f, {
      created: current === null,
      maxLeaseTTL: deps.ctx.ttls().maxLeaseTTL,
      warnings,
    });
  });
  return warnings.length > 0 ? { warnings } : null;
}

export function rolePaths(deps: ApproleDeps): PathDef[] {
  const { roles, secretIds } = deps;
  return [
    listPath("role/?", () => roles.list(), "List the roles."),

    definePath({
      pattern: `role/${ROLE_NAME}`,
      fields: roleFields,
      existenceCheck: async (_req, f) => (await roles.get(roleNameOf(f.role_name))) !== null,
      operations: {
        create: async (_req, f) => writeRole(deps, f.role_name, f, true),
        update: async (_req, f) => writeRole(deps, f.role_name, f, true),
        read: async (_req, f) => {
          const role = await roles.get(roleNameOf(f.role_name));
          return role ? { data: roleView(role) } : null;
        },
        delete: async (_req, f) => {
          const role = await roles.delete(roleNameOf(f.role_name));
          if (role) await secretIds.deleteAll(role.key);
          return null;
        },
      },
      help: "Manage a role: secret ID constraints (bind_secret_id, secret_id_*) and token_* settings.",
    }),

    definePath({
      pattern: `role/${ROLE_NAME}/role-id`,
      fields: { role_name: field.str(), role_id: field.str().optional() },
      operations: {
        read: async (_req, f) => {
          const role = await roles.get(roleNameOf(f.role_name));
          return role ? { data: { role_id: role.roleId } } : null;
        },
        update: async (_req, f) =>
          writeRole(deps, f.role_name, { role_id: checkRoleId(f.role_id ?? "") }, false),
      },
      help: "Read the role's role_id, or set a custom one (unique across the mount's roles).",
    }),
  ];
}
