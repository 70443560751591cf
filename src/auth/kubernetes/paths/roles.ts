/** `role/` and `role/<name>`: list, create, read, update and delete Kubernetes roles. */
import { InvalidRequestError } from "../../../errors.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { applyRoleWrite, type KubernetesRoleStore, ROLE_NAME, roleFields, roleView } from "../role.js";

export function rolePaths(roles: KubernetesRoleStore): PathDef[] {
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
      existenceCheck: async (_req, f) => (await roles.get(f.name)) !== null,
      operations: {
        create: async (_req, f) => {
          await roles.put(f.name, applyRoleWrite(null, f));
          return null;
        },
        update: async (_req, f) => {
          const existing = await roles.get(f.name);
          if (!existing) throw new InvalidRequestError("role entry not found during update operation");
          await roles.put(f.name, applyRoleWrite(existing, f));
          return null;
        },
        read: async (_req, f) => {
          const role = await roles.get(f.name);
          return role ? { data: roleView(role) } : null;
        },
        delete: async (_req, f) => {
          await roles.delete(f.name);
          return null;
        },
      },
      help: "A role binds service account names and namespaces (and an audience) to token settings.",
    }),
  ];
}
