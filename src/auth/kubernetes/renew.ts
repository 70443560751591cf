/**
 * Renewal of a Kubernetes login token: the role must still exist, grant the same policies and
 * still admit the service account's namespace and name; the token gets the role's current TTLs.
 */
import { InvalidRequestError } from "../../errors.js";
import type { LogicalRequest, LogicalResponse } from "../../logical/types.js";
import { LoginRefusal } from "../common/login-refusal.js";
import { checkPoliciesUnchanged } from "../common/renewal.js";
import { tokenIssue } from "../common/token-fields.js";
import type { KubernetesRoleStore } from "./role.js";
import { checkBindings } from "./service-account.js";

export async function renewKubernetesLogin(
  roles: KubernetesRoleStore,
  req: LogicalRequest,
): Promise<LogicalResponse | null> {
  const internal = req.lease?.internal ?? {};
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  const role = str(internal.role) === "" ? null : await roles.get(str(internal.role));
  if (!role) throw new InvalidRequestError("role no longer exists, not renewing");
  checkPoliciesUnchanged(internal, role.token.policies);
  try {
    checkBindings(role, { namespace: str(internal.namespace), name: str(internal.name) });
  } catch (err) {
    if (err instanceof LoginRefusal)
      throw new InvalidRequestError("the role no longer admits this service account, not renewing");
    throw err;
  }
  return { auth: { ...tokenIssue(role.token), metadata: {}, displayName: "", internal: { ...internal } } };
}
