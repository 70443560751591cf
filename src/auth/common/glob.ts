/**
 * Vault's simple globs for bindings (bound_claims_type=glob, Kubernetes service account names and
 * namespaces): `*` matches any run of characters, including none and including `/`; every other
 * character matches itself. No other wildcard exists, so a pattern cannot be a regular expression.
 */
export function globMatch(pattern: string, value: string): boolean {
  const parts = pattern.split("*");
  if (parts.length === 1) return pattern === value;
  const first = parts[0] ?? "";
  const last = parts[parts.length - 1] ?? "";
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  const end = value.length - last.length;
  let pos = first.length;
  for (const part of parts.slice(1, -1)) {
    const at = value.indexOf(part, pos);
    if (at === -1 || at + part.length > end) return false;
    pos = at + part.length;
  }
  return true;
}
