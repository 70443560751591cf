/**
 * Renewal of a cert login token: the role must still exist with the same policies, and the
 * certificate chain used at login must still validate against the role's current trusted
 * certificates and constraints at the current time (so an expired certificate, a replaced CA or
 * a narrowed allowed_common_names ends renewal). The renewal request carries no TLS connection
 * state here, so the chain is the one stored with the token at login.
 */
import { InvalidRequestError } from "../../errors.js";
import type { LogicalRequest, LogicalResponse } from "../../logical/types.js";
import type { Clock } from "../../util/clock.js";
import { checkPoliciesUnchanged } from "../common/renewal.js";
import { tokenIssue } from "../common/token-fields.js";
import { presentedChain, tryRole } from "./match.js";
import { loginMetadata } from "./paths/login.js";
import type { CertRoleStore } from "./role-store.js";

function storedChain(internal: Record<string, unknown>): Uint8Array[] {
  const chain = internal.chain;
  if (!Array.isArray(chain) || chain.some((c) => typeof c !== "string")) return [];
  return chain.map((c: string) => Buffer.from(c, "base64"));
}

export async function renewCertLogin(
  roles: CertRoleStore,
  clock: Clock,
  req: LogicalRequest,
): Promise<LogicalResponse | null> {
  const internal = req.lease?.internal ?? {};
  const name = typeof internal.cert_name === "string" ? internal.cert_name : "";
  const role = name === "" ? null : await roles.get(name);
  if (!role) throw new InvalidRequestError("certificate role no longer exists, not renewing");
  checkPoliciesUnchanged(internal, role.token.policies);
  const chain = storedChain(internal);
  if (chain.length === 0)
    throw new InvalidRequestError("no login certificate stored with this token, not renewing");
  const outcome = tryRole(name, role, presentedChain(chain), clock.now());
  if (!("role" in outcome)) {
    const why = outcome.reason ? `: ${outcome.reason}` : "";
    throw new InvalidRequestError(`the login certificate no longer matches the role${why}, not renewing`);
  }
  return {
    auth: {
      ...tokenIssue(role.token),
      metadata: loginMetadata(outcome),
      displayName: role.displayName,
      internal: { ...internal },
    },
  };
}
