import { InvalidRequestError } from "../../errors.js";
import { calculateTTL, type MountTTLs } from "../expiration/ttl.js";
import { assertAssignable, isSubset, matchesAny, sanitizePolicies } from "./policies.js";
import { assertCustomTokenId } from "./token-strings.js";
import type { TokenEntry, TokenRole, TokenType } from "./types.js";

/** Parsed fields of auth/token/create* (durations in seconds; absent = not given). */
export interface CreateFields {
  id?: string;
  policies?: string[];
  meta?: Record<string, string>;
  no_parent?: boolean;
  no_default_policy?: boolean;
  renewable?: boolean;
  ttl?: number;
  lease?: number;
  explicit_max_ttl?: number;
  display_name?: string;
  num_uses?: number;
  period?: number;
  type?: string;
  entity_alias?: string;
}

export interface CreateContext {
  /** The calling token (a live, not used-up service or batch token). */
  parent: TokenEntry;
  /** Root, or `sudo` on the create path. */
  isSudo: boolean;
  /** auth/token/create-orphan (its ACL decides; no sudo needed). */
  orphanEndpoint: boolean;
  role: TokenRole | null;
  /** Path under auth/token/: "create", "create-orphan" or "create/<role>". */
  endpoint: string;
  /** auth/token/ mount TTLs. */
  ttls: MountTTLs;
  now: number;
  mountAccessor: string;
}

/** A token to mint: everything but its id, hash and accessor. */
export type TokenDraft = Omit<TokenEntry, "hash" | "accessor">;

export interface TokenPlan {
  draft: TokenDraft;
  /** Caller-chosen token id (root/sudo only). */
  id?: string;
  /** Entity alias to resolve into the token's entity (role tokens only). */
  entityAlias?: string;
  warnings: string[];
}

const bad = (message: string) => new InvalidRequestError(message);

function resolveType(fields: CreateFields, role: TokenRole | null): TokenType {
  let requested = fields.type ?? "";
  if (role) {
    if (role.tokenType === "default-batch" && requested === "") requested = "batch";
    if (role.tokenType === "service" || role.tokenType === "batch") requested = role.tokenType;
  }
  if (requested === "" || requested === "service") return "service";
  if (requested === "batch") return "batch";
  throw bad("invalid 'token_type' value");
}

function rolePolicies(fields: CreateFields, role: TokenRole, parent: TokenEntry): string[] {
  const addDefault =
    !fields.no_default_policy &&
    !role.tokenNoDefaultPolicy &&
    !matchesAny(role.disallowedPolicies, role.disallowedPoliciesGlob, "default");
  let policies = fields.policies?.length ? sanitizePolicies(fields.policies, addDefault) : [];
  if (role.allowedPolicies.length > 0 || role.allowedPoliciesGlob.length > 0) {
    const allowed = sanitizePolicies(role.allowedPolicies, addDefault);
    if (policies.length === 0) policies = allowed;
    else if (!policies.every((p) => matchesAny(allowed, role.allowedPoliciesGlob, p))) {
      throw bad(
        `token policies (${JSON.stringify(policies)}) must be subset of the role's allowed policies (${JSON.stringify(allowed)}) or glob policies (${JSON.stringify(role.allowedPoliciesGlob)})`,
      );
    }
  } else if (policies.length === 0) {
    policies = sanitizePolicies(parent.policies, addDefault);
  }
  for (const p of policies) {
    if (matchesAny(role.disallowedPolicies, role.disallowedPoliciesGlob, p)) {
      throw bad(`token policy "${p}" is disallowed by this role`);
    }
  }
  return policies;
}

function choosePolicies(fields: CreateFields, ctx: CreateContext): string[] {
  const { role, parent, isSudo } = ctx;
  let requested = fields.policies ?? [];
  let addDefault = false;
  const roleHasLists =
    role &&
    (role.allowedPolicies.length > 0 ||
      role.disallowedPolicies.length > 0 ||
      role.allowedPoliciesGlob.length > 0 ||
      role.disallowedPoliciesGlob.length > 0);
  if (role && roleHasLists) requested = rolePolicies(fields, role, parent);
  else if (requested.length === 0) requested = sanitizePolicies(parent.policies, false);
  else if (!isSudo) {
    if (!isSubset(sanitizePolicies(parent.policies, false), sanitizePolicies(requested, false))) {
      throw bad("child policies must be subset of parent");
    }
    addDefault = !fields.no_default_policy && parent.policies.includes("default");
  } else addDefault = !fields.no_default_policy;

  let policies = sanitizePolicies(requested, addDefault);
  if (fields.no_default_policy) policies = policies.filter((p) => p !== "default");
  return policies;
}

function lesser(requested: number, fromRole: number, what: string, warnings: string[]): number {
  if (fromRole === 0) return requested;
  if (requested === 0) return fromRole;
  const value = Math.min(requested, fromRole);
  warnings.push(
    `${what} specified both during creation call and in role; using the lesser value of ${value} seconds`,
  );
  return value;
}

