/** `role/` and `role/<name>`: list, create, read, update and delete JWT roles. */
import { InvalidRequestError } from "../../../errors.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { applyRoleWrite, type JwtRoleStore, ROLE_NAME, roleFields, roleView } from "../role.js";

/** Role names are case-insensitive, as in Vault's JWT method. */
export const roleKey = (name: string): string => name.toLowerCase();

export function rolePaths(roles: JwtRoleStore): PathDef[] {
  return [
    definePath({
      pattern: "role/?",
      operations: {
        list: async () => {
          const keys = await roles.list();
          return keys.length > 0 ? { data: { keys } } : null;
        },
      },
      help: "List the roles.",
    }),

    definePath({
      pattern: `role/${ROLE_NAME}`,
      fields: roleFields,
      existenceCheck: async (_req, f) => (await roles.get(roleKey(f.name))) !== null,
      operations: {
        create: async (_req, f) => {
          await roles.put(roleKey(f.name), applyRoleWrite(null, f));
          return null;
        },
        update: async (_req, f) => {
          const existing = await roles.get(roleKey(f.name));
          if (!existing) throw new InvalidRequestError("role entry not found during update operation");
          await roles.put(roleKey(f.name), applyRoleWrite(existing, f));
          return null;
        },
        read: async (_req, f) => {
          const role = await roles.get(roleKey(f.name));
          return role ? { data: roleView(role) } : null;
        },
        delete: async (_req, f) => {
          await roles.delete(roleKey(f.name));
          return null;
        },
      },
      help: "A role binds JWT claims (audience, subject, claims) to token policies and settings.",
    }),
  ];
}
