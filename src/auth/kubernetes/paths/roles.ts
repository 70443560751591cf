/** `role/` and `role/<name>`: list, create, read, update and delete Kubernetes roles. */
import type { PathDef } from "../../../logical/framework.js";
import { rolePaths as storedRolePaths } from "../../common/record-paths.js";
import { applyRoleWrite, type KubernetesRoleStore, roleFields, roleView } from "../role.js";

export function rolePaths(roles: KubernetesRoleStore): PathDef[] {
  return storedRolePaths({
    roles,
    fields: roleFields,
    apply: applyRoleWrite,
    view: roleView,
    help: "A role binds service account names and namespaces (and an audience) to token settings.",
  });
}
