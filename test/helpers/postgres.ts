/**
 * A throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temp dir, listening on a free
 * loopback port (password logins, SCRAM) and on a Unix socket in that dir (trust, for the test's
 * own superuser connection). Started once per test file with usePostgres(), stopped and deleted
 * after it, and also when the process exits early.
 *
 * Without PostgreSQL server binaries the tests that need it are skipped with a message naming how
 * to install them; with COFRE_REQUIRE_POSTGRES=1 (CI) a missing PostgreSQL fails the file instead.
 * When run as root, the server runs as the `postgres` user (initdb refuses root).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import pg from "pg";

export const INSTALL_HINT =
  "PostgreSQL server binaries not found: install them with `apt-get install postgresql` (Debian/Ubuntu) or set COFRE_PG_BIN to the folder holding initdb and pg_ctl";

export interface PostgresServer {
  host: string;
  port: number;
  /** Folder of the server's Unix socket (trust login for the `postgres` superuser). */
  socketDir: string;
  /** A postgresql:// URL for a password login over TCP (user and password URL-encoded). */
  url(user: string, password: string, database?: string): string;
  /** Runs one query as the superuser over the Unix socket. */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  /** Whether a password login over TCP succeeds. */
  canLogin(user: string, password: string, database?: string): Promise<boolean>;
  /** Connects over TCP with a password (the caller ends the client). */
  connect(user: string, password: string, database?: string): Promise<pg.Client>;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pgCtl: string;
}

function findBinaries(): Binaries | null {
  const dirs: string[] = [];
  // An explicit folder is the only place looked at (also how to test the skip path).
  if (process.env.COFRE_PG_BIN) dirs.push(process.env.COFRE_PG_BIN);
  else dirs.push(...defaultBinDirs());
  for (const d of dirs) {
    const initdb = join(d, "initdb");
    const pgCtl = join(d, "pg_ctl");
    if (existsSync(initdb) && existsSync(pgCtl)) return { initdb, pgCtl };
  }
  return null;
}

function defaultBinDirs(): string[] {
  const dirs: string[] = [];
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(join(root, v, "bin"));
  }
  for (const p of (process.env.PATH ?? "").split(":")) if (p) dirs.push(p);
  return dirs;
}

/** uid/gid to run the server as: ourselves, or the `postgres` user when we are root. */
function runAs(): { uid: number; gid: number } | null | "none" {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  if (!line) return "none";
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Why PostgreSQL tests cannot run here (undefined when they can). Throws instead when
 * COFRE_REQUIRE_POSTGRES=1, so CI never skips them silently.
 */
export function postgresSkipReason(): string | undefined {
  let reason: string | undefined;
  if (!findBinaries()) reason = INSTALL_HINT;
  else if (runAs() === "none")
    reason = "running as root and there is no `postgres` user to run PostgreSQL as";
  if (reason && process.env.COFRE_REQUIRE_POSTGRES === "1") {
    throw new Error(`COFRE_REQUIRE_POSTGRES=1 but PostgreSQL cannot run: ${reason}`);
  }
  return reason;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function run(cmd: string, args: string[], user: { uid: number; gid: number } | null): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ["ignore", "pipe", "pipe"],
      ...(user ?? {}),
      env: { ...process.env, LC_ALL: "C", LANG: "C" },
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} exited with ${code}: ${out.slice(-2000)}`)),
    );
  });
}

/** Starts a fresh cluster. The caller must stop() it (usePostgres does). */
export async function startPostgres(): Promise<PostgresServer> {
  const bins = findBinaries();
  if (!bins) throw new Error(INSTALL_HINT);
  const who = runAs();
  if (who === "none") throw new Error("running as root and there is no `postgres` user");
  const dir = await mkdtemp(join(tmpdir(), "cofre-pg-"));
  if (who) await chown(dir, who.uid, who.gid);
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  let started = false;
  const stopSync = () => {
    if (started)
      spawnSync(bins.pgCtl, ["-D", data, "-m", "immediate", "stop"], { stdio: "ignore", ...(who ?? {}) });
    started = false;
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stopSync);
  try {
    await run(
      bins.initdb,
      [
        "-D",
        data,
        "-U",
        "postgres",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--no-sync",
      ],
      who,
    );
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const opts = [
        `-p ${port}`,
        `-k ${dir}`,
        "-c listen_addresses=127.0.0.1",
        "-c fsync=off",
        "-c synchronous_commit=off",
        "-c full_page_writes=off",
        "-c max_connections=200",
      ].join(" ");
      try {
        started = true;
        await run(bins.pgCtl, ["-D", data, "-l", log, "-w", "-t", "30", "-o", opts, "start"], who);
        break;
      } catch (err) {
        started = false;
        if (attempt >= 2) {
          const tail = await readFile(log, "utf8").catch(() => "");
          throw new Error(`PostgreSQL did not start: ${(err as Error).message}\n${tail.slice(-2000)}`);
        }
      }
    }
    const host = "127.0.0.1";
    const admin = new pg.Pool({ host: dir, port, user: "postgres", database: "postgres", max: 4 });
    const server: PostgresServer = {
      host,
      port,
      socketDir: dir,
      url: (user, password, database = "postgres") =>
        `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${database}`,
      query: (sql, params) => admin.query(sql, params),
      async connect(user, password, database = "postgres") {
        const client = new pg.Client({ host, port, user, password, database, connectionTimeoutMillis: 5000 });
        client.on("error", () => {});
        await client.connect();
        return client;
      },
      async canLogin(user, password, database) {
        try {
          const c = await server.connect(user, password, database);
          await c.end();
          return true;
        } catch {
          return false;
        }
      },
      async stop() {
        process.removeListener("exit", stopSync);
        await admin.end().catch(() => {});
        if (started) await run(bins.pgCtl, ["-D", data, "-m", "immediate", "stop"], who).catch(() => {});
        started = false;
        await rm(dir, { recursive: true, force: true });
      },
    };
    return server;
  } catch (err) {
    process.removeListener("exit", stopSync);
    stopSync();
    throw err;
  }
}

/**
 * One cluster for this test file: started by the first ready() (call it from your before hook;
 * node:test on Node 20 may run separate root before hooks concurrently, so ordering between
 * hooks cannot be relied on), stopped by an after hook. Pass `skip` to each test:
 * `test("...", { skip: pg.skip }, ...)`.
 */
export function usePostgres(): {
  skip: string | false;
  ready(): Promise<PostgresServer>;
  server(): PostgresServer;
} {
  const reason = postgresSkipReason();
  let starting: Promise<PostgresServer> | undefined;
  let server: PostgresServer | undefined;
  if (!reason) {
    after(async () => {
      await starting?.catch(() => {});
      await server?.stop();
    });
  }
  return {
    skip: reason ?? false,
    ready() {
      if (reason) return Promise.reject(new Error(reason));
      starting ??= startPostgres().then((started) => {
        server = started;
        return started;
      });
      return starting;
    },
    server() {
      if (!server) throw new Error("PostgreSQL is not running: await ready() first");
      return server;
    },
  };
}
