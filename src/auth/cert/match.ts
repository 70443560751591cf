/**
 * Which role a presented certificate chain logs in to: the role named by the client, or else the
 * first role (by name) whose trusted certificates validate the chain and whose constraints the
 * leaf meets. Refusals are 400s with Vault's messages, plus the reason a chain was invalid.
 */
import { InvalidRequestError } from "../../errors.js";
import {
  CertificateParseError,
  type ParsedCertificate,
  parseCertificate,
  parsePemCertificates,
} from "./certificate.js";
import { validateChain } from "./chain.js";
import { unmetConstraint } from "./constraints.js";
import type { CertRole, CertRoleStore } from "./role-store.js";

/** More certificates than this in one presented chain are refused outright. */
const MAX_PRESENTED = 10;

export const UNTRUSTED = "invalid certificate or no client certificate supplied";
export const UNMATCHED = "no chain matching all constraints could be found for this login certificate";

export interface RoleMatch {
  name: string;
  role: CertRole;
  leaf: ParsedCertificate;
  /** leaf first, then the intermediates used, then the trust anchor (a pinned leaf: just the leaf). */
  chain: ParsedCertificate[];
}

/** The client's DER chain (leaf first), parsed; a 400 when absent or malformed. */
export function presentedChain(der: readonly Uint8Array[] | undefined): ParsedCertificate[] {
  if (der === undefined || der.length === 0)
    throw new InvalidRequestError("client certificate must be supplied");
  if (der.length > MAX_PRESENTED) throw new InvalidRequestError(UNTRUSTED);
  try {
    return der.map((d) => parseCertificate(d));
  } catch (err) {
    if (err instanceof CertificateParseError) throw new InvalidRequestError(UNTRUSTED);
    throw err;
  }
}

/** A role's stored PEM, parsed (a role written before validation existed could hold anything). */
function trustedOf(role: CertRole): ParsedCertificate[] {
  try {
    return parsePemCertificates(role.certificate);
  } catch {
    return [];
  }
}

/** Tries one role; returns the match, or the reason it failed ("constraints" or a chain problem). */
export function tryRole(
  name: string,
  role: CertRole,
  presented: readonly ParsedCertificate[],
  now: number,
): RoleMatch | { failure: "untrusted" | "constraints"; reason?: string } {
  const [leaf, ...others] = presented;
  const result = validateChain(leaf, others, trustedOf(role), now);
  if (!result.ok) return { failure: "untrusted", reason: result.reason };
  const unmet = unmetConstraint(leaf, role);
  if (unmet) return { failure: "constraints", reason: unmet };
  return { name, role, leaf, chain: result.chain };
}

/** The role this chain logs in to, or a 400 that says why none does. */
export async function matchRole(
  roles: CertRoleStore,
  presented: readonly ParsedCertificate[],
  roleName: string | undefined,
  now: number,
): Promise<RoleMatch> {
  const names = roleName === undefined ? (await roles.list()).sort() : [roleName];
  let constraintsFailed = false;
  let reason: string | undefined;
  for (const name of names) {
    const role = await roles.get(name);
    if (!role) continue;
    const outcome = tryRole(name, role, presented, now);
    if ("role" in outcome) return outcome;
    if (outcome.failure === "constraints") constraintsFailed = true;
    else reason ??= outcome.reason;
  }
  if (constraintsFailed) throw new InvalidRequestError(UNMATCHED);
  if (reason) throw new InvalidRequestError(`failed to verify client's certificate: ${reason}`);
  throw new InvalidRequestError(UNTRUSTED);
}
