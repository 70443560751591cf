import { InvalidRequestError } from "../../errors.js";

/** Policies no token may carry. */
const NON_ASSIGNABLE = new Set(["response-wrapping", "control-group"]);

/**
 * Vault's policy list normalisation: trim, lower-case, drop empties, dedupe, sort; `default`
 * added when asked; a list holding `root` collapses to `["root"]`.
 */
export function sanitizePolicies(policies: readonly string[], addDefault: boolean): string[] {
  const set = new Set(policies.map((p) => p.trim().toLowerCase()).filter((p) => p !== ""));
  if (set.has("root")) return ["root"];
  if (addDefault) set.add("default");
  return [...set].sort();
}

/** Trim, lower-case, dedupe and sort, without any `default`/`root` rule (disallowed lists). */
export function dedupeLower(values: readonly string[]): string[] {
  return [...new Set(values.map((p) => p.trim().toLowerCase()).filter((p) => p !== ""))].sort();
}

export function assertAssignable(policies: readonly string[]): void {
  for (const p of policies) {
    if (NON_ASSIGNABLE.has(p)) throw new InvalidRequestError(`cannot assign policy "${p}"`);
  }
}

/** True if every element of `subset` is in `superset`. */
export function isSubset(superset: readonly string[], subset: readonly string[]): boolean {
  const all = new Set(superset);
  return subset.every((p) => all.has(p));
}

/** go-glob matching: `*` matches any run of characters, nothing else is special. */
export function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const parts = pattern.split("*");
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!value.startsWith(first)) return false;
  let pos = first.length;
  for (const middle of parts.slice(1, -1)) {
    const at = value.indexOf(middle, pos);
    if (at === -1) return false;
    pos = at + middle.length;
  }
  return value.length - last.length >= pos && value.endsWith(last);
}

export function matchesAny(list: readonly string[], globs: readonly string[], value: string): boolean {
  return list.includes(value) || globs.some((g) => globMatch(g, value));
}
