/**
 * Renewal of an AppRole login token: the role must still exist (the same role, not one created
 * again under its name) with the same policies; its current token TTLs apply.
 */
import { InvalidRequestError } from "../../errors.js";
import type { LogicalRequest, LogicalResponse } from "../../logical/types.js";
import { checkPoliciesUnchanged } from "../common/renewal.js";
import { tokenIssue } from "../common/token-fields.js";
import type { RoleStore } from "./role-store.js";

export async function renewApproleLogin(roles: RoleStore, req: LogicalRequest): Promise<LogicalResponse> {
  const internal = req.lease?.internal ?? {};
  const name = typeof internal.role_name === "string" ? internal.role_name : "";
  const role = name === "" ? null : await roles.get(name);
  if (!role || role.key !== internal.role_key) {
    throw new InvalidRequestError("role no longer exists, not renewing");
  }
  checkPoliciesUnchanged(internal, role.token.policies);
  return {
    auth: {
      ...tokenIssue(role.token),
      metadata: {},
      displayName: "",
      internal: { ...internal },
    },
  };
}
