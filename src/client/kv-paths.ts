/**
 * Path helpers for the KV engine, as the Vault CLI does them: the user names `secret/foo`; on a
 * version 2 mount the API path is `secret/data/foo`, `secret/metadata/foo`, ...
 */

/** Trims spaces and leading/trailing slashes. */
export function sanitizePath(path: string): string {
  return path.trim().replace(/^\/+/, "").replace(/\/+$/, "");
}

export function ensureTrailingSlash(path: string): string {
  return path === "" || path.endsWith("/") ? path : `${path}/`;
}

/** Joins path parts with single slashes (never resolves `.` or `..`; the server refuses them). */
export function joinPath(...parts: string[]): string {
  return parts
    .map((p) => p.replace(/^\/+|\/+$/g, ""))
    .filter((p) => p !== "")
    .join("/");
}

/**
 * Inserts `apiPrefix` after the mount: (`secret/foo`, `secret/`, `data`) -> `secret/data/foo`;
 * the mount itself maps to `secret/data`. When the mount path carries leading segments the user
 * did not type (a namespace), they are dropped one at a time until the mount matches.
 */
export function addPrefixToKvPath(path: string, mountPath: string, apiPrefix: string): string {
  const mount = ensureTrailingSlash(mountPath);
  if (path === mount || path === mount.replace(/\/$/, "")) return joinPath(mount, apiPrefix);
  let candidate = mount;
  while (!path.startsWith(candidate)) {
    const slash = candidate.indexOf("/");
    const rest = slash === -1 ? "" : candidate.slice(slash + 1);
    if (rest === "") return joinPath(mount, apiPrefix, path);
    candidate = rest;
  }
  return joinPath(candidate, apiPrefix, path.slice(candidate.length));
}
