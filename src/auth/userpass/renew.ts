/** Renewal of a userpass login token: the user must still exist with the same policies. */
import { InvalidRequestError } from "../../errors.js";
import type { LogicalRequest, LogicalResponse } from "../../logical/types.js";
import { checkPoliciesUnchanged } from "../common/renewal.js";
import { tokenIssue } from "../common/token-fields.js";
import type { UserStore } from "./user-store.js";

export async function renewUserpassLogin(
  users: UserStore,
  req: LogicalRequest,
): Promise<LogicalResponse | null> {
  const internal = req.lease?.internal ?? {};
  const name = typeof internal.username === "string" ? internal.username : "";
  const user = name === "" ? null : await users.get(name);
  if (!user) throw new InvalidRequestError("user no longer exists, not renewing");
  checkPoliciesUnchanged(internal, user.token.policies);
  return {
    auth: {
      ...tokenIssue(user.token),
      metadata: { username: name },
      displayName: name,
      internal: { ...internal },
    },
  };
}
