/**
 * The database secrets engine: connections to databases (config/), dynamic roles whose every
 * credential is a new user dropped when its lease ends (roles/, creds/), and static roles whose
 * existing user's password is rotated on a period or schedule (static-roles/, static-creds/).
 * Each database kind is a plugin (plugins/); PostgreSQL is built in.
 */
import { createBackend } from "../../logical/framework.js";
import type { Backend, BackendContext } from "../../logical/types.js";
import { ConnectionManager } from "./connections.js";
import type { DatabaseDeps } from "./deps.js";
import { KeyLock } from "./key-lock.js";
import { configPaths } from "./paths/config.js";
import { credsPaths } from "./paths/creds.js";
import { rolePaths } from "./paths/roles.js";
import { staticRolePaths } from "./paths/static-roles.js";
import { secretHandlers } from "./secret.js";
import { rotateDueStaticRoles } from "./static-rotation.js";
import { DatabaseStore } from "./store.js";

export function createDatabaseBackend(ctx: BackendContext): Backend {
  const store = new DatabaseStore(ctx.storage);
  const deps: DatabaseDeps = {
    ctx,
    store,
    connections: new ConnectionManager(store, ctx.logger),
    locks: new KeyLock(),
  };
  const { revokeSecret, renewSecret } = secretHandlers(deps);
  return createBackend({
    type: "database",
    paths: [...configPaths(deps), ...rolePaths(deps), ...credsPaths(deps), ...staticRolePaths(deps)],
    help: "Dynamic and static database credentials: users created per lease and dropped when it ends, and rotated passwords.",
    revokeSecret,
    renewSecret,
    periodic: () => rotateDueStaticRoles(deps),
    cleanup: () => deps.connections.closeAll(),
  });
}
