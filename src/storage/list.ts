import { compareCodePoints } from "./keys.js";

/**
 * Vault-style one-level listing: the direct children of `prefix` among `keys`, sorted, with
 * folders (children that have children) ending in "/". Sorted by code point (UTF-8 byte order),
 * the order SQL backends return. Shared by the backends that keep keys in
 * a flat ordered set.
 */
export function childrenOf(prefix: string, keys: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    if (rest === "") continue;
    const slash = rest.indexOf("/");
    out.add(slash === -1 ? rest : rest.slice(0, slash + 1));
  }
  return [...out].sort(compareCodePoints);
}
