/** creds/:name: a new database user for a dynamic role, leased. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LogicalRequest, LogicalResponse } from "../../../logical/types.js";
import type { DatabaseDeps } from "../deps.js";
import { EXPIRY_MARGIN_SECONDS, leaseTTL } from "../lease-ttl.js";
import { newPassword } from "../passwords.js";
import { renderUsernameTemplate, sanitiseUsername } from "../username-template.js";
import { assertRoleAllowed, name } from "./common.js";

/** What a dynamic credential's lease keeps, for revocation and renewal. */
export interface CredsLeaseData {
  username: string;
  role: string;
  db_name: string;
  revocation_statements: string[];
}

export function credsPaths(deps: DatabaseDeps): PathDef[] {
  const { ctx, store, connections } = deps;

  const issue = async (req: LogicalRequest, roleName: string): Promise<LogicalResponse> => {
    const role = await store.role(roleName);
    if (!role) throw new InvalidRequestError(`unknown role: ${roleName}`);
    const config = await store.config(role.db_name);
    if (!config) {
      throw new InvalidRequestError(
        `database configuration "${role.db_name}" of role "${roleName}" does not exist`,
      );
    }
    assertRoleAllowed(config, roleName);
    const { conn, plugin } = await connections.get(role.db_name);
    const now = ctx.clock.now();
    const ttl = leaseTTL(role, ctx.ttls(), 0, now, now);
    const expiration = plugin.formatExpiration(now + (ttl + EXPIRY_MARGIN_SECONDS) * 1000);
    const template =
      role.username_template || config.connection_details.username_template || plugin.defaultUsernameTemplate;
    const rendered = renderUsernameTemplate(
      template,
      { DisplayName: req.auth?.displayName ?? "", RoleName: roleName },
      now,
    );
    const username = sanitiseUsername(rendered, plugin.maxUsernameBytes);
    const password = await newPassword(ctx, role.credential_config.password_policy || config.password_policy);
    if (await conn.userExists(username)) {
      // Never roll back here: the rollback would drop a user cofre did not create.
      throw new InvalidRequestError(
        `a database user named "${username}" already exists; the username_template must produce unique names`,
      );
    }
    const values = { name: username, password, expiration };
    try {
      await conn.createUser(role.creation_statements, values);
    } catch (err) {
      try {
        await conn.rollbackUser(role.rollback_statements, values);
      } catch (rollbackErr) {
        ctx.logger.error("rollback after a failed database user creation failed", {
          role: roleName,
          error: (rollbackErr as Error).message,
        });
      }
      throw err;
    }
    const internal: CredsLeaseData = {
      username,
      role: roleName,
      db_name: role.db_name,
      revocation_statements: role.revocation_statements,
    };
    return {
      data: { username, password },
      secret: { ttl, maxTTL: role.max_ttl, renewable: true, internal: { ...internal } },
    };
  };

  return [
    definePath({
      pattern: `creds/${name()}`,
      fields: { name: field.str() },
      operations: { read: async (req, f) => issue(req, f.name) },
      help: "Create a database user for a role; it is dropped when its lease ends.",
    }),
  ];
}
