/**
 * sys/remount (sudo) and sys/remount/status/:migration_id. The move is done before the answer is
 * sent, so a status lookup always reports "success"; the migration id and warning are kept because
 * Vault clients (`vault secrets move`, the Go SDK's Remount) read them.
 */
import { randomUUID } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import { isProtectedPath, normaliseMountPath } from "../mounts/table.js";
import { routePath } from "../mounts/types.js";
import type { SysDeps } from "./deps.js";
import { matchingMount } from "./mount-info.js";

interface Migration {
  source_mount: string;
  target_mount: string;
  status: "success";
}

/** Migrations remembered for status lookups (oldest dropped first). */
const MAX_REMEMBERED = 100;

const PROTECTED_AUTH = ["auth/token/"];

function checkedPath(raw: string, name: "from" | "to"): string {
  if (raw !== raw.trim()) throw new InvalidRequestError(`'${name}' path cannot contain trailing whitespace`);
  return normaliseMountPath(raw);
}

/** Vault's rules for which moves are allowed, with its messages. */
function checkMove(from: string, to: string): void {
  if (from.startsWith("auth/")) {
    if (!to.startsWith("auth/")) {
      throw new InvalidRequestError(`cannot remount auth mount to non-auth mount "${to}"`);
    }
    if (PROTECTED_AUTH.some((p) => from.startsWith(p)))
      throw new InvalidRequestError(`cannot remount "${from}"`);
    if (PROTECTED_AUTH.some((p) => to.startsWith(p))) {
      throw new InvalidRequestError(`cannot remount to destination "${to}"`);
    }
    return;
  }
  if (isProtectedPath(from)) throw new InvalidRequestError(`cannot remount "${from}"`);
  if (isProtectedPath(to)) throw new InvalidRequestError(`cannot remount to destination ${to}`);
}

export function remountPaths(deps: SysDeps): PathDef[] {
  const migrations = new Map<string, Migration>();
  return [
    definePath({
      pattern: "remount",
      fields: { from: field.str().optional(), to: field.str().optional() },
      operations: {
        update: async (_req, f) => {
          if (!f.from || !f.to) {
            throw new InvalidRequestError("both 'from' and 'to' path must be specified as a string");
          }
          const from = checkedPath(f.from, "from");
          const to = checkedPath(f.to, "to");
          checkMove(from, to);
          const entry = matchingMount(deps, from);
          if (!entry || routePath(entry) !== from) {
            throw new InvalidRequestError(`no matching mount at "${from}"`);
          }
          const clash = deps.mounts.conflict(to);
          if (clash) throw new InvalidRequestError(`path already in use at "${clash}"`);
          // The leases of the old path are revoked (their ids name it), as Vault does.
          await deps.onUnmount(entry, from);
          await deps.mounts.remount(from, to);
          const id = randomUUID();
          migrations.set(id, { source_mount: from, target_mount: to, status: "success" });
          if (migrations.size > MAX_REMEMBERED) migrations.delete(migrations.keys().next().value as string);
          return {
            data: { migration_id: id },
            warnings: [
              "Mount move has been queued. Progress will be reported in Vault's server log, tagged with the returned migration_id",
            ],
          };
        },
      },
      help: "Move a secrets engine or auth method to a new path, keeping its data.",
    }),
    definePath({
      pattern: "remount/status/(?<migration_id>[^/]+)",
      fields: { migration_id: field.str() },
      operations: {
        read: async (_req, f) => {
          const info = migrations.get(f.migration_id);
          return info ? { data: { migration_id: f.migration_id, migration_info: info } } : null;
        },
      },
      help: "The state of a mount move started with sys/remount.",
    }),
  ];
}

export const remountSudoPaths = ["remount"];
