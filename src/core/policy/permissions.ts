/**
 * The compiled permissions of one path pattern, and how stanzas with identical pattern strings
 * from several policies merge (vault-api-core 4.6): capabilities OR-ed; any deny makes the pattern
 * deny-only; wrapping bounds take the lowest non-zero min and max; allowed/denied parameter value
 * lists are concatenated per name, an empty list (any value) on either side winning; required
 * parameters are unioned.
 */
import type { HclValue } from "../../hcl/index.js";
import { CAPABILITY_BITS, capabilityBits, DENY } from "./capabilities.js";
import type { PathRule } from "./types.js";

export type ParameterRules = Map<string, HclValue[]>;

export interface Permissions {
  bits: number;
  /** null = not restricted. */
  allowed: ParameterRules | null;
  denied: ParameterRules | null;
  required: string[];
  minWrap: number;
  maxWrap: number;
  /** capability bit -> names of the policies that grant it, in compile order. */
  granting: Map<number, string[]>;
}

function toRules(record: Record<string, HclValue[]> | undefined): ParameterRules | null {
  if (!record) return null;
  const m: ParameterRules = new Map();
  for (const name of Object.keys(record)) m.set(name, [...record[name]]);
  return m.size > 0 ? m : null;
}

function addGranting(granting: Map<number, string[]>, bits: number, policy: string): void {
  for (const bit of Object.values(CAPABILITY_BITS)) {
    if (!(bits & bit)) continue;
    const list = granting.get(bit);
    if (!list) granting.set(bit, [policy]);
    else if (!list.includes(policy)) list.push(policy);
  }
}

export function newPermissions(rule: PathRule, policy: string): Permissions {
  const bits = capabilityBits(rule.capabilities);
  const granting = new Map<number, string[]>();
  addGranting(granting, bits, policy);
  if (bits & DENY) {
    return { bits, allowed: null, denied: null, required: [], minWrap: 0, maxWrap: 0, granting };
  }
  return {
    bits,
    allowed: toRules(rule.allowedParameters),
    denied: toRules(rule.deniedParameters),
    required: [...rule.requiredParameters],
    minWrap: rule.minWrappingTTL,
    maxWrap: rule.maxWrappingTTL,
    granting,
  };
}

function lowestNonZero(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return Math.min(a, b);
}

function mergeRules(into: ParameterRules | null, from: ParameterRules | null): ParameterRules | null {
  if (!from) return into;
  if (!into) return new Map([...from].map(([k, v]) => [k, [...v]]));
  for (const [name, values] of from) {
    const existing = into.get(name);
    if (values.length === 0 || (existing !== undefined && existing.length === 0)) into.set(name, []);
    else into.set(name, [...values, ...(existing ?? [])]);
  }
  return into;
}

/** Merges a stanza with the same pattern string into existing permissions (mutates `into`). */
export function mergePermissions(into: Permissions, rule: PathRule, policy: string): void {
  if (into.bits & DENY) return;
  const add = newPermissions(rule, policy);
  if (add.bits & DENY) {
    into.bits = DENY;
    into.allowed = null;
    into.denied = null;
    into.required = [];
    into.minWrap = 0;
    into.maxWrap = 0;
    into.granting = add.granting;
    return;
  }
  into.bits |= add.bits;
  addGranting(into.granting, add.bits, policy);
  into.minWrap = lowestNonZero(into.minWrap, add.minWrap);
  into.maxWrap = lowestNonZero(into.maxWrap, add.maxWrap);
  into.allowed = mergeRules(into.allowed, add.allowed);
  into.denied = mergeRules(into.denied, add.denied);
  for (const r of add.required) if (!into.required.includes(r)) into.required.push(r);
}
