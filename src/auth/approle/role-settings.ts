/**
 * A role's settings: the field schemas of `role/<name>` (also used by the per-field sub-paths),
 * applying a write (every value validated before anything is returned) and the read view.
 */
import { randomUUID } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { parseCIDRList } from "../common/cidr.js";
import {
  applyTokenFields,
  DEFAULT_TOKEN_SETTINGS,
  type TokenFieldValues,
  tokenFields,
  tokenFieldsView,
} from "../common/token-fields.js";
import { MAX_ID_BYTES, type RoleEntry } from "./records.js";
import { RoleStore } from "./role-store.js";

/** A role name in a path: Vault's name pattern (letters, digits, `_`, and `.`, `@`, `-` inside). */
export const ROLE_NAME = "(?<role_name>\\w(?:[\\w.@-]*\\w)?)";

export const roleFields = {
  role_name: field.str(),
  role_id: field.str().optional(),
  bind_secret_id: field.bool().optional(),
  secret_id_bound_cidrs: field.strings().optional(),
  bound_cidr_list: field.strings().optional(),
  secret_id_num_uses: field.int().optional(),
  secret_id_ttl: field.duration().optional(),
  local_secret_ids: field.bool().optional(),
  ...tokenFields,
};

export type RoleFieldValues = TokenFieldValues & {
  role_id?: string;
  bind_secret_id?: boolean;
  secret_id_bound_cidrs?: string[];
  bound_cidr_list?: string[];
  secret_id_num_uses?: number;
  secret_id_ttl?: number;
  local_secret_ids?: boolean;
};

/** Role names are case-insensitive (stored lower-cased), at most 4096 bytes. */
export function roleNameOf(raw: string): string {
  if (Buffer.byteLength(raw) > MAX_ID_BYTES) {
    throw new InvalidRequestError(`role_name is longer than maximum of ${MAX_ID_BYTES} bytes`);
  }
  return raw.toLowerCase();
}

export function checkRoleId(roleId: string): string {
  if (roleId.trim() === "") throw new InvalidRequestError("missing role_id");
  if (roleId.trim() !== roleId) throw new InvalidRequestError("role_id cannot start or end with whitespace");
  if (Buffer.byteLength(roleId) > MAX_ID_BYTES) {
    throw new InvalidRequestError(`role_id is longer than maximum of ${MAX_ID_BYTES} bytes`);
  }
  return roleId;
}

/** A new role before any field is applied. */
export function blankRole(name: string): RoleEntry {
  return {
    name,
    key: RoleStore.newKey(),
    roleId: randomUUID(),
    bindSecretId: true,
    secretIdBoundCIDRs: [],
    secretIdNumUses: 0,
    secretIdTTL: 0,
    localSecretIds: false,
    token: { ...DEFAULT_TOKEN_SETTINGS },
  };
}

/**
 * The role after a write of `f` (`created`: the role is new). `maxLeaseTTL` is the mount's;
 * warnings (a token_max_ttl above it) are pushed to `warnings`.
 */
export function applyRoleFields(
  base: RoleEntry,
  f: RoleFieldValues,
  opts: { created: boolean; maxLeaseTTL: number; warnings: string[] },
): RoleEntry {
  const role: RoleEntry = { ...base, token: applyTokenFields(base.token, f) };
  if (f.local_secret_ids !== undefined) {
    if (!opts.created) {
      throw new InvalidRequestError("local_secret_ids can only be modified during role creation");
    }
    role.localSecretIds = f.local_secret_ids;
  }
  if (f.role_id !== undefined) role.roleId = checkRoleId(f.role_id);
  if (f.bind_secret_id !== undefined) role.bindSecretId = f.bind_secret_id;
  if (f.secret_id_bound_cidrs !== undefined && f.bound_cidr_list !== undefined) {
    throw new InvalidRequestError('"secret_id_bound_cidrs" and "bound_cidr_list" cannot both be given');
  }
  const cidrs = f.secret_id_bound_cidrs ?? f.bound_cidr_list;
  if (cidrs !== undefined) role.secretIdBoundCIDRs = parseCIDRList(cidrs, "secret_id_bound_cidrs");
  if (f.secret_id_num_uses !== undefined) {
    if (f.secret_id_num_uses < 0) throw new InvalidRequestError("secret_id_num_uses cannot be negative");
    role.secretIdNumUses = f.secret_id_num_uses;
  }
  if (f.secret_id_ttl !== undefined) role.secretIdTTL = f.secret_id_ttl;
  if (role.token.period > opts.maxLeaseTTL) {
    throw new InvalidRequestError(
      `period of ${role.token.period}s is greater than the backend's maximum lease TTL of ${opts.maxLeaseTTL}s`,
    );
  }
  if (role.token.maxTTL > opts.maxLeaseTTL) {
    opts.warnings.push(
      "token_max_ttl is greater than the backend mount's maximum TTL value; issued tokens' max TTL value will be truncated",
    );
  }
  if (!role.bindSecretId && role.secretIdBoundCIDRs.length === 0 && role.token.boundCIDRs.length === 0) {
    throw new InvalidRequestError("at least one constraint should be enabled on the role");
  }
  return role;
}

/** The read view of `role/<name>` (durations in seconds). */
export function roleView(role: RoleEntry): Record<string, unknown> {
  return {
    bind_secret_id: role.bindSecretId,
    secret_id_bound_cidrs: role.secretIdBoundCIDRs,
    secret_id_num_uses: role.secretIdNumUses,
    secret_id_ttl: role.secretIdTTL,
    local_secret_ids: role.localSecretIds,
    ...tokenFieldsView(role.token),
  };
}
