/**
 * JWT roles (`role/<name>`): which tokens may log in (audiences, subject, claims, leeways) and
 * what token they get (token_* settings, metadata from claim_mappings). Validation follows
 * Vault: a user claim is required, a `jwt` role needs at least one bound constraint, an `oidc`
 * role (the browser login, paths/oidc.ts) needs allowed_redirect_uris.
 */
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import type { StorageView } from "../../logical/types.js";
import { JsonRecordStore } from "../common/record-store.js";
import {
  applyTokenFields,
  DEFAULT_TOKEN_SETTINGS,
  type TokenFieldValues,
  type TokenSettings,
  tokenFields,
  tokenFieldsView,
} from "../common/token-fields.js";
import type { BoundClaimScalar, BoundClaimValue, ClaimRules } from "./claims.js";

export interface JwtRole extends ClaimRules {
  roleType: "jwt" | "oidc";
  claimMappings: Record<string, string>;
  userClaim: string;
  userClaimJsonPointer: boolean;
  groupsClaim: string;
  allowedRedirectUris: string[];
  oidcScopes: string[];
  token: TokenSettings;
}

export const roleFields = {
  name: field.str(),
  role_type: field.str().optional(),
  bound_audiences: field.strings().optional(),
  bound_subject: field.str().optional(),
  bound_claims: field.object().optional(),
  bound_claims_type: field.str().optional(),
  claim_mappings: field.stringMap().optional(),
  user_claim: field.str().optional(),
  user_claim_json_pointer: field.bool().optional(),
  groups_claim: field.str().optional(),
  clock_skew_leeway: field.duration({ signed: true }).optional(),
  expiration_leeway: field.duration({ signed: true }).optional(),
  not_before_leeway: field.duration({ signed: true }).optional(),
  allowed_redirect_uris: field.strings().optional(),
  oidc_scopes: field.strings().optional(),
  ...tokenFields,
};

export interface RoleFieldValues extends TokenFieldValues {
  role_type?: string;
  bound_audiences?: string[];
  bound_subject?: string;
  bound_claims?: Record<string, unknown>;
  bound_claims_type?: string;
  claim_mappings?: Record<string, string>;
  user_claim?: string;
  user_claim_json_pointer?: boolean;
  groups_claim?: string;
  clock_skew_leeway?: number;
  expiration_leeway?: number;
  not_before_leeway?: number;
  allowed_redirect_uris?: string[];
  oidc_scopes?: string[];
}

const NEW_ROLE: JwtRole = {
  roleType: "oidc",
  boundAudiences: [],
  boundSubject: "",
  boundClaims: {},
  boundClaimsType: "string",
  claimMappings: {},
  userClaim: "",
  userClaimJsonPointer: false,
  groupsClaim: "",
  clockSkewLeeway: 0,
  expirationLeeway: 0,
  notBeforeLeeway: 0,
  allowedRedirectUris: [],
  oidcScopes: [],
  token: DEFAULT_TOKEN_SETTINGS,
};

const bad = (msg: string) => new InvalidRequestError(msg);
const isScalar = (v: unknown): v is BoundClaimScalar =>
  typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean";

function parseBoundClaims(
  raw: Record<string, unknown>,
  type: "string" | "glob",
): Record<string, BoundClaimValue> {
  const entries = Object.entries(raw);
  if (entries.length > 64) throw bad('"bound_claims" may hold at most 64 claims');
  const out: Record<string, BoundClaimValue> = {};
  for (const [name, value] of entries) {
    if (name === "") throw bad('"bound_claims" has an empty claim name');
    const values = Array.isArray(value) ? value : [value];
    if (values.length === 0 || !values.every(isScalar)) {
      throw bad(`bound claim "${name.slice(0, 64)}" must be a string, number, boolean or a list of them`);
    }
    if (type === "glob" && !values.every((v) => typeof v === "string")) {
      throw bad(
        `bound claim "${name.slice(0, 64)}" must be a string or a list of strings with bound_claims_type=glob`,
      );
    }
    out[name] = Array.isArray(value) ? (values as BoundClaimScalar[]) : (value as BoundClaimScalar);
  }
  return out;
}

