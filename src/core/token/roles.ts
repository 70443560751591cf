import { InvalidRequestError } from "../../errors.js";
import type { StorageView } from "../../logical/types.js";
import { parseCIDRs } from "./cidr.js";
import { dedupeLower, sanitizePolicies } from "./policies.js";
import type { RoleTokenType, TokenRole } from "./types.js";

/** Vault's GenericNameRegex, as a pattern source for paths. */
export const ROLE_NAME_PATTERN = "\\w(?:[\\w.-]*\\w)?";
const PATH_SUFFIX_SEGMENT = /^\w(?:[\w.-]*\w)?$/;
const TOKEN_TYPES: readonly RoleTokenType[] = ["service", "batch", "default-service", "default-batch"];

/** The fields of a role write, as parsed by the roles path (all optional: updates change only what is given). */
export interface RoleWrite {
  allowed_policies?: string[];
  disallowed_policies?: string[];
  allowed_policies_glob?: string[];
  disallowed_policies_glob?: string[];
  orphan?: boolean;
  renewable?: boolean;
  path_suffix?: string;
  allowed_entity_aliases?: string[];
  token_bound_cidrs?: string[];
  bound_cidrs?: string[];
  token_explicit_max_ttl?: number;
  explicit_max_ttl?: number;
  token_no_default_policy?: boolean;
  token_num_uses?: number;
  token_period?: number;
  period?: number;
  token_type?: string;
}

export function emptyRole(name: string): TokenRole {
  return {
    name,
    allowedPolicies: [],
    disallowedPolicies: [],
    allowedPoliciesGlob: [],
    disallowedPoliciesGlob: [],
    orphan: false,
    renewable: true,
    pathSuffix: "",
    allowedEntityAliases: [],
    tokenBoundCIDRs: [],
    tokenExplicitMaxTTL: 0,
    tokenNoDefaultPolicy: false,
    tokenNumUses: 0,
    tokenPeriod: 0,
    tokenType: "default-service",
    legacyPeriod: 0,
    legacyExplicitMaxTTL: 0,
    legacyBoundCIDRs: [],
  };
}

function assertPathSuffix(suffix: string): void {
  if (suffix === "") return;
  if (suffix.includes("..") || !suffix.split("/").every((seg) => PATH_SUFFIX_SEGMENT.test(seg))) {
    throw new InvalidRequestError(
      "given role path suffix contains invalid characters; must be segments matching \\w[\\w-.]*\\w",
    );
  }
}

