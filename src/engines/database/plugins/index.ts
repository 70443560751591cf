/** Database plugins by plugin_name. Adding a database: one file implementing DatabasePlugin, one line here. */
import { postgresqlPlugin } from "./postgresql.js";
import type { DatabasePlugin } from "./types.js";

export const databasePlugins: ReadonlyMap<string, DatabasePlugin> = new Map([
  [postgresqlPlugin.name, postgresqlPlugin],
]);

export type { ConnectionDetails, DatabaseConnection, DatabasePlugin, StatementValues } from "./types.js";
