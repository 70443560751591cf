/**
 * sys/internal/ui/mounts[/<path>]: the mounts a caller may see. Clients (the Vault CLI's `kv`
 * commands, the UI) call these to find a path's mount and KV version. Both are unauthenticated
 * paths; the handlers decide from the caller's token, when it sent a valid one.
 */
import { PermissionDeniedError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { LogicalRequest } from "../../logical/types.js";
import type { MountEntry } from "../mounts/types.js";
import { routePath } from "../mounts/types.js";
import type { ACL } from "../policy/acl.js";
import type { SysDeps } from "./deps.js";
import { matchingMount, mountInfo } from "./mount-info.js";

/** Vault's sanitizeMountPath: one leading "/" dropped, a trailing "/" added. */
function preflightPath(path: string): string {
  const p = path.startsWith("/") ? path.slice(1) : path;
  return p.endsWith("/") ? p : `${p}/`;
}

function visible(entry: MountEntry, acl: ACL | null): Record<string, unknown> | null {
  const unauth = entry.config.listing_visibility === "unauth";
  if (acl) return unauth || acl.hasAnyAccessUnder(routePath(entry)) ? mountInfo(entry) : null;
  return unauth ? { type: entry.type, description: entry.description, options: entry.options } : null;
}

export function uiMountPaths(deps: SysDeps): PathDef[] {
  const list = async (req: LogicalRequest) => {
    const acl = await deps.aclFor(req);
    const secret: Record<string, unknown> = {};
    const auth: Record<string, unknown> = {};
    for (const table of ["mounts", "auth"] as const) {
      for (const e of deps.mounts.list(table)) {
        const info = visible(e, acl);
        if (info) (table === "mounts" ? secret : auth)[e.path] = info;
      }
    }
    return { data: { secret, auth } };
  };
  return [
    definePath({
      pattern: "internal/ui/mounts",
      operations: { read: list },
      help: "Mounts visible to the caller (with a token: those its policies reach).",
    }),
    definePath({
      pattern: "internal/ui/mounts/(?<path>.+)",
      fields: { path: field.str() },
      operations: {
        read: async (req, f) => {
          const path = preflightPath(f.path);
          // One answer for "no such mount" and "no access", so this cannot probe for mounts.
          const denied = new PermissionDeniedError(
            `preflight capability check returned 403, please ensure client's policies grant access to path "${path}"`,
          );
          const entry = matchingMount(deps, path);
          const acl = await deps.aclFor(req);
          if (!entry || !acl?.hasAnyAccessUnder(routePath(entry))) throw denied;
          return { data: { ...mountInfo(entry), path: entry.path } };
        },
      },
      help: "The mount containing a path, for a caller with any capability under it.",
    }),
  ];
}

export const uiMountUnauthenticatedPaths = ["internal/ui/mounts", "internal/ui/mounts/*"];