/** Vault's token creation rules (auth/token/create*), as a pure function of the request. */
export function planToken(fields: CreateFields, ctx: CreateContext): TokenPlan {
  const { parent, role, isSudo, now } = ctx;
  const warnings: string[] = [];
  if (parent.type === "batch") throw bad("batch tokens cannot create more tokens");
  if (parent.numUses > 0) throw bad("restricted use token cannot generate child tokens");

  const type = resolveType(fields, role);
  let renewable = fields.renewable ?? true;
  const numUsesIn = fields.num_uses ?? 0;
  if (type === "batch") {
    for (const [name, value] of [
      ["explicit_max_ttl", fields.explicit_max_ttl ?? 0],
      ["num_uses", numUsesIn],
      ["period", fields.period ?? 0],
    ] as const) {
      if (value !== 0) throw bad(`batch tokens cannot have "${name}" set`);
    }
    renewable = false;
  }
  if (numUsesIn < 0) throw bad("number of uses cannot be negative");

  let entityAlias: string | undefined;
  if (fields.entity_alias) {
    if (!role) throw bad("'entity_alias' is only allowed in combination with token role");
    if (
      !matchesAny(role.allowedEntityAliases, role.allowedEntityAliases, fields.entity_alias.toLowerCase())
    ) {
      throw bad("invalid 'entity_alias' value");
    }
    entityAlias = fields.entity_alias;
  }

  let path = `auth/token/${ctx.endpoint}`;
  let numUses = numUsesIn;
  if (role) {
    renewable &&= role.renewable;
    if (role.tokenNumUses !== 0 && (numUses === 0 || role.tokenNumUses < numUses))
      numUses = role.tokenNumUses;
    if (role.pathSuffix !== "") path = `${path}/${role.pathSuffix}`;
  }

  let displayName = "token";
  if (fields.display_name) {
    displayName = `token-${fields.display_name}`.replace(/[^a-zA-Z0-9-]/g, "-").replace(/-$/, "");
  }

  let id: string | undefined;
  if (fields.id) {
    if (!isSudo) throw bad("root or sudo privileges required to specify token id");
    assertCustomTokenId(fields.id);
    id = fields.id;
  }

  const policies = choosePolicies(fields, ctx);
  assertAssignable(policies);
  const isRoot = policies.includes("root");
  if (isRoot && !parent.policies.includes("root")) {
    throw bad("root tokens may not be created without parent token being root");
  }
  if (isRoot && type === "batch") throw bad("batch tokens cannot be root tokens");

  let parentHash = parent.hash;
  let boundCIDRs: string[] = [];
  if (role) {
    if (role.orphan) parentHash = "";
    boundCIDRs = [...role.tokenBoundCIDRs];
  } else if (fields.no_parent) {
    if (!isSudo) throw bad("root or sudo privileges required to create orphan token");
    parentHash = "";
  } else if (ctx.orphanEndpoint) parentHash = "";
  const entityId = parentHash !== "" ? parent.entityId : "";
  if (parentHash !== "" && !role) boundCIDRs = [...parent.boundCIDRs];

  let explicitMaxTTL = fields.explicit_max_ttl ?? 0;
  let period = fields.period ?? 0;
  if (period > 0 && !isSudo) throw bad("root or sudo privileges required to create periodic token");
  let ttl = fields.ttl || fields.lease || 0;
  if (role && type !== "batch") {
    explicitMaxTTL = lesser(explicitMaxTTL, role.tokenExplicitMaxTTL, "Explicit max TTL", warnings);
    period = lesser(period, role.tokenPeriod, "Period", warnings);
  }
  if (period > 0 || ttl > 0 || !isRoot) {
    const calc = calculateTTL({
      ttls: ctx.ttls,
      increment: 0,
      backendTTL: ttl,
      period,
      backendMaxTTL: 0,
      explicitMaxTTL,
      startTime: now,
      now,
    });
    ttl = calc.ttl;
    warnings.push(...calc.warnings);
  }
  if (ttl === 0 && explicitMaxTTL > 0) ttl = explicitMaxTTL;
  if (ttl === 0) {
    if (parent.creationTTL !== 0) throw bad("expiring root tokens cannot create non-expiring root tokens");
    renewable = false;
    boundCIDRs = [];
  }

  const draft: TokenDraft = {
    parent: parentHash,
    policies,
    meta: fields.meta ?? null,
    displayName,
    numUses,
    creationTime: now,
    creationTTL: ttl,
    ttl,
    explicitMaxTTL,
    period,
    path,
    type,
    renewable,
    entityId,
    role: role?.name ?? "",
    boundCIDRs,
    internal: {},
    expireTime: ttl > 0 ? now + ttl * 1000 : 0,
    lastRenewal: 0,
    mountAccessor: ctx.mountAccessor,
  };
  return { draft, id, entityAlias, warnings };
}
