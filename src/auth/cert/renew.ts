/**
 * Renewal of a cert login token: the role must still exist with the same policies, and the
 * certificate chain used at login (stored with the token) must still validate against the role's
 * current trusted certificates and constraints at the current time (so an expired certificate, a
 * replaced CA or a narrowed allowed_common_names ends renewal). Unless `disable_binding` is set,
 * the renewing request must also present, over TLS, a client certificate for the same key pair as
 * the login's: a stolen token alone cannot be kept alive.
 */
import { InvalidRequestError } from "../../errors.js";
import type { LogicalRequest, LogicalResponse } from "../../logical/types.js";
import type { Clock } from "../../util/clock.js";
import { checkPoliciesUnchanged } from "../common/renewal.js";
import { tokenIssue } from "../common/token-fields.js";
import type { ParsedCertificate } from "./certificate.js";
import { presentedChain, tryRole } from "./match.js";
import { loginMetadata } from "./paths/login.js";
import type { CertRoleStore } from "./role-store.js";

function storedChain(internal: Record<string, unknown>): Uint8Array[] {
  const chain = internal.chain;
  if (!Array.isArray(chain) || chain.some((c) => typeof c !== "string")) return [];
  return chain.map((c: string) => Buffer.from(c, "base64"));
}

/** The renewal's client certificate must hold the login certificate's public key. */
function checkBinding(login: ParsedCertificate, req: LogicalRequest): void {
  const presented = req.connection.peerCertificates;
  if (presented === undefined || presented.length === 0)
    throw new InvalidRequestError(
      "client certificate must be supplied to renew this token (it is bound to the login certificate)",
    );
  const [leaf] = presentedChain(presented);
  if (!spki(leaf).equals(spki(login)))
    throw new InvalidRequestError(
      "client identity during renewal not matching client identity used during login, not renewing",
    );
}

function spki(cert: ParsedCertificate): Buffer {
  return cert.x509.publicKey.export({ type: "spki", format: "der" });
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
  const loginChain = presentedChain(chain);
  if (!(await roles.config()).disableBinding) checkBinding(loginChain[0], req);
  const outcome = tryRole(name, role, loginChain, clock.now());
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
