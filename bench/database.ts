/**
 * Database engine benchmark (issue 6): dynamic PostgreSQL credentials issued per second,
 * `GET database/creds/<role>` end to end over HTTP (policy check, user creation in PostgreSQL,
 * lease registration, audit-free), beside the same CREATE ROLE statement sent straight through
 * `pg` on a pool of the same size, measured in the same run and interleaved in rounds. Starts its
 * own throwaway PostgreSQL cluster (test/helpers/postgres.ts) and cofre server (SQLite).
 *
 *   npm run bench:database -- [--seconds 12] [--rounds 3] [--connections 8]
 * (or BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONNECTIONS). --seconds is each measure's total.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startPostgres } from "../test/helpers/postgres.js";
import { startCofre } from "./common/child.js";
import { MeasureTotals, measureHttp } from "./common/measures.js";
import { numberOption } from "./common/options.js";
import { rawCreateRoles } from "./database/baseline.js";
import { prepareDatabase } from "./database/setup.js";

const { values: flags } = parseArgs({
  options: { seconds: { type: "string" }, rounds: { type: "string" }, connections: { type: "string" } },
});
const seconds = numberOption(flags.seconds, "BENCH_SECONDS", 12);
const rounds = Math.trunc(numberOption(flags.rounds, "BENCH_ROUNDS", 3));
const connections = Math.trunc(numberOption(flags.connections, "BENCH_CONNECTIONS", 8));
const slice = seconds / rounds;

type Measure = "raw" | "raw-as-engine" | "http" | "http-scram";
const totals = new MeasureTotals<Measure>();

const ROOT = "bench_root";
const ROOT_PASSWORD = "bench-Root-pw-1";
const server = await startPostgres();
const dir = await mkdtemp(join(tmpdir(), "cofre-bench-database-"));
let cofre: Awaited<ReturnType<typeof startCofre>> | undefined;
const pool = new pg.Pool({
  host: server.host,
  port: server.port,
  user: ROOT,
  password: ROOT_PASSWORD,
  database: "postgres",
  max: connections,
});
let version = "?";
try {
  version = String((await server.query("SHOW server_version")).rows[0]?.server_version ?? "?");
  await server.query(`CREATE ROLE ${ROOT} WITH LOGIN CREATEROLE PASSWORD '${ROOT_PASSWORD}'`);
  cofre = await startCofre(dir, []);
  const token = await prepareDatabase(cofre.base, {
    url: `postgresql://{{username}}:{{password}}@${server.host}:${server.port}/postgres?sslmode=disable`,
    user: ROOT,
    password: ROOT_PASSWORD,
    connections,
  });
  const child = cofre;
  const http = async (m: "http" | "http-scram", secs: number, record: boolean) => {
    const r = await measureHttp(child, {
      url: `${child.base}/v1/database/creds/${m === "http" ? "bench" : "bench-scram"}`,
      headers: { "x-vault-token": token },
      connections,
      duration: secs,
    });
    if (record) totals.add(m, r.ops, r.seconds, r.failures, r.cpu);
  };
  const raw = async (m: "raw" | "raw-as-engine", secs: number, record: boolean) => {
    const r = await rawCreateRoles(pool, connections, secs, m === "raw-as-engine");
    if (record) totals.add(m, r.ops, r.seconds);
  };

  process.stderr.write("warming up (1s each)...\n");
  await raw("raw", 1, false);
  await http("http", 1, false);
  await http("http-scram", 1, false);
  for (let round = 1; round <= rounds; round++) {
    process.stderr.write(`round ${round}/${rounds} (${slice.toFixed(1)}s per measure)\n`);
    await raw("raw", slice, true);
    await raw("raw-as-engine", slice, true);
    await http("http", slice, true);
    await http("http-scram", slice, true);
  }
} finally {
  await pool.end().catch(() => {});
  await cofre?.stop();
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}

const rate = (m: Measure) => totals.rate(m);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const base = rate("raw");
const row = (label: string, m: Measure) => {
  const t = totals.get(m);
  const cpu = t && t.cpu > 0 && t.ops > 0 ? ((t.cpu / t.ops) * 1e3).toFixed(2) : "-";
  return `| ${label} | ${fmt(rate(m))} | ${(rate(m) / base).toFixed(3)} | ${cpu} | ${t?.failures ?? 0} |`;
};
const lines = [
  `database bench: PostgreSQL ${version}, ` +
    `${connections} connections (HTTP clients and pool size), ${rounds} rounds, ${seconds}s per measure, ` +
    `${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), node ${process.version}`,
  "",
  "| measure | credentials/s | vs raw CREATE ROLE | cofre CPU ms/credential | failures |",
  "| --- | ---: | ---: | ---: | ---: |",
  row("pg: CREATE ROLE ... PASSWORD (raw baseline)", "raw"),
  row("pg: name lookup + BEGIN / CREATE ROLE / COMMIT (what the engine sends)", "raw-as-engine"),
  row("HTTP GET database/creds/bench (end to end, lease registered)", "http"),
  row("HTTP GET database/creds/bench-scram (cofre computes the SCRAM verifier)", "http-scram"),
  "",
  `ratio: creds over HTTP / raw CREATE ROLE = ${(rate("http") / base).toFixed(3)}`,
];
process.stdout.write(`${lines.join("\n")}\n`);
if (totals.anyFailures()) process.exitCode = 1;
