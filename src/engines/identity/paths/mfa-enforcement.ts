/** identity/mfa/login-enforcement/:name (create/update, read, delete) and its LIST. */
import { randomUUID } from "node:crypto";
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { IdentityHost } from "../../../logical/identity.js";
import type { LoginEnforcement, MfaStore } from "../mfa/store.js";
import { listData } from "../render.js";
import type { IdentityRecords } from "../store.js";

const NAME = "\\w(?:[\\w.-]*\\w)?";

function enforcementData(e: LoginEnforcement): Record<string, unknown> {
  return {
    id: e.id,
    name: e.name,
    mfa_method_ids: e.mfaMethodIds,
    auth_method_accessors: e.authMethodAccessors,
    auth_method_types: e.authMethodTypes,
    identity_entity_ids: e.identityEntityIds,
    identity_group_ids: e.identityGroupIds,
    namespace_id: "root",
    namespace_path: "",
  };
}

export function mfaEnforcementPaths(
  store: MfaStore,
  records: IdentityRecords,
  host: IdentityHost,
): PathDef[] {
  return [
    definePath({
      pattern: "mfa/login-enforcement/?",
      operations: {
        list: async () => {
          const all = [...store.enforcements.values()].sort((a, b) => a.name.localeCompare(b.name));
          return listData(
            all.map((e) => e.name),
            Object.fromEntries(all.map((e) => [e.name, enforcementData(e)])),
          );
        },
      },
      help: "List login MFA enforcements.",
    }),
    definePath({
      pattern: `mfa/login-enforcement/(?<name>${NAME})`,
      fields: {
        name: field.str(),
        mfa_method_ids: field.strings().optional(),
        auth_method_accessors: field.strings().optional(),
        auth_method_types: field.strings().optional(),
        identity_entity_ids: field.strings().optional(),
        identity_group_ids: field.strings().optional(),
      },
      operations: {
        read: async (_req, f) => {
          const e = store.enforcements.get(f.name);
          return e ? { data: enforcementData(e) } : null;
        },
        update: async (_req, f) => {
          await records.write(async () => {
            const current = store.enforcements.get(f.name);
            const methods = f.mfa_method_ids ?? current?.mfaMethodIds;
            if (!methods || methods.length === 0) throw new InvalidRequestError("missing method ids");
            if (methods.some((id) => !store.methods.has(id)))
              throw new InvalidRequestError("one of the provided method ids doesn't exist");
            const accessors = f.auth_method_accessors ?? current?.authMethodAccessors ?? [];
            if (accessors.some((a) => !host.authMount(a)))
              throw new InvalidRequestError("one of the auth method accessors provided is invalid");
            const types = f.auth_method_types ?? current?.authMethodTypes ?? [];
            const mounted = new Set(host.authMounts().map((m) => m.type));
            if (types.some((t) => !mounted.has(t)))
              throw new InvalidRequestError("one of the auth method types provided is invalid");
            const groups = f.identity_group_ids ?? current?.identityGroupIds ?? [];
            if (groups.some((g) => !records.groups.has(g)))
              throw new InvalidRequestError("one of the provided group ids doesn't exist");
            const entities = f.identity_entity_ids ?? current?.identityEntityIds ?? [];
            if (entities.some((e) => !records.entities.has(e)))
              throw new InvalidRequestError("one of the provided entity ids doesn't exist");
            if (accessors.length + types.length + groups.length + entities.length === 0) {
              throw new InvalidRequestError(
                "One of auth_method_accessors, auth_method_types, identity_group_ids, identity_entity_ids must be specified",
              );
            }
            await store.putEnforcement({
              id: current?.id ?? randomUUID(),
              name: f.name,
              mfaMethodIds: [...new Set(methods)],
              authMethodAccessors: [...new Set(accessors)],
              authMethodTypes: [...new Set(types)],
              identityEntityIds: [...new Set(entities)],
              identityGroupIds: [...new Set(groups)],
            });
          });
          return null;
        },
        delete: async (_req, f) => {
          await records.write(() => store.deleteEnforcement(f.name));
          return null;
        },
      },
      help: "Create, update, read or delete a login MFA enforcement.",
    }),
  ];
}
