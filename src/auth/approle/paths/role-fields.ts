/**
 * role/<name>/<setting>: read, write or reset one setting of a role, so an ACL can delegate just
 * that setting (Vault's per-field paths). A write goes through the same validation as role/<name>.
 */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { ApproleDeps } from "../deps.js";
import type { RoleEntry } from "../records.js";
import { ROLE_NAME, type RoleFieldValues, roleFields, roleNameOf, roleView } from "../role-settings.js";
import { writeRole } from "./roles.js";

type FieldName = Exclude<keyof typeof roleFields, "role_name">;

interface Setting {
  segment: string;
  /** Accepted fields; the first is the one named in a "missing" error. */
  fields: FieldName[];
  /** What a DELETE writes (the default); absent = read-only. */
  reset?: RoleFieldValues;
  read?: (role: RoleEntry) => Record<string, unknown>;
}

const SETTINGS: Setting[] = [
  { segment: "policies", fields: ["token_policies", "policies"], reset: { token_policies: [] } },
  { segment: "secret-id-num-uses", fields: ["secret_id_num_uses"], reset: { secret_id_num_uses: 0 } },
  { segment: "secret-id-ttl", fields: ["secret_id_ttl"], reset: { secret_id_ttl: 0 } },
  { segment: "token-ttl", fields: ["token_ttl"], reset: { token_ttl: 0 } },
  { segment: "token-max-ttl", fields: ["token_max_ttl"], reset: { token_max_ttl: 0 } },
  { segment: "token-num-uses", fields: ["token_num_uses"], reset: { token_num_uses: 0 } },
  { segment: "period", fields: ["token_period", "period"], reset: { token_period: 0 } },
  { segment: "bind-secret-id", fields: ["bind_secret_id"], reset: { bind_secret_id: true } },
  {
    segment: "secret-id-bound-cidrs",
    fields: ["secret_id_bound_cidrs"],
    reset: { secret_id_bound_cidrs: [] },
  },
  {
    segment: "bound-cidr-list",
    fields: ["bound_cidr_list"],
    reset: { secret_id_bound_cidrs: [] },
    read: (role) => ({ bound_cidr_list: role.secretIdBoundCIDRs }),
  },
  { segment: "token-bound-cidrs", fields: ["token_bound_cidrs"], reset: { token_bound_cidrs: [] } },
  { segment: "local-secret-ids", fields: ["local_secret_ids"] },
];

function settingPath(deps: ApproleDeps, s: Setting): PathDef {
  const shape: Record<string, (typeof roleFields)[FieldName]> = {};
  for (const name of s.fields) shape[name] = roleFields[name];
  const read = s.read ?? ((role: RoleEntry) => pick(roleView(role), s.fields));
  return definePath({
    pattern: `role/${ROLE_NAME}/${s.segment}`,
    fields: { role_name: field.str(), ...shape },
    operations: {
      read: async (_req, f) => {
        const role = await deps.roles.get(roleNameOf(f.role_name));
        return role ? { data: read(role) } : null;
      },
      ...(s.reset
        ? {
            update: async (_req, f: Record<string, unknown> & { role_name: string }) => {
              const given = s.fields.filter((k) => f[k] !== undefined);
              if (given.length === 0) throw new InvalidRequestError(`missing ${s.fields[0]}`);
              return writeRole(deps, f.role_name, pick(f, given) as RoleFieldValues, false);
            },
            delete: async (_req, f: { role_name: string }) => {
              if ((await deps.roles.get(roleNameOf(f.role_name))) === null) return null;
              return writeRole(deps, f.role_name, s.reset as RoleFieldValues, false);
            },
          }
        : {}),
    },
    help: `Read${s.reset ? ", set or reset" : ""} the role's ${s.fields[0]}.`,
  });
}

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}

export function roleFieldPaths(deps: ApproleDeps): PathDef[] {
  return SETTINGS.map((s) => settingPath(deps, s));
}
