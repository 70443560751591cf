import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { applyRoleWrite, emptyRole, ROLE_NAME_PATTERN, roleData } from "../roles.js";
import type { TokenStore } from "../store.js";

const roleFields = {
  role_name: field.str(),
  allowed_policies: field.strings().optional(),
  disallowed_policies: field.strings().optional(),
  allowed_policies_glob: field.strings().optional(),
  disallowed_policies_glob: field.strings().optional(),
  orphan: field.bool().optional(),
  renewable: field.bool().optional(),
  path_suffix: field.str().optional(),
  allowed_entity_aliases: field.strings().optional(),
  token_bound_cidrs: field.strings().optional(),
  bound_cidrs: field.strings().optional(),
  token_explicit_max_ttl: field.duration().optional(),
  explicit_max_ttl: field.duration().optional(),
  token_no_default_policy: field.bool().optional(),
  token_num_uses: field.int().optional(),
  token_period: field.duration().optional(),
  period: field.duration().optional(),
  token_type: field.str().optional(),
};

/** auth/token/roles (LIST) and roles/<name> (read, create/update, delete). */
export function rolePaths(store: TokenStore): PathDef[] {
  return [
    definePath({
      pattern: "roles/?",
      operations: { list: async () => ({ data: { keys: await store.roles.list() } }) },
      help: "List token roles.",
    }),
    definePath({
      pattern: `roles/(?<role_name>${ROLE_NAME_PATTERN})`,
      fields: roleFields,
      existenceCheck: async (_req, f) => (await store.roles.get(f.role_name)) !== null,
      operations: {
        read: async (_req, f) => {
          const role = await store.roles.get(f.role_name);
          return role ? { data: roleData(role) } : null;
        },
        update: async (_req, f) => {
          const { role_name: name, ...write } = f;
          const current = (await store.roles.get(name)) ?? emptyRole(name);
          const { role, warnings } = applyRoleWrite(current, write, store.deps.ttls().maxLeaseTTL);
          await store.roles.put(role);
          return warnings.length > 0 ? { warnings } : null;
        },
        delete: async (_req, f) => {
          await store.roles.delete(f.role_name);
          return null;
        },
      },
      help: "Manage a token role.",
    }),
  ];
}
