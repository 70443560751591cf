/**
 * Renewal of a JWT login token: the role must still exist, still be a `jwt` role and still grant
 * the same policies; the token then gets the role's current TTLs.
 */
import { InvalidRequestError } from "../../errors.js";
import type { LogicalRequest, LogicalResponse } from "../../logical/types.js";
import { checkPoliciesUnchanged } from "../common/renewal.js";
import { tokenIssue } from "../common/token-fields.js";
import type { JwtRoleStore } from "./role.js";

export async function renewJwtLogin(
  roles: JwtRoleStore,
  req: LogicalRequest,
): Promise<LogicalResponse | null> {
  const internal = req.lease?.internal ?? {};
  const name = typeof internal.role === "string" ? internal.role : "";
  const role = name === "" ? null : await roles.get(name);
  if (role?.roleType !== "jwt") throw new InvalidRequestError("role no longer exists, not renewing");
  checkPoliciesUnchanged(internal, role.token.policies);
  return {
    auth: { ...tokenIssue(role.token), metadata: {}, displayName: "", internal: { ...internal } },
  };
}