function parseClaimMappings(raw: Record<string, string>): Record<string, string> {
  const targets = new Set<string>();
  for (const [source, target] of Object.entries(raw)) {
    if (source === "" || target === "") throw bad('"claim_mappings" entries need a claim and a metadata key');
    if (target === "role") throw bad('metadata key "role" is reserved and may not be a mapping destination');
    if (targets.has(target)) throw bad(`multiple keys are mapped to metadata key "${target.slice(0, 64)}"`);
    targets.add(target);
  }
  return { ...raw };
}

/** The role after a write (create when `existing` is null); 400 on anything invalid. */
export function applyRoleWrite(existing: JwtRole | null, f: RoleFieldValues): JwtRole {
  const role: JwtRole = { ...(existing ?? NEW_ROLE) };
  if (f.role_type !== undefined) {
    const type = f.role_type === "" ? "oidc" : f.role_type;
    if (type !== "jwt" && type !== "oidc") throw bad(`invalid 'role_type': ${type.slice(0, 20)}`);
    role.roleType = type;
  }
  if (f.bound_claims_type !== undefined) {
    const type = f.bound_claims_type === "" ? "string" : f.bound_claims_type;
    if (type !== "string" && type !== "glob") throw bad(`invalid 'bound_claims_type': ${type.slice(0, 20)}`);
    role.boundClaimsType = type;
  }
  if (f.bound_claims !== undefined) role.boundClaims = parseBoundClaims(f.bound_claims, role.boundClaimsType);
  else if (f.bound_claims_type !== undefined)
    role.boundClaims = parseBoundClaims(role.boundClaims, role.boundClaimsType);
  if (f.claim_mappings !== undefined) role.claimMappings = parseClaimMappings(f.claim_mappings);
  if (f.bound_audiences !== undefined)
    role.boundAudiences = [...new Set(f.bound_audiences.filter((a) => a !== ""))];
  if (f.bound_subject !== undefined) role.boundSubject = f.bound_subject;
  if (f.user_claim !== undefined) role.userClaim = f.user_claim.trim();
  if (f.user_claim_json_pointer !== undefined) role.userClaimJsonPointer = f.user_claim_json_pointer;
  if (f.groups_claim !== undefined) role.groupsClaim = f.groups_claim.trim();
  if (f.clock_skew_leeway !== undefined) role.clockSkewLeeway = f.clock_skew_leeway;
  if (f.expiration_leeway !== undefined) role.expirationLeeway = f.expiration_leeway;
  if (f.not_before_leeway !== undefined) role.notBeforeLeeway = f.not_before_leeway;
  if (f.allowed_redirect_uris !== undefined) role.allowedRedirectUris = f.allowed_redirect_uris;
  if (f.oidc_scopes !== undefined) role.oidcScopes = f.oidc_scopes;
  role.token = applyTokenFields(role.token, f);
  if (role.userClaim === "") throw bad("a user claim must be defined on the role");
  if (role.roleType === "oidc" && role.allowedRedirectUris.length === 0) {
    throw bad("'allowed_redirect_uris' must be set if 'role_type' is 'oidc' or unspecified.");
  }
  const constrained =
    role.boundAudiences.length > 0 ||
    role.token.boundCIDRs.length > 0 ||
    role.boundSubject !== "" ||
    Object.keys(role.boundClaims).length > 0;
  if (role.roleType === "jwt" && !constrained) {
    throw bad("must have at least one bound constraint when creating/updating a role");
  }
  return role;
}

export function roleView(r: JwtRole): Record<string, unknown> {
  return {
    role_type: r.roleType,
    bound_audiences: r.boundAudiences,
    bound_subject: r.boundSubject,
    bound_claims: r.boundClaims,
    bound_claims_type: r.boundClaimsType,
    claim_mappings: r.claimMappings,
    user_claim: r.userClaim,
    user_claim_json_pointer: r.userClaimJsonPointer,
    groups_claim: r.groupsClaim,
    clock_skew_leeway: r.clockSkewLeeway,
    expiration_leeway: r.expirationLeeway,
    not_before_leeway: r.notBeforeLeeway,
    allowed_redirect_uris: r.allowedRedirectUris,
    oidc_scopes: r.oidcScopes,
    ...tokenFieldsView(r.token),
  };
}

/** Roles under `role/<name>`; callers pass the lower-cased name (roleKey). */
export class JwtRoleStore extends JsonRecordStore<JwtRole> {
  constructor(storage: StorageView) {
    super(storage, "role/");
  }
}
