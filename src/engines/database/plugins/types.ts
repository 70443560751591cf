/**
 * The contract between the database engine and one kind of database. A plugin turns connection
 * details into a DatabaseConnection and runs the engine's statements with its own quoting; the
 * engine owns everything else (roles, leases, passwords, rotation, rollback decisions). A second
 * database is one new file implementing DatabasePlugin, listed in plugins/index.ts.
 */
import type { z } from "zod";

/** Connection settings as stored in a config (connection_details), secrets included. */
export interface ConnectionDetails {
  /** May hold `{{username}}` and `{{password}}`, filled from `username` and `password`. */
  connectionUrl: string;
  username: string;
  password: string;
  maxOpenConnections: number;
  maxIdleConnections: number;
  /** Seconds a connection may live before it is replaced (0 = forever). */
  maxConnectionLifetime: number;
  /** Do not URL-encode username and password into the connection URL. */
  disableEscaping: boolean;
  /** The plugin's own options (the fields it declares in `extraFields`). */
  options: Record<string, unknown>;
}

/** Values a statement template may use: `{{name}}` (alias `{{username}}`), `{{password}}`, `{{expiration}}`. */
export interface StatementValues {
  name: string;
  password?: string;
  /** When the credential stops working, in the database's timestamp format. */
  expiration?: string;
}

export interface DatabaseConnection {
  /** Opens a connection and runs a trivial query; throws an UpstreamError when that fails. */
  verify(): Promise<void>;
  userExists(name: string): Promise<boolean>;
  /** Runs the creation statements, all or nothing where the database allows. */
  createUser(statements: string[], values: StatementValues): Promise<void>;
  /** Undoes a failed creation: the rollback statements, or (none given) drops the user if it exists. */
  rollbackUser(statements: string[], values: StatementValues): Promise<void>;
  /**
   * Ends the user's sessions and drops it with the revocation statements (none given: the
   * plugin's default). Succeeds when the user does not exist (revocation is retried).
   */
  revokeUser(statements: string[], name: string): Promise<void>;
  /** Extends the user's validity (renew statements, or the plugin's default). */
  renewUser(statements: string[], values: Required<Omit<StatementValues, "password">>): Promise<void>;
  /** Sets a user's password (static roles, root rotation): rotation statements or the default. */
  setPassword(statements: string[], values: Required<Omit<StatementValues, "expiration">>): Promise<void>;
  close(): Promise<void>;
}

export interface DatabasePlugin {
  /** The config's `plugin_name`, e.g. "postgresql-database-plugin". */
  readonly name: string;
  /** Plugin-specific connection fields (added to config/:name, stored in `options`). */
  readonly extraFields: z.ZodRawShape;
  /** Vault's default username_template for this database. */
  readonly defaultUsernameTemplate: string;
  /** Longest user name the database accepts, in bytes. */
  readonly maxUsernameBytes: number;
  /** Checks connection details before they are stored (a clear 400 for a bad URL). */
  validate(details: ConnectionDetails): void;
  /** A connection pool; no I/O until it is used. */
  connect(details: ConnectionDetails): DatabaseConnection;
  /** The connection URL with any literal password replaced, for reads. */
  redactUrl(url: string): string;
  /** A point in time as the statements' `{{expiration}}` expects it. */
  formatExpiration(ms: number): string;
}
