import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type FieldsOf, type PathDef } from "../../../logical/framework.js";
import type { LogicalRequest, LogicalResponse } from "../../../logical/types.js";
import { ROLE_NAME_PATTERN } from "../roles.js";
import type { TokenStore } from "../store.js";
import { authEnvelope } from "../views.js";
import { callerHasSudo, parentOf } from "./common.js";

const createFields = {
  id: field.str().optional(),
  role_name: field.str().optional(),
  policies: field.strings().optional(),
  meta: field.stringMap().optional(),
  metadata: field.stringMap().optional(),
  no_parent: field.bool().optional(),
  no_default_policy: field.bool().optional(),
  renewable: field.bool().optional(),
  ttl: field.duration().optional(),
  lease: field.duration().optional(),
  explicit_max_ttl: field.duration().optional(),
  display_name: field.str().optional(),
  num_uses: field.int().optional(),
  period: field.duration().optional(),
  type: field.str().optional(),
  entity_alias: field.str().optional(),
  format: field.str().optional(),
};
type CreateInput = FieldsOf<typeof createFields>;
const ROLE_NAME = new RegExp(`^${ROLE_NAME_PATTERN}$`);

/** auth/token/create, create-orphan and create/<role>: mint a token and answer its auth block. */
export function createPaths(store: TokenStore): PathDef[] {
  const handle = async (
    req: LogicalRequest,
    f: CreateInput,
    orphanEndpoint: boolean,
    roleName: string | undefined,
  ): Promise<LogicalResponse> => {
    const parent = await parentOf(store, req);
    let role = null;
    if (roleName !== undefined) {
      role = ROLE_NAME.test(roleName) ? await store.roles.get(roleName) : null;
      if (!role) throw new InvalidRequestError(`unknown role ${roleName}`);
    }
    const { role_name: _r, metadata, format: _f, ...fields } = f;
    const minted = await store.createFromRequest(
      { ...fields, meta: f.meta ?? metadata },
      {
        parent,
        isSudo: callerHasSudo(req),
        orphanEndpoint,
        role,
        endpoint: role ? `create/${role.name}` : orphanEndpoint ? "create-orphan" : "create",
      },
    );
    return {
      data: null,
      authEnvelope: authEnvelope(minted.entry, minted.token),
      warnings: minted.warnings.length > 0 ? minted.warnings : undefined,
    };
  };
  return [
    definePath({
      pattern: "create",
      fields: createFields,
      operations: { update: (req, f) => handle(req, f, false, f.role_name || undefined) },
      help: "Create a token (a child of the caller unless no_parent).",
    }),
    definePath({
      pattern: "create-orphan",
      fields: createFields,
      operations: { update: (req, f) => handle(req, f, true, f.role_name || undefined) },
      help: "Create an orphan token.",
    }),
    definePath({
      pattern: "create/(?<role_name>[^/]+)",
      fields: createFields,
      operations: { update: (req, f) => handle(req, f, false, f.role_name) },
      help: "Create a token against a role.",
    }),
  ];
}
