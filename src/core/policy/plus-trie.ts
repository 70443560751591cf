/**
 * `+` rules in a trie of path segments, so a check walks the path's segments once (following the
 * literal child and the `+` child at each level) instead of trying every rule.
 *
 * Matching (Vault's): a rule without a trailing `*` needs exactly as many segments as the path,
 * each `+` or equal; a rule with one needs at least as many, its last segment only a string prefix
 * of that path segment, and the rest of the path is swallowed.
 */
import type { Permissions } from "./permissions.js";

export interface PlusRule {
  /** Pattern without its trailing `*`. */
  key: string;
  segments: string[];
  isPrefix: boolean;
  /** Position of the first `+`. */
  first: number;
  /** Number of segments that are exactly `+`. */
  plus: number;
  perms: Permissions;
}

interface TrieNode {
  literal: Map<string, TrieNode>;
  plus?: TrieNode;
  /** Rules without `*` whose segments end here. */
  ends: PlusRule[];
  /** Prefix rules whose last (partial) segment is matched against the next path segment, by that segment. */
  tails: Map<string, PlusRule[]>;
  /** Distinct tail lengths, longest first. */
  tailLengths: number[];
}

function newNode(): TrieNode {
  return { literal: new Map(), ends: [], tails: new Map(), tailLengths: [] };
}

export class PlusTrie {
  private readonly root = newNode();

  insert(rule: PlusRule): void {
    const segs = rule.segments;
    const walk = rule.isPrefix ? segs.length - 1 : segs.length;
    let node = this.root;
    for (let i = 0; i < walk; i++) {
      const seg = segs[i];
      let next = seg === "+" ? node.plus : node.literal.get(seg);
      if (!next) {
        next = newNode();
        if (seg === "+") node.plus = next;
        else node.literal.set(seg, next);
      }
      node = next;
    }
    if (!rule.isPrefix) {
      node.ends.push(rule);
      return;
    }
    const tail = segs[segs.length - 1];
    const list = node.tails.get(tail);
    if (list) list.push(rule);
    else node.tails.set(tail, [rule]);
    if (!node.tailLengths.includes(tail.length)) {
      node.tailLengths.push(tail.length);
      node.tailLengths.sort((a, b) => b - a);
    }
  }

  /** Calls `found` for every rule that matches the path split on "/". */
  match(parts: readonly string[], found: (rule: PlusRule) => void): void {
    const stack: Array<[TrieNode, number]> = [[this.root, 0]];
    while (stack.length > 0) {
      const [node, i] = stack.pop()!;
      if (i === parts.length) {
        for (const r of node.ends) found(r);
        continue;
      }
      const part = parts[i];
      for (const n of node.tailLengths) {
        if (n > part.length) continue;
        const rules = node.tails.get(part.slice(0, n));
        if (rules) for (const r of rules) found(r);
      }
      const lit = node.literal.get(part);
      if (lit) stack.push([lit, i + 1]);
      if (node.plus) stack.push([node.plus, i + 1]);
    }
  }
}
