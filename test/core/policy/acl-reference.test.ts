/**
 * Cross-checks the indexed matcher against a direct, slow transcription of the 4.4 rules over
 * many random rule sets and paths.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { ACL } from "../../../src/core/policy/acl.js";
import { parsePolicy } from "../../../src/core/policy/parse.js";

interface Desc {
  pattern: string;
  first: number;
  isPrefix: boolean;
  plus: number;
  key: string;
}

function isPlus(p: string): boolean {
  return p === "+" || p.startsWith("+/") || p.includes("/+");
}

/** Vault's algorithm, written plainly: exact, else sort every matching non-exact rule. */
function referenceWinner(patterns: string[], path: string): string | null {
  if (patterns.includes(path)) return path;
  const descs: Desc[] = [];
  const globs = patterns.filter((p) => p.endsWith("*") && !isPlus(p) && path.startsWith(p.slice(0, -1)));
  globs.sort((a, b) => b.length - a.length);
  if (globs[0]) {
    const key = globs[0].slice(0, -1);
    descs.push({ pattern: globs[0], first: key.length, isPrefix: true, plus: 0, key });
  }
  const parts = path.split("/");
  for (const p of patterns.filter(isPlus)) {
    const isPrefix = p.endsWith("*");
    const key = isPrefix ? p.slice(0, -1) : p;
    const segs = key.split("/");
    if (parts.length < segs.length || (!isPrefix && parts.length !== segs.length)) continue;
    const ok = segs.every(
      (s, i) => s === "+" || s === parts[i] || (isPrefix && i === segs.length - 1 && parts[i].startsWith(s)),
    );
    if (ok)
      descs.push({
        pattern: p,
        first: p.indexOf("+"),
        isPrefix,
        plus: segs.filter((s) => s === "+").length,
        key,
      });
  }
  const less = (a: Desc, b: Desc): number => {
    if (a.first !== b.first) return a.first - b.first;
    if (a.isPrefix !== b.isPrefix) return a.isPrefix ? -1 : 1;
    if (a.plus !== b.plus) return b.plus - a.plus;
    if (a.key.length !== b.key.length) return a.key.length - b.key.length;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
  descs.sort(less);
  return descs.length > 0 ? descs[descs.length - 1].pattern : null;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test("the indexed matcher picks the same rule as a direct transcription of 4.4", () => {
  const rand = rng(20261122);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const ruleSegs = ["a", "b", "ab", "+", "+", "x"];
  const pathSegs = ["a", "b", "ab", "abc", "x", ""];
  for (let round = 0; round < 200; round++) {
    const patterns = new Set<string>();
    while (patterns.size < 12) {
      const n = 1 + Math.floor(rand() * 4);
      let p = Array.from({ length: n }, () => pick(ruleSegs)).join("/");
      if (rand() < 0.4) p += pick(["*", "b*", "/*"]);
      if (!p.includes("+*") && !p.slice(0, -1).includes("*")) patterns.add(p);
    }
    const list = [...patterns];
    const acl = ACL.compile(list.map((p) => parsePolicy(p, `path "${p}" { capabilities = ["read"] }`)));
    for (let i = 0; i < 40; i++) {
      const n = 1 + Math.floor(rand() * 5);
      const path = Array.from({ length: n }, () => pick(pathSegs)).join("/");
      if (path.endsWith("/") || path.startsWith("/")) continue;
      const expected = referenceWinner(list, path);
      const got = acl.check({ operation: "read", path }).grantingPolicies[0] ?? null;
      assert.equal(got, expected, `rules ${JSON.stringify(list)} path ${JSON.stringify(path)}`);
    }
  }
});
