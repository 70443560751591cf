/**
 * PostgreSQL (`postgresql-database-plugin`) through `pg`. Statements run on a pool of
 * max_open_connections; every name and password reaches SQL through escapeIdentifier /
 * escapeLiteral (see sql-template.ts). TLS options in the URL (sslmode, sslrootcert, sslcert,
 * sslkey) are honoured by pg. Errors are typed, with every secret removed from their text.
 */
import pg from "pg";
import { z } from "zod";
import { type CofreError, InvalidRequestError, UpstreamError } from "../../../errors.js";
import { fillConnectionUrl, redactConnectionUrl, redactSecrets } from "./connection-url.js";
import { scramVerifier } from "./scram.js";
import { renderStatement, type SqlDialect } from "./sql-template.js";
import type { ConnectionDetails, DatabaseConnection, DatabasePlugin, StatementValues } from "./types.js";

const dialect: SqlDialect = {
  identifierQuote: '"',
  quoteIdentifier: pg.escapeIdentifier,
  quoteLiteral: pg.escapeLiteral,
  dollarQuotes: true,
};

const DEFAULT_RENEW = [`ALTER ROLE {{name}} VALID UNTIL '{{expiration}}';`];
const DEFAULT_SET_PASSWORD = [`ALTER ROLE {{name}} WITH PASSWORD '{{password}}';`];
/** Takes membership so a non-superuser CREATEROLE root may end sessions and reassign objects. */
const DEFAULT_REVOKE = [
  "GRANT {{name}} TO CURRENT_USER;",
  "REASSIGN OWNED BY {{name}} TO CURRENT_USER;",
  "DROP OWNED BY {{name}};",
  "DROP ROLE {{name}};",
];
const TERMINATE =
  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()";

/** SQLSTATE classes that mean the database could not be reached or used, not a bad statement. */
const UPSTREAM_CLASSES = new Set(["08", "28", "53", "57", "58", "XX"]);

function isDatabaseError(err: unknown): err is pg.DatabaseError {
  return err instanceof pg.DatabaseError;
}

class PostgresConnection implements DatabaseConnection {
  private readonly pool: pg.Pool;
  private readonly scram: boolean;

  constructor(private readonly details: ConnectionDetails) {
    this.scram = details.options.password_authentication === "scram-sha-256";
    this.pool = new pg.Pool({
      connectionString: fillConnectionUrl(details),
      user: details.username || undefined,
      password: details.password || undefined,
      max: Math.max(1, details.maxOpenConnections),
      maxLifetimeSeconds: details.maxConnectionLifetime,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      query_timeout: 60_000,
      application_name: "cofre",
    });
    // An idle connection that breaks (server restart) must not take the process down.
    this.pool.on("error", () => {});
  }

  private fail(err: unknown, what: string, secrets: Array<string | undefined>): CofreError {
    const hide = (text: string) => redactSecrets(text, [this.details.password, ...secrets]);
    if (err instanceof InvalidRequestError || err instanceof UpstreamError) return err;
    if (isDatabaseError(err)) {
      const code = err.code ?? "";
      const message = `${what} failed: ${hide(err.message)} (SQLSTATE ${code})`;
      return UPSTREAM_CLASSES.has(code.slice(0, 2))
        ? new UpstreamError(message)
        : new InvalidRequestError(message);
    }
    const sys = err as NodeJS.ErrnoException;
    const detail = sys?.code ? `${sys.code}` : err instanceof Error ? hide(err.message) : "unknown error";
    return new UpstreamError(`${what} failed: could not use the database connection (${detail})`);
  }

