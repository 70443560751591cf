/**
 * login: role_id (+ secret_id when the role binds one). Every refusal (unknown role_id, missing,
 * wrong, expired or used-up secret_id, client outside a CIDR binding) gets the same 400, so an
 * answer never tells a valid role_id from an invalid one; the server log says which it was.
 * Attempts are rate limited per client address first.
 */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LogicalRequest, LogicalResponse } from "../../../logical/types.js";
import { addressInCIDRs } from "../../common/cidr.js";
import { tokenIssue } from "../../common/token-fields.js";
import type { ApproleDeps } from "../deps.js";
import { MAX_ID_BYTES, type RoleEntry, type SecretIdEntry } from "../records.js";
import type { UseRefusal } from "../secret-id-store.js";

const REFUSED = "invalid role or secret ID";
const WHY: Record<UseRefusal, string> = {
  unknown: "unknown secret_id",
  expired: "expired secret_id",
  address: "client address outside the secret ID's cidr_list",
};

function refuse(deps: ApproleDeps, reason: string, role?: RoleEntry): never {
  deps.ctx.logger.info("approle login refused", { reason, role_name: role?.name });
  throw new InvalidRequestError(REFUSED);
}

async function login(deps: ApproleDeps, req: LogicalRequest, roleId: string, secretId: string) {
  deps.limiter.take(req.connection.remoteAddress, await deps.rateLimit.get());
  const address = req.connection.remoteAddress;
  roleId = roleId.trim();
  secretId = secretId.trim();
  if (roleId === "") throw new InvalidRequestError("missing role_id");
  const tooLong = Buffer.byteLength(roleId) > MAX_ID_BYTES || Buffer.byteLength(secretId) > MAX_ID_BYTES;
  const role = tooLong ? null : await deps.roles.byRoleId(roleId);
  if (!role) {
    // Same storage work as a wrong secret ID, so timing does not reveal an unknown role_id.
    await deps.secretIds.lookup("none", secretId);
    return refuse(deps, "unknown role_id");
  }
  if (!addressInCIDRs(role.secretIdBoundCIDRs, address)) {
    return refuse(deps, "client address outside the role's secret_id_bound_cidrs", role);
  }
  let entry: SecretIdEntry | null = null;
  if (role.bindSecretId) {
    if (secretId === "") return refuse(deps, "missing secret_id", role);
    const used = await deps.secretIds.use(role, secretId, deps.ctx.clock.now(), (e) =>
      addressInCIDRs(e.cidrList, address),
    );
    if ("refused" in used) {
      return refuse(deps, WHY[used.refused], role);
    }
    entry = used.entry;
  }
  return issue(role, entry);
}

function issue(role: RoleEntry, entry: SecretIdEntry | null): LogicalResponse {
  const metadata = { ...(entry?.metadata ?? {}), role_name: role.name };
  const token = tokenIssue(role.token);
  if (entry && entry.tokenBoundCIDRs.length > 0) token.boundCIDRs = [...entry.tokenBoundCIDRs];
  return {
    auth: {
      ...token,
      metadata,
      displayName: "",
      alias: { name: role.roleId, metadata },
      internal: { role_name: role.name, role_key: role.key, policies: role.token.policies },
    },
  };
}

export function loginPaths(deps: ApproleDeps): PathDef[] {
  return [
    definePath({
      pattern: "login",
      fields: { role_id: field.str().default(""), secret_id: field.str().default("") },
      operations: { update: async (req, f) => login(deps, req, f.role_id, f.secret_id) },
      help: "Log in with a role_id and, when the role binds one, a secret_id.",
    }),
  ];
}
