/**
 * Shared setup of the database engine tests: a cofre server (in memory, or SQLite in a directory
 * that survives a restart), a PostgreSQL root role for cofre, and the usual roles.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Core } from "../../../src/core/core.js";
import { createHttpServer } from "../../../src/http/server.js";
import { buildCore } from "../../../src/server/build.js";
import { createStorage } from "../../../src/storage/index.js";
import type { Clock } from "../../../src/util/clock.js";
import { type Logger, silentLogger } from "../../../src/util/logger.js";
import { type Requester, requester } from "../../e2e/http.js";
import type { PostgresServer } from "../../helpers/postgres.js";
import type { TestServer } from "../../helpers/server.js";

export const ROOT_USER = "cofre_root";

/** Creates cofre's root role (CREATEROLE, not superuser) and a table it owns with two rows. */
export async function preparePostgres(pg: PostgresServer, rootPassword: string): Promise<void> {
  await pg.query(`CREATE ROLE ${ROOT_USER} WITH LOGIN CREATEROLE PASSWORD '${rootPassword}'`);
  await pg.query("CREATE TABLE items (id int PRIMARY KEY, name text)");
  await pg.query("INSERT INTO items VALUES (1, 'one'), (2, 'two')");
  await pg.query(`ALTER TABLE items OWNER TO ${ROOT_USER}`);
}

export const READONLY_CREATION = [
  `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';`,
  `GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}";`,
];

export const TEMPLATED_URL = (pg: PostgresServer) =>
  `postgresql://{{username}}:{{password}}@${pg.host}:${pg.port}/postgres?sslmode=disable`;

type Req = Requester | TestServer["request"];

/** Mounts the engine at database/ and writes connection `pg` (allowed_roles given). */
export async function configure(
  req: Req,
  token: string,
  pg: PostgresServer,
  rootPassword: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const m = await req("POST", "sys/mounts/database", { token, body: { type: "database" } });
  assert.equal(m.status, 204, m.text);
  const c = await req("POST", "database/config/pg", {
    token,
    body: {
      plugin_name: "postgresql-database-plugin",
      connection_url: TEMPLATED_URL(pg),
      username: ROOT_USER,
      password: rootPassword,
      allowed_roles: ["readonly", "static-*", "broken*", "custom*"],
      ...extra,
    },
  });
  assert.equal(c.status, 204, c.text);
}

export async function roleExists(pg: PostgresServer, name: string): Promise<boolean> {
  const r = await pg.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [name]);
  return (r.rowCount ?? 0) > 0;
}

/** Sessions cofre holds open (its pools set application_name "cofre"). */
export async function cofreSessions(pg: PostgresServer): Promise<number> {
  const r = await pg.query<{ n: string }>(
    "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'cofre'",
  );
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * cofre's sessions once the server has finished ending the closed ones: a backend leaves
 * pg_stat_activity a moment after its client disconnects, so poll (at most 3 s) until none is left.
 */
export async function cofreSessionsAfterClose(pg: PostgresServer): Promise<number> {
  let n = await cofreSessions(pg);
  for (let i = 0; i < 150 && n > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    n = await cofreSessions(pg);
  }
  return n;
}

export interface CofreNode {
  core: Core;
  request: Requester;
  close(): Promise<void>;
}

/** A cofre server on SQLite at `dir/cofre.db` (kept on close, so a second node can reopen it). */
export async function openSqliteNode(
  dir: string,
  clock: Clock,
  logger: Logger = silentLogger,
): Promise<CofreNode> {
  const storage = createStorage("sqlite", { path: join(dir, "cofre.db") });
  const ttl = 768 * 3600;
  const core = buildCore({ defaultLeaseTTL: ttl, maxLeaseTTL: ttl }, storage, logger, clock);
  const http = createHttpServer({ handler: core, logger: silentLogger });
  const { port } = await http.listen("127.0.0.1:0");
  return {
    core,
    request: requester(`http://127.0.0.1:${port}`),
    async close() {
      await http.close();
      await core.close();
    },
  };
}
