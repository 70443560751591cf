/**
 * Kubernetes roles (`role/<name>`): which service accounts may log in (names and namespaces,
 * `*` globs allowed, e.g. `app-*`), the audience their token must carry, how the identity alias
 * is named, and the token_* settings of the token they get. Names are case-insensitive (Vault).
 */
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import type { StorageView } from "../../logical/types.js";
import { JsonRecordStore } from "../common/record-store.js";
import {
  applyTokenFields,
  DEFAULT_TOKEN_SETTINGS,
  type TokenFieldValues,
  type TokenSettings,
  tokenFields,
  tokenFieldsView,
} from "../common/token-fields.js";

export type AliasNameSource = "serviceaccount_uid" | "serviceaccount_name";

export interface KubernetesRole {
  boundServiceAccountNames: string[];
  boundServiceAccountNamespaces: string[];
  audience: string;
  aliasNameSource: AliasNameSource;
  token: TokenSettings;
}

export const roleFields = {
  name: field.str(),
  bound_service_account_names: field.strings().optional(),
  bound_service_account_namespaces: field.strings().optional(),
  audience: field.str().optional(),
  alias_name_source: field.str().optional(),
  ...tokenFields,
};

export interface RoleFieldValues extends TokenFieldValues {
  bound_service_account_names?: string[];
  bound_service_account_namespaces?: string[];
  audience?: string;
  alias_name_source?: string;
}

const NEW_ROLE: KubernetesRole = {
  boundServiceAccountNames: [],
  boundServiceAccountNamespaces: [],
  audience: "",
  aliasNameSource: "serviceaccount_uid",
  token: DEFAULT_TOKEN_SETTINGS,
};

/** Kubernetes object names: lower-case letters, digits, `-` and `.`; here also `*` for globs. */
const PATTERN = /^[a-z0-9*]([a-z0-9.*-]{0,251}[a-z0-9*])?$/;

function bindingList(values: readonly string[], fieldName: string): string[] {
  const list = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ""))];
  if (list.length === 0) throw new InvalidRequestError(`"${fieldName}" can not be empty`);
  if (list.length > 1 && list.includes("*")) throw new InvalidRequestError('can not mix "*" with values');
  for (const v of list) {
    if (!PATTERN.test(v)) {
      throw new InvalidRequestError(
        `invalid value in "${fieldName}": use Kubernetes names (a-z, 0-9, '-', '.') with optional '*' globs`,
      );
    }
  }
  return list;
}

export function applyRoleWrite(existing: KubernetesRole | null, f: RoleFieldValues): KubernetesRole {
  const role: KubernetesRole = { ...(existing ?? NEW_ROLE) };
  if (f.bound_service_account_names !== undefined)
    role.boundServiceAccountNames = f.bound_service_account_names;
  if (f.bound_service_account_namespaces !== undefined) {
    role.boundServiceAccountNamespaces = f.bound_service_account_namespaces;
  }
  role.boundServiceAccountNames = bindingList(role.boundServiceAccountNames, "bound_service_account_names");
  role.boundServiceAccountNamespaces = bindingList(
    role.boundServiceAccountNamespaces,
    "bound_service_account_namespaces",
  );
  if (f.audience !== undefined) role.audience = f.audience.trim();
  if (f.alias_name_source !== undefined) {
    const source = f.alias_name_source === "" ? "serviceaccount_uid" : f.alias_name_source;
    if (source !== "serviceaccount_uid" && source !== "serviceaccount_name") {
      throw new InvalidRequestError(
        'invalid alias_name_source: expected "serviceaccount_uid" or "serviceaccount_name"',
      );
    }
    role.aliasNameSource = source;
  }
  role.token = applyTokenFields(role.token, f);
  return role;
}

export function roleView(r: KubernetesRole): Record<string, unknown> {
  return {
    bound_service_account_names: r.boundServiceAccountNames,
    bound_service_account_namespaces: r.boundServiceAccountNamespaces,
    audience: r.audience,
    alias_name_source: r.aliasNameSource,
    ...tokenFieldsView(r.token),
  };
}

/** Roles under `role/<lower-cased name>`. */
export class KubernetesRoleStore extends JsonRecordStore<KubernetesRole> {
  constructor(storage: StorageView) {
    super(storage, "role/", (name) => name.toLowerCase());
  }
}
