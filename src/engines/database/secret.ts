/** Renewal and revocation of dynamic credentials (the core calls these for creds/ leases). */
import { InvalidRequestError, UpstreamError } from "../../errors.js";
import type { LogicalRequest, LogicalResponse } from "../../logical/types.js";
import type { DatabaseDeps } from "./deps.js";
import { EXPIRY_MARGIN_SECONDS, leaseTTL } from "./lease-ttl.js";
import type { CredsLeaseData } from "./paths/creds.js";

function leaseData(req: LogicalRequest): CredsLeaseData {
  const i = req.lease?.internal ?? {};
  const stmts = i.revocation_statements;
  if (
    typeof i.username !== "string" ||
    typeof i.role !== "string" ||
    typeof i.db_name !== "string" ||
    !(Array.isArray(stmts) && stmts.every((s) => typeof s === "string"))
  ) {
    throw new InvalidRequestError("the lease does not hold database credential data");
  }
  return { username: i.username, role: i.role, db_name: i.db_name, revocation_statements: stmts };
}

export function secretHandlers({ ctx, store, connections }: DatabaseDeps) {
  /** Drops the user with the role's current revocation statements (those at issue if the role is gone). */
  const revokeSecret = async (req: LogicalRequest): Promise<void> => {
    const lease = leaseData(req);
    if (!(await store.config(lease.db_name))) {
      throw new UpstreamError(
        `database configuration "${lease.db_name}" no longer exists, so its user cannot be dropped; restore it or revoke-force the lease`,
      );
    }
    const role = await store.role(lease.role);
    const { conn } = await connections.get(lease.db_name);
    await conn.revokeUser(role ? role.revocation_statements : lease.revocation_statements, lease.username);
    ctx.logger.debug("dropped a database user", { role: lease.role, connection: lease.db_name });
  };

  /** Extends the user's validity in the database to the renewed TTL. */
  const renewSecret = async (req: LogicalRequest): Promise<LogicalResponse | null> => {
    const lease = leaseData(req);
    const role = await store.role(lease.role);
    if (!role)
      throw new InvalidRequestError(`role "${lease.role}" no longer exists; the lease cannot be renewed`);
    const now = ctx.clock.now();
    const ttl = leaseTTL(role, ctx.ttls(), req.lease?.increment ?? 0, req.lease?.issueTime ?? now, now);
    if (ttl <= 0) throw new InvalidRequestError("past the max TTL, cannot renew");
    const { conn, plugin } = await connections.get(lease.db_name);
    const expiration = plugin.formatExpiration(now + (ttl + EXPIRY_MARGIN_SECONDS) * 1000);
    await conn.renewUser(role.renew_statements, { name: lease.username, expiration });
    return { secret: { ttl, maxTTL: role.max_ttl, renewable: true, internal: { ...lease } } };
  };

  return { revokeSecret, renewSecret };
}
