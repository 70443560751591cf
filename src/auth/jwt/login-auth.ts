/**
 * From verified claims to a login: the time, issuer, audience, subject and bound-claim checks of
 * a role, then the user claim, claim_mappings and groups. Shared by the JWT login and the OIDC
 * browser login's ID token. Refusals are LoginRefusals (the caller answers them generically).
 */
import type { LogicalResponse } from "../../logical/types.js";
import { tokenIssue } from "../common/token-fields.js";
import {
  checkAudience,
  checkBoundClaims,
  checkIssuer,
  checkSubject,
  checkTimes,
  claimMetadata,
  groupNames,
  userName,
} from "./claims.js";
import type { JwtRole } from "./role.js";

export interface ClaimsCheck {
  claims: Record<string, unknown>;
  nowSec: number;
  boundIssuer: string;
  discoveredIssuer?: string;
  /** The audiences a token must carry one of ([] = any, as a jwt role without bound_audiences). */
  audiences: readonly string[];
}

export function loginFromClaims(role: JwtRole, roleName: string, c: ClaimsCheck): LogicalResponse {
  const { claims } = c;
  checkTimes(claims, c.nowSec, role);
  checkIssuer(claims, c.boundIssuer, c.discoveredIssuer);
  checkAudience(claims, c.audiences);
  checkSubject(claims, role.boundSubject);
  checkBoundClaims(claims, role.boundClaims, role.boundClaimsType);
  const name = userName(claims, role.userClaim, role.userClaimJsonPointer);
  const mapped = claimMetadata(claims, role.claimMappings);
  const groups = groupNames(claims, role.groupsClaim);
  return {
    auth: {
      ...tokenIssue(role.token),
      metadata: { ...mapped, role: roleName },
      displayName: name,
      alias: { name, metadata: mapped },
      ...(role.groupsClaim !== "" ? { groupAliases: groups } : {}),
      internal: { role: roleName, policies: role.token.policies },
    },
  };
}
