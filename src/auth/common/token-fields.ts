/**
 * The token_* settings every auth method's role or user carries (Vault's tokenutil): field
 * schemas, applying a write, the read view, and the AuthIssue a login returns from them.
 */
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import type { AuthIssue } from "../../logical/types.js";
import { parseCIDRList } from "./cidr.js";

export type LoginTokenType = "default" | "service" | "batch" | "default-service" | "default-batch";
const TOKEN_TYPES: readonly string[] = ["default", "service", "batch", "default-service", "default-batch"];

export interface TokenSettings {
  policies: string[];
  ttl: number;
  maxTTL: number;
  period: number;
  explicitMaxTTL: number;
  numUses: number;
  boundCIDRs: string[];
  noDefaultPolicy: boolean;
  type: LoginTokenType;
}

export const DEFAULT_TOKEN_SETTINGS: TokenSettings = {
  policies: [],
  ttl: 0,
  maxTTL: 0,
  period: 0,
  explicitMaxTTL: 0,
  numUses: 0,
  boundCIDRs: [],
  noDefaultPolicy: false,
  type: "default",
};

/** Field schemas, including the legacy names Vault still accepts (policies, bound_cidrs, ttl, max_ttl, period). */
export const tokenFields = {
  token_policies: field.strings().optional(),
  policies: field.strings().optional(),
  token_ttl: field.duration().optional(),
  ttl: field.duration().optional(),
  token_max_ttl: field.duration().optional(),
  max_ttl: field.duration().optional(),
  token_period: field.duration().optional(),
  period: field.duration().optional(),
  token_explicit_max_ttl: field.duration().optional(),
  token_num_uses: field.int().optional(),
  token_bound_cidrs: field.strings().optional(),
  bound_cidrs: field.strings().optional(),
  token_no_default_policy: field.bool().optional(),
  token_type: field.str().optional(),
};

export type TokenFieldValues = {
  [K in keyof typeof tokenFields]?: K extends
    | "token_policies"
    | "policies"
    | "token_bound_cidrs"
    | "bound_cidrs"
    ? string[]
    : K extends "token_no_default_policy"
      ? boolean
      : K extends "token_type"
        ? string
        : number;
};

function pick<T>(
  name: string,
  current: T | undefined,
  legacyName: string,
  legacy: T | undefined,
): T | undefined {
  if (current !== undefined && legacy !== undefined) {
    throw new InvalidRequestError(`"${name}" and "${legacyName}" cannot both be given`);
  }
  return current ?? legacy;
}

/**
 * Policy names: trimmed, lower-cased, de-duplicated, sorted; empty entries dropped. `root` is
 * refused: no login may ever carry it (the core refuses such a login too), so attaching it to a
 * user or role is always a mistake, whoever makes it.
 */
export function cleanPolicies(list: readonly string[]): string[] {
  const out = [...new Set(list.map((p) => p.trim().toLowerCase()).filter((p) => p !== ""))].sort();
  if (out.includes("root")) {
    throw new InvalidRequestError('the "root" policy cannot be attached to an auth method\'s logins');
  }
  return out;
}

/** The settings after a write; every value is validated before anything is returned. */
export function applyTokenFields(base: TokenSettings, f: TokenFieldValues): TokenSettings {
  const out: TokenSettings = { ...base };
  const policies = pick("token_policies", f.token_policies, "policies", f.policies);
  if (policies !== undefined) out.policies = cleanPolicies(policies);
  const ttl = pick("token_ttl", f.token_ttl, "ttl", f.ttl);
  if (ttl !== undefined) out.ttl = ttl;
  const maxTTL = pick("token_max_ttl", f.token_max_ttl, "max_ttl", f.max_ttl);
  if (maxTTL !== undefined) out.maxTTL = maxTTL;
  const period = pick("token_period", f.token_period, "period", f.period);
  if (period !== undefined) out.period = period;
  if (f.token_explicit_max_ttl !== undefined) out.explicitMaxTTL = f.token_explicit_max_ttl;
  if (f.token_num_uses !== undefined) {
    if (f.token_num_uses < 0) throw new InvalidRequestError('"token_num_uses" cannot be negative');
    out.numUses = f.token_num_uses;
  }
  const cidrs = pick("token_bound_cidrs", f.token_bound_cidrs, "bound_cidrs", f.bound_cidrs);
  if (cidrs !== undefined) out.boundCIDRs = parseCIDRList(cidrs, "token_bound_cidrs");
  if (f.token_no_default_policy !== undefined) out.noDefaultPolicy = f.token_no_default_policy;
  if (f.token_type !== undefined) {
    const type = f.token_type === "" ? "default" : f.token_type;
    if (!TOKEN_TYPES.includes(type))
      throw new InvalidRequestError(`invalid "token_type" value "${type.slice(0, 20)}"`);
    out.type = type as LoginTokenType;
  }
  if (out.maxTTL > 0 && out.ttl > out.maxTTL) {
    throw new InvalidRequestError('"token_ttl" cannot be greater than "token_max_ttl"');
  }
  if (out.type === "batch" && (out.period > 0 || out.explicitMaxTTL > 0 || out.numUses > 0)) {
    throw new InvalidRequestError(
      "batch tokens cannot have a period, an explicit max TTL or a number of uses",
    );
  }
  return out;
}

/** The read view (Vault's token_* keys, durations in seconds). */
export function tokenFieldsView(s: TokenSettings): Record<string, unknown> {
  return {
    token_policies: s.policies,
    policies: s.policies,
    token_ttl: s.ttl,
    token_max_ttl: s.maxTTL,
    token_period: s.period,
    token_explicit_max_ttl: s.explicitMaxTTL,
    token_num_uses: s.numUses,
    token_bound_cidrs: s.boundCIDRs,
    token_no_default_policy: s.noDefaultPolicy,
    token_type: s.type,
  };
}

/** The token part of a login's AuthIssue; the method adds names, metadata and internal data. */
export function tokenIssue(s: TokenSettings): Omit<AuthIssue, "metadata" | "displayName" | "internal"> {
  const type = s.type === "service" || s.type === "batch" ? s.type : "default";
  return {
    policies: [...s.policies],
    ttl: s.ttl,
    maxTTL: s.maxTTL,
    period: s.period,
    explicitMaxTTL: s.explicitMaxTTL,
    numUses: s.numUses,
    renewable: type !== "batch",
    tokenType: type,
    boundCIDRs: [...s.boundCIDRs],
    noDefaultPolicy: s.noDefaultPolicy,
  };
}