  /** Runs statements in one transaction on one connection. */
  private async inTransaction(
    what: string,
    secrets: Array<string | undefined>,
    work: (client: pg.PoolClient) => Promise<void>,
  ): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.fail(err, what, secrets);
    }
    let broken = false;
    try {
      await client.query("BEGIN");
      await work(client);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw this.fail(err, what, secrets);
    } finally {
      client.release(broken);
    }
  }

  private async run(client: pg.PoolClient, statements: string[], values: StatementValues): Promise<void> {
    for (const stmt of statements) {
      if (stmt.trim() === "") continue;
      await client.query(renderStatement(stmt, values, dialect));
    }
  }

  /** Values with the password replaced by its SCRAM verifier when so configured. */
  private async wire(values: StatementValues): Promise<StatementValues> {
    if (!this.scram || values.password === undefined) return values;
    return { ...values, password: await scramVerifier(values.password) };
  }

  async verify(): Promise<void> {
    try {
      await this.pool.query("SELECT 1");
    } catch (err) {
      throw this.fail(err, "connection check", []);
    }
  }

  async userExists(name: string): Promise<boolean> {
    try {
      const r = await this.pool.query("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", [name]);
      return (r.rowCount ?? 0) > 0;
    } catch (err) {
      throw this.fail(err, "user lookup", []);
    }
  }

  async createUser(statements: string[], values: StatementValues): Promise<void> {
    const v = await this.wire(values);
    await this.inTransaction("creation statements", [values.password, v.password], (c) =>
      this.run(c, statements, v),
    );
  }

  async rollbackUser(statements: string[], values: StatementValues): Promise<void> {
    if (statements.length === 0) return this.revokeUser([], values.name);
    const v = await this.wire(values);
    await this.inTransaction("rollback statements", [values.password, v.password], (c) =>
      this.run(c, statements, v),
    );
  }

  async revokeUser(statements: string[], name: string): Promise<void> {
    if (!(await this.userExists(name))) return;
    const custom = statements.some((s) => s.trim() !== "");
    try {
      // First no new logins, then end the sessions, then drop (all before anything can reconnect).
      await this.pool.query(renderStatement("ALTER ROLE {{name}} NOLOGIN", { name }, dialect));
    } catch (err) {
      throw this.fail(err, "revocation", []);
    }
    await this.inTransaction("revocation statements", [], async (c) => {
      if (!custom) await c.query(renderStatement(DEFAULT_REVOKE[0] as string, { name }, dialect));
      await c.query(TERMINATE, [name]);
      await this.run(c, custom ? statements : DEFAULT_REVOKE.slice(1), { name });
    });
  }

  async renewUser(statements: string[], values: { name: string; expiration: string }): Promise<void> {
    const list = statements.some((s) => s.trim() !== "") ? statements : DEFAULT_RENEW;
    await this.inTransaction("renew statements", [], (c) => this.run(c, list, values));
  }

  async setPassword(statements: string[], values: { name: string; password: string }): Promise<void> {
    const list = statements.some((s) => s.trim() !== "") ? statements : DEFAULT_SET_PASSWORD;
    const v = await this.wire(values);
    await this.inTransaction("rotation statements", [values.password, v.password], (c) =>
      this.run(c, list, v),
    );
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => {});
  }
}

export const postgresqlPlugin: DatabasePlugin = {
  name: "postgresql-database-plugin",
  extraFields: {
    password_authentication: z
      .enum(["password", "scram-sha-256"], { error: 'expected "password" or "scram-sha-256"' })
      .optional(),
  },
  defaultUsernameTemplate:
    '{{ printf "v-%s-%s-%s-%s" (.DisplayName | truncate 8) (.RoleName | truncate 8) (random 20) (unix_time) | truncate 63 }}',
  maxUsernameBytes: 63,
  validate(details) {
    let url: URL;
    try {
      url = new URL(fillConnectionUrl({ ...details, username: "u", password: "p" }));
    } catch {
      throw new InvalidRequestError(
        "connection_url must be a URL such as postgresql://{{username}}:{{password}}@host:5432/database",
      );
    }
    if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
      throw new InvalidRequestError('connection_url must start with "postgresql://" or "postgres://"');
    }
  },
  connect: (details) => new PostgresConnection(details),
  redactUrl: redactConnectionUrl,
  formatExpiration(ms) {
    // "2006-01-02 15:04:05+00" (UTC), which PostgreSQL reads as a timestamptz.
    return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")}+00`;
  },
};
