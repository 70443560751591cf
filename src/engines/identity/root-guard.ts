import { PermissionDeniedError } from "../../errors.js";
import type { IdentityHost } from "../../logical/identity.js";
import type { RequestAuth } from "../../logical/types.js";

/**
 * Attaching `root` to an entity or a group would hand root to every token of its members: only a
 * caller that could already write any policy (root, or `sudo` on sys/policies/acl/*) may do it.
 */
export async function assertMayAttach(
  policies: readonly string[] | undefined,
  auth: RequestAuth | undefined,
  host: IdentityHost,
): Promise<void> {
  if (!policies?.some((p) => p.trim().toLowerCase() === "root")) return;
  if (await host.mayAttachRoot(auth)) return;
  throw new PermissionDeniedError(
    'attaching the "root" policy requires a root token or sudo on sys/policies/acl/*',
  );
}
