/** `role/` and `role/<name>`: list, create, read, update and delete JWT roles. */
import type { PathDef } from "../../../logical/framework.js";
import { rolePaths as storedRolePaths } from "../../common/record-paths.js";
import { applyRoleWrite, type JwtRoleStore, roleFields, roleView } from "../role.js";

/** Role names are case-insensitive, as in Vault's JWT method. */
export const roleKey = (name: string): string => name.toLowerCase();

export function rolePaths(roles: JwtRoleStore): PathDef[] {
  return storedRolePaths({
    roles,
    fields: roleFields,
    apply: applyRoleWrite,
    view: roleView,
    key: roleKey,
    help: "A role binds JWT claims (audience, subject, claims) to token policies and settings.",
  });
}
