/** Matches a path against Vault-style special-path patterns: exact, or prefix when ending in `*`. */
export function matchesAny(path: string, patterns: readonly string[]): boolean {
  for (const p of patterns) {
    if (p.endsWith("*") ? path.startsWith(p.slice(0, -1)) : path === p) return true;
  }
  return false;
}
