/**
 * role/<name>/secret-id (generate; LIST accessors), role/<name>/custom-secret-id, and lookup or
 * destroy of a secret ID by value (secret-id/lookup|destroy) or by accessor
 * (secret-id-accessor/lookup|destroy).
 */
import { randomUUID } from "node:crypto";
import { InvalidRequestError, NotFoundError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LogicalResponse } from "../../../logical/types.js";
import type { ApproleDeps } from "../deps.js";
import { MAX_ID_BYTES, type RoleEntry } from "../records.js";
import { ROLE_NAME, roleNameOf } from "../role-settings.js";
import {
  type SecretIdRequest,
  secretIdFields,
  secretIdSettings,
  secretIdView,
} from "../secret-id-settings.js";

export function secretIdPaths(deps: ApproleDeps): PathDef[] {
  const { roles, secretIds, ctx } = deps;

  const requireRole = async (rawName: string, status: "404" | "400" = "400"): Promise<RoleEntry> => {
    const name = roleNameOf(rawName);
    const role = await roles.get(name);
    if (role) return role;
    const message = `role "${name}" does not exist`;
    throw status === "404" ? new NotFoundError(message) : new InvalidRequestError(message);
  };

  const issue = async (rawName: string, secretId: string, f: SecretIdRequest): Promise<LogicalResponse> => {
    const role = await requireRole(rawName, "404");
    const settings = secretIdSettings(role, f, ctx.ttls().maxLeaseTTL);
    const entry = await secretIds.create(role, secretId, settings, ctx.clock.now());
    return {
      data: {
        secret_id: secretId,
        secret_id_accessor: entry.accessor,
        secret_id_ttl: entry.ttl,
        secret_id_num_uses: entry.numUses,
      },
    };
  };

  const secretIdValue = (v: string | undefined): string => {
    if (v === undefined || v === "") throw new InvalidRequestError("missing secret_id");
    if (v.trim() !== v) throw new InvalidRequestError("secret_id cannot start or end with whitespace");
    if (Buffer.byteLength(v) > MAX_ID_BYTES) {
      throw new InvalidRequestError(`secret_id is longer than maximum of ${MAX_ID_BYTES} bytes`);
    }
    return v;
  };

  const byValue = { role_name: field.str(), secret_id: field.str().optional() };
  const byAccessor = { role_name: field.str(), secret_id_accessor: field.str().optional() };
  const accessorOf = (v: string | undefined): string => {
    if (!v) throw new InvalidRequestError("missing secret_id_accessor");
    return v;
  };

  const destroyByValue = async (_req: unknown, f: { role_name: string; secret_id?: string }) => {
    const role = await requireRole(f.role_name);
    const entry = await secretIds.lookup(role.key, secretIdValue(f.secret_id));
    if (entry) await secretIds.destroy(role.key, entry);
    return null;
  };
  const destroyByAccessor = async (_req: unknown, f: { role_name: string; secret_id_accessor?: string }) => {
    const role = await requireRole(f.role_name);
    const entry = await secretIds.lookupAccessor(role, accessorOf(f.secret_id_accessor));
    if (!entry) throw new InvalidRequestError("failed to find accessor entry for secret_id_accessor");
    await secretIds.destroy(role.key, entry);
    return null;
  };

  return [
    definePath({
      pattern: `role/${ROLE_NAME}/secret-id/?`,
      fields: secretIdFields,
      operations: {
        update: async (_req, f) => issue(f.role_name, randomUUID(), f),
        list: async (_req, f) => {
          const role = await requireRole(f.role_name, "404");
          const keys = await secretIds.accessors(role.key);
          return keys.length > 0 ? { data: { keys } } : null;
        },
      },
      help: "Generate a secret ID for the role (returned once), or LIST the accessors of its secret IDs.",
    }),

    definePath({
      pattern: `role/${ROLE_NAME}/custom-secret-id`,
      fields: { ...secretIdFields, secret_id: field.str().optional() },
      operations: { update: async (_req, f) => issue(f.role_name, secretIdValue(f.secret_id), f) },
      help: "Register a secret ID of your choice for the role.",
    }),

    definePath({
      pattern: `role/${ROLE_NAME}/secret-id/lookup`,
      fields: byValue,
      operations: {
        update: async (_req, f) => {
          const role = await requireRole(f.role_name);
          const entry = await secretIds.lookup(role.key, secretIdValue(f.secret_id));
          return entry ? { data: secretIdView(entry) } : null;
        },
      },
      help: "Read the properties of a secret ID (given its value).",
    }),

    definePath({
      pattern: `role/${ROLE_NAME}/secret-id/destroy`,
      fields: byValue,
      operations: { update: destroyByValue, delete: destroyByValue },
      help: "Destroy a secret ID (given its value).",
    }),

    definePath({
      pattern: `role/${ROLE_NAME}/secret-id-accessor/lookup`,
      fields: byAccessor,
      operations: {
        update: async (_req, f) => {
          const role = await requireRole(f.role_name);
          const entry = await secretIds.lookupAccessor(role, accessorOf(f.secret_id_accessor));
          if (!entry) throw new NotFoundError("failed to find accessor entry for secret_id_accessor");
          return { data: secretIdView(entry) };
        },
      },
      help: "Read the properties of a secret ID (given its accessor).",
    }),

    definePath({
      pattern: `role/${ROLE_NAME}/secret-id-accessor/destroy`,
      fields: byAccessor,
      operations: { update: destroyByAccessor, delete: destroyByAccessor },
      help: "Destroy a secret ID (given its accessor).",
    }),
  ];
}
