/**
 * The rule index of one ACL and the "one winning rule" search of vault-api-core 4.3/4.4.
 *
 * Exact patterns live in a Map. Globs (`prefix*`) live in a Map keyed by the prefix, with the
 * distinct prefix lengths kept sorted so the longest matching glob costs one lookup per length.
 * `+` patterns live in a segment trie (./plus-trie.ts). A check therefore costs a few map lookups
 * per path segment, whatever the number of rules.
 */
import type { Permissions } from "./permissions.js";
import { type PlusRule, PlusTrie } from "./plus-trie.js";

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
  private readonly plusTrie = new PlusTrie();
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
      this.plusTrie.insert(rule);
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
    this.plusTrie.match(path.split("/"), (rule) => {
      out.push({
        first: rule.first,
        isPrefix: rule.isPrefix,
        plus: rule.plus,
        key: rule.key,
        perms: rule.perms,
      });
    });
    return out;
  }
}

/** The highest-priority candidate, or undefined. */
export function best(cands: readonly Candidate[]): Candidate | undefined {
  let top: Candidate | undefined;
  for (const c of cands) if (!top || comparePriority(c, top) > 0) top = c;
  return top;
}
