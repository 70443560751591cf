/**
 * The rule index of one ACL and the "one winning rule" search of vault-api-core 4.3/4.4.
 *
 * Exact patterns live in a Map. Globs (`prefix*`) live in a Map keyed by the prefix, with the
 * distinct prefix lengths kept sorted so the longest matching glob costs one lookup per length.
 * `+` patterns are bucketed by the literal text before their first `+` (again probed by length),
 * so a check only runs the segment matcher on patterns that can possibly match.
 */
import type { Permissions } from "./permissions.js";

/** A matching non-exact rule, with the fields the priority order compares. */
export interface Candidate {
  /** Position of the first `+` or glob `*`. */
  first: number;
  /** Ends in `*`. */
  isPrefix: boolean;
  /** Number of `+` segments. */
  plus: number;
  /** Pattern without its trailing `*`. */
  key: string;
  perms: Permissions;
}

interface PlusRule {
  key: string;
  segments: string[];
  isPrefix: boolean;
  first: number;
  plus: number;
  perms: Permissions;
}

/** A `+` rule: `+`, starts with `+/`, or contains `/+` (Vault's definition). */
export function isPlusPattern(pattern: string): boolean {
  return pattern === "+" || pattern.startsWith("+/") || pattern.includes("/+");
}

/** >0 when a ranks above b. Without `lexical`, equally specific rules compare equal. */
export function comparePriority(a: Candidate, b: Candidate, lexical = true): number {
  if (a.first !== b.first) return a.first - b.first;
  if (a.isPrefix !== b.isPrefix) return a.isPrefix ? -1 : 1;
  if (a.plus !== b.plus) return b.plus - a.plus;
  if (a.key.length !== b.key.length) return a.key.length - b.key.length;
  if (!lexical || a.key === b.key) return 0;
  return a.key < b.key ? -1 : 1;
}

function insertLength(lengths: number[], n: number): void {
  if (lengths.includes(n)) return;
  lengths.push(n);
  lengths.sort((x, y) => y - x);
}

export class RuleIndex {
  readonly exact = new Map<string, Permissions>();
  readonly globs = new Map<string, Permissions>();
  private readonly globLengths: number[] = [];
  private readonly plusBuckets = new Map<string, PlusRule[]>();
  private readonly plusLengths: number[] = [];
  readonly plusRules = new Map<string, PlusRule>();

  /** The permissions stored for a pattern string, if any (for merging). */
  get(pattern: string): Permissions | undefined {
    if (isPlusPattern(pattern)) return this.plusRules.get(pattern)?.perms;
    if (pattern.endsWith("*")) return this.globs.get(pattern.slice(0, -1));
    return this.exact.get(pattern);
  }

  add(pattern: string, perms: Permissions): void {
    if (isPlusPattern(pattern)) {
      const isPrefix = pattern.endsWith("*");
      const key = isPrefix ? pattern.slice(0, -1) : pattern;
      const segments = key.split("/");
      const first = pattern.indexOf("+");
      const rule: PlusRule = {
        key,
        segments,
        isPrefix,
        first,
        plus: segments.filter((s) => s === "+").length,
        perms,
      };
      this.plusRules.set(pattern, rule);
      const literal = pattern.slice(0, first);
      const bucket = this.plusBuckets.get(literal);
      if (bucket) bucket.push(rule);
      else this.plusBuckets.set(literal, [rule]);
      insertLength(this.plusLengths, literal.length);
    } else if (pattern.endsWith("*")) {
      const key = pattern.slice(0, -1);
      this.globs.set(key, perms);
      insertLength(this.globLengths, key.length);
    } else {
      this.exact.set(pattern, perms);
    }
  }

  /** The longest glob and every `+` rule that match `path`. */
  candidates(path: string, out: Candidate[] = []): Candidate[] {
    for (const n of this.globLengths) {
      if (n > path.length) continue;
      const key = path.slice(0, n);
      const perms = this.globs.get(key);
      if (perms) {
        out.push({ first: n, isPrefix: true, plus: 0, key, perms });
        break;
      }
    }
    if (this.plusRules.size === 0) return out;
    let parts: string[] | undefined;
    for (const n of this.plusLengths) {
      if (n > path.length) continue;
      const bucket = this.plusBuckets.get(path.slice(0, n));
      if (!bucket) continue;
      parts ??= path.split("/");
      for (const rule of bucket) {
        if (plusMatches(rule, parts)) {
          out.push({
            first: rule.first,
            isPrefix: rule.isPrefix,
            plus: rule.plus,
            key: rule.key,
            perms: rule.perms,
          });
        }
      }
    }
    return out;
  }
}

function plusMatches(rule: PlusRule, parts: string[]): boolean {
  const segs = rule.segments;
  if (parts.length < segs.length) return false;
  if (!rule.isPrefix && parts.length !== segs.length) return false;
  const last = segs.length - 1;
  for (let i = 0; i <= last; i++) {
    const seg = segs[i];
    if (seg === "+" || seg === parts[i]) continue;
    if (rule.isPrefix && i === last && parts[i].startsWith(seg)) return true;
    return false;
  }
  return true;
}

/** The highest-priority candidate, or undefined. */
export function best(cands: readonly Candidate[]): Candidate | undefined {
  let top: Candidate | undefined;
  for (const c of cands) if (!top || comparePriority(c, top) > 0) top = c;
  return top;
}
