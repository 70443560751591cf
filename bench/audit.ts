/**
 * Audit benchmark (issue 3): KV v2 read req/s over HTTP with a policy-bound token, with no audit
 * device and with one file device (HMAC'd entries, hash chain, a request and a response line per
 * read), measured on the same server in alternating rounds so machine noise hits both alike.
 *
 *   npm run bench:audit -- [--seconds 5] [--rounds 3] [--warmup 2] [--connections 50]
 *                          [--server-node-args="--cpu-prof --cpu-prof-dir=/tmp/p"] [--audited-only]
 * (each flag also reads BENCH_SECONDS, BENCH_ROUNDS, BENCH_WARMUP, BENCH_CONNECTIONS,
 * BENCH_SERVER_NODE_ARGS; --audited-only skips the un-audited measure, for profiling.)
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { call, initAndUnseal, policyToken } from "./common/api.js";
import { startCofre } from "./common/child.js";
import { numberOption, serverNodeArgs } from "./common/options.js";
import { type LoadTarget, LoadTotals, runLoad } from "./kv/load.js";

const TARGET = 0.7;
const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string" },
    rounds: { type: "string" },
    warmup: { type: "string" },
    connections: { type: "string" },
    "server-node-args": { type: "string" },
    "audited-only": { type: "boolean" },
  },
});

const seconds = numberOption(flags.seconds, "BENCH_SECONDS", 5);
const rounds = numberOption(flags.rounds, "BENCH_ROUNDS", 3);
const warmup = numberOption(flags.warmup, "BENCH_WARMUP", 2);
const connections = numberOption(flags.connections, "BENCH_CONNECTIONS", 50);

const dir = await mkdtemp(join(tmpdir(), "cofre-bench-audit-"));
// The child inherits the environment: file devices may write in the benchmark's temp dir.
process.env.COFRE_AUDIT_ALLOWED_DIRS = dir;
const cofre = await startCofre(dir, serverNodeArgs(flags["server-node-args"]));
const none = new LoadTotals();
const audited = new LoadTotals();
let logBytes = 0;
try {
  const base = cofre.base;
  const root = await initAndUnseal(base);
  await call(base, "POST", "sys/mounts/secret", root, { type: "kv", options: { version: "2" } });
  const token = await policyToken(
    base,
    root,
    "bench",
    'path "secret/data/bench/*" { capabilities = ["read", "create", "update"] }',
  );
  const secret = { username: "bench-app", password: randomBytes(24).toString("base64url"), port: "5432" };
  await call(base, "POST", "secret/data/bench/read", token, { data: secret });

  const target: LoadTarget = {
    options: { url: `${base}/v1/secret/data/bench/read`, headers: { "x-vault-token": token } },
    cpuSeconds: () => cofre.cpuSeconds(),
  };
  const logPath = join(dir, "audit.log");
  const enable = () =>
    call(base, "PUT", "sys/audit/bench", root, { type: "file", options: { file_path: logPath } });
  const disable = () => call(base, "DELETE", "sys/audit/bench", root);

  await runLoad(target, connections, warmup);
  await enable();
  await runLoad(target, connections, warmup);
  await disable();
  for (let i = 0; i < rounds; i++) {
    if (!flags["audited-only"]) await runLoad(target, connections, seconds, none);
    await enable();
    await runLoad(target, connections, seconds, audited);
    await disable();
  }
  logBytes = (await stat(logPath)).size;
} finally {
  await cofre.stop();
  await rm(dir, { recursive: true, force: true });
}

const a = none.result();
const b = audited.result();
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const ratio = b.rate / a.rate;
const lines = [
  `Audit benchmark (issue 3): KV v2 read, policy-bound token, ${connections} connections, ${rounds} rounds x ` +
    `${seconds} s per measure (+${warmup} s warm-up each), Node ${process.version}, ${cpus().length} cores, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB`,
  "",
  "| measure | req/s | latency p50 / p99 ms | server CPU us/req | failures |",
  "| --- | ---: | ---: | ---: | ---: |",
  `| no audit device | ${fmt(a.rate)} | ${a.p50.toFixed(1)} / ${a.p99} | ${fmt(a.cpuMicros)} | ${a.failures} |`,
  `| one file device (HMAC + chain, 2 lines/read) | ${fmt(b.rate)} | ${b.p50.toFixed(1)} / ${b.p99} | ${fmt(b.cpuMicros)} | ${b.failures} |`,
  "",
  `file / none = ${ratio.toFixed(2)} (target >= ${TARGET}: ${ratio >= TARGET ? "met" : "MISSED"})`,
  `audit log written: ${(logBytes / 2 ** 20).toFixed(1)} MiB over all audited rounds`,
];
process.stdout.write(`${lines.join("\n")}\n`);
if (a.failures + b.failures > 0) {
  process.stderr.write("some requests failed: the figures above are not valid\n");
  process.exitCode = 1;
}