/** Applies a write to a role (or a new one), validating everything first. */
export function applyRoleWrite(
  current: TokenRole,
  w: RoleWrite,
  systemMaxTTL: number,
): { role: TokenRole; warnings: string[] } {
  const warnings: string[] = [];
  const role: TokenRole = { ...current };
  if (w.allowed_policies) role.allowedPolicies = sanitizePolicies(w.allowed_policies, false);
  if (w.disallowed_policies) role.disallowedPolicies = dedupeLower(w.disallowed_policies);
  if (w.allowed_policies_glob) role.allowedPoliciesGlob = dedupeLower(w.allowed_policies_glob);
  if (w.disallowed_policies_glob) role.disallowedPoliciesGlob = dedupeLower(w.disallowed_policies_glob);
  if (w.orphan !== undefined) role.orphan = w.orphan;
  if (w.renewable !== undefined) role.renewable = w.renewable;
  if (w.path_suffix !== undefined) {
    assertPathSuffix(w.path_suffix);
    role.pathSuffix = w.path_suffix;
  }
  if (w.allowed_entity_aliases) role.allowedEntityAliases = dedupeLower(w.allowed_entity_aliases);
  if (w.token_no_default_policy !== undefined) role.tokenNoDefaultPolicy = w.token_no_default_policy;
  if (w.token_num_uses !== undefined) {
    if (w.token_num_uses < 0) throw new InvalidRequestError("'token_num_uses' cannot be negative");
    role.tokenNumUses = w.token_num_uses;
  }
  if (w.token_type !== undefined) {
    if (!TOKEN_TYPES.includes(w.token_type as RoleTokenType)) {
      throw new InvalidRequestError(`invalid 'token_type' value "${w.token_type}"`);
    }
    role.tokenType = w.token_type as RoleTokenType;
  }

  const both = (name: string) =>
    warnings.push(
      `Both 'token_${name}' and deprecated '${name}' value supplied, ignoring the deprecated value`,
    );
  if (w.token_period !== undefined) {
    if (w.period !== undefined) both("period");
    role.tokenPeriod = w.token_period;
    role.legacyPeriod = 0;
  } else if (w.period !== undefined) {
    role.tokenPeriod = role.legacyPeriod = w.period;
  }
  if (w.token_explicit_max_ttl !== undefined) {
    if (w.explicit_max_ttl !== undefined) both("explicit_max_ttl");
    role.tokenExplicitMaxTTL = w.token_explicit_max_ttl;
    role.legacyExplicitMaxTTL = 0;
  } else if (w.explicit_max_ttl !== undefined) {
    role.tokenExplicitMaxTTL = role.legacyExplicitMaxTTL = w.explicit_max_ttl;
  }
  if (w.token_bound_cidrs !== undefined) {
    if (w.bound_cidrs !== undefined) both("bound_cidrs");
    role.tokenBoundCIDRs = parseCIDRs(w.token_bound_cidrs, "token_bound_cidrs");
    role.legacyBoundCIDRs = [];
  } else if (w.bound_cidrs !== undefined) {
    role.tokenBoundCIDRs = role.legacyBoundCIDRs = parseCIDRs(w.bound_cidrs, "bound_cidrs");
  }

  if (role.tokenExplicitMaxTTL > systemMaxTTL) {
    warnings.push(
      `Given explicit max TTL of ${role.tokenExplicitMaxTTL} is greater than system/mount allowed value of ${systemMaxTTL} seconds; until this is fixed attempting to create tokens against this role will result in an error`,
    );
  }
  if (role.tokenType === "batch") {
    const bad = (what: string) =>
      new InvalidRequestError(`'token_type' cannot be 'batch' when role is set to ${what}`);
    if (!role.orphan) throw bad("generate non-orphan tokens");
    if (role.tokenPeriod !== 0) throw bad("generate periodic tokens");
    if (role.renewable) throw bad("generate renewable tokens");
    if (role.tokenExplicitMaxTTL !== 0) throw bad("generate tokens with an explicit max TTL");
  }
  return { role, warnings };
}

/** Vault's role read data. */
export function roleData(role: TokenRole): Record<string, unknown> {
  const data: Record<string, unknown> = {
    name: role.name,
    allowed_policies: role.allowedPolicies,
    disallowed_policies: role.disallowedPolicies,
    allowed_policies_glob: role.allowedPoliciesGlob,
    disallowed_policies_glob: role.disallowedPoliciesGlob,
    orphan: role.orphan,
    renewable: role.renewable,
    path_suffix: role.pathSuffix,
    allowed_entity_aliases: role.allowedEntityAliases,
    token_explicit_max_ttl: role.tokenExplicitMaxTTL,
    explicit_max_ttl: role.legacyExplicitMaxTTL,
    token_no_default_policy: role.tokenNoDefaultPolicy,
    token_period: role.tokenPeriod,
    period: role.legacyPeriod,
    token_type: role.tokenType,
  };
  if (role.tokenBoundCIDRs.length > 0) data.token_bound_cidrs = role.tokenBoundCIDRs;
  if (role.legacyBoundCIDRs.length > 0) data.bound_cidrs = role.legacyBoundCIDRs;
  if (role.tokenNumUses > 0) data.token_num_uses = role.tokenNumUses;
  return data;
}

/** Roles under `roles/<name>`. */
export class RoleStore {
  constructor(private readonly view: StorageView) {}

  get(name: string): Promise<TokenRole | null> {
    return this.view.getJSON<TokenRole>(`roles/${name}`);
  }

  put(role: TokenRole): Promise<void> {
    return this.view.putJSON(`roles/${role.name}`, role);
  }

  delete(name: string): Promise<void> {
    return this.view.delete(`roles/${name}`);
  }

  async list(): Promise<string[]> {
    return (await this.view.list("roles/")).filter((k) => !k.endsWith("/"));
  }
}
