/**
 * KV benchmark (issue 2): cofre KV v2 reads and writes over HTTP with a policy-bound token,
 * beside two baselines measured in the same run — a bare node:http server answering a JSON body
 * of the same size as the read, and raw better-sqlite3 single-row inserts with synchronous=FULL —
 * and one diagnostic: cofre's HTTP layer with a stub core that does no work ("stub"), the most
 * any read could reach. The measures are interleaved in rounds (bare, stub, read, write, raw,
 * then again), so a burst of load
 * from elsewhere on the machine hits each of them alike and the ratios stay meaningful.
 *
 *   npm run bench:kv -- [--seconds 10] [--rounds 5] [--warmup 2] [--connections 50]
 *                       [--only bare,stub,read,write,raw] [--write-keys 10000]
 *                       [--server-node-args="--cpu-prof --cpu-prof-dir=/tmp/p"]
 * (each flag also reads BENCH_SECONDS, BENCH_ROUNDS, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_ONLY,
 * BENCH_WRITE_KEYS, BENCH_SERVER_NODE_ARGS.) --seconds is each measure's total over all rounds.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startCofre } from "./common/child.js";
import { numberOption, serverNodeArgs } from "./common/options.js";
import {
  type LoadResult,
  type LoadTarget,
  LoadTotals,
  runLoad,
  startBareServer,
  startStubServer,
} from "./kv/load.js";
import { RawFullInserts } from "./kv/raw-sqlite.js";
import { prepareCofre } from "./kv/setup.js";

const READ_TARGET = 0.5;
const WRITE_TARGET = 1.0;
const MEASURES = ["bare", "stub", "read", "write", "raw"] as const;
type Measure = (typeof MEASURES)[number];

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string" },
    rounds: { type: "string" },
    warmup: { type: "string" },
    connections: { type: "string" },
    only: { type: "string" },
    "write-keys": { type: "string" },
    "server-node-args": { type: "string" },
  },
});

const allowZero = { allowZero: true };
const seconds = numberOption(flags.seconds, "BENCH_SECONDS", 10, allowZero);
const rounds = Math.max(1, Math.trunc(numberOption(flags.rounds, "BENCH_ROUNDS", 5, allowZero)));
const warmup = numberOption(flags.warmup, "BENCH_WARMUP", 2, allowZero);
const connections = numberOption(flags.connections, "BENCH_CONNECTIONS", 50, allowZero);
const writeKeys = Math.max(1, numberOption(flags["write-keys"], "BENCH_WRITE_KEYS", 10_000, allowZero));
const only = new Set((flags.only ?? process.env.BENCH_ONLY ?? MEASURES.join(",")).split(","));
const slice = seconds / rounds;

const secret = {
  username: "bench-app",
  password: randomBytes(24).toString("base64url"),
  url: "postgres://db.internal.example:5432/app?sslmode=verify-full",
};

const dir = await mkdtemp(join(tmpdir(), "cofre-bench-kv-"));
const totals = new Map<Measure, LoadTotals>();
let bodyBytes = 0;
let peakKiB = 0;
const cofre = await startCofre(dir, serverNodeArgs(flags["server-node-args"]));
try {
  const state = await prepareCofre(cofre.base, secret);
  bodyBytes = Buffer.byteLength(state.readBody);
  const auth = { "x-vault-token": state.token };
  const bare = only.has("bare") ? await startBareServer(state.readBody) : null;
  const stub = only.has("stub") ? await startStubServer(state.readBody) : null;
  // Same shape as a stored version record, plus the barrier's 33 bytes of header and tag.
  const raw = only.has("raw") ? new RawFullInserts(dir, Buffer.byteLength(state.writeBody) + 33) : null;
  try {
    let n = 0;
    const cofreCpu = () => cofre.cpuSeconds();
    const targets: Partial<Record<Measure, LoadTarget>> = {
      read: { options: { url: `${cofre.base}${state.readPath}`, headers: auth }, cpuSeconds: cofreCpu },
      write: {
        options: {
          url: cofre.base,
          requests: [
            {
              method: "POST",
              headers: { ...auth, "content-type": "application/json" },
              body: state.writeBody,
              setupRequest: (req) => ({ ...req, path: `/v1/secret/data/bench/w${n++ % writeKeys}` }),
            },
          ],
        },
        cpuSeconds: cofreCpu,
      },
    };
    if (bare)
      targets.bare = { options: { url: `${bare.base}${state.readPath}` }, cpuSeconds: bare.cpuSeconds };
    if (stub)
      targets.stub = {
        options: { url: `${stub.base}${state.readPath}`, headers: auth },
        cpuSeconds: stub.cpuSeconds,
      };
    const run = async (measure: Measure, duration: number, into?: LoadTotals) => {
      if (measure === "raw") {
        const r = raw!.run(duration);
        into?.add(r.inserts, r.seconds);
      } else await runLoad(targets[measure]!, connections, duration, into);
    };
    const chosen = MEASURES.filter((m) => only.has(m));
    if (warmup > 0) for (const m of chosen) await run(m, warmup);
    for (const m of chosen) totals.set(m, new LoadTotals());
    for (let r = 0; r < rounds; r++) for (const m of chosen) await run(m, slice, totals.get(m));
    peakKiB = await cofre.peakRssKiB();
  } finally {
    raw?.close();
    await bare?.stop();
    await stub?.stop();
  }
} finally {
  await cofre.stop();
  await rm(dir, { recursive: true, force: true });
}

const results = new Map([...totals].map(([m, t]) => [m, t.result()]));
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const row = (name: string, r: LoadResult | undefined, latency = true) =>
  r
    ? `| ${name} | ${fmt(r.rate)} | ${latency ? `${r.p50.toFixed(1)} / ${r.p99}` : "-"} | ` +
      `${latency ? r.cpuMicros.toFixed(0) : "-"} | ${latency ? r.failures : "-"} |`
    : `| ${name} | not run | - | - | - |`;
const ratio = (a: LoadResult | undefined, b: LoadResult | undefined, target: number) => {
  if (!a || !b) return "n/a";
  const x = a.rate / b.rate;
  return `${x.toFixed(2)} (target >= ${target.toFixed(1)}: ${x >= target ? "met" : "MISSED"})`;
};

const share = (a: LoadResult | undefined, b: LoadResult | undefined) =>
  a && b ? (a.rate / b.rate).toFixed(2) : "n/a";

const lines = [
  `KV benchmark (issue 2): ${connections} connections, ${seconds} s per measure in ${rounds} ` +
    `interleaved rounds (+${warmup} s warm-up), Node ${process.version}, ${cpus().length} cores, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB`,
  "",
  "| measure | req/s | latency p50 / p99 ms | server CPU µs/req | failures |",
  "| --- | ---: | ---: | ---: | ---: |",
  row(`bare node:http, same-size JSON (${bodyBytes} B)`, results.get("bare")),
  row("cofre HTTP layer, stub core (no work)", results.get("stub")),
  row("cofre KV v2 read (policy-bound token)", results.get("read")),
  row("raw better-sqlite3 insert, WAL, synchronous=FULL (1 row/commit)", results.get("raw"), false),
  row(`cofre KV v2 write (durable, ${writeKeys} keys)`, results.get("write")),
  "",
  `read / bare     = ${ratio(results.get("read"), results.get("bare"), READ_TARGET)}`,
  `stub / bare     = ${share(results.get("stub"), results.get("bare"))} (the HTTP layer alone: the ceiling of read / bare)`,
  `write / rawFULL = ${ratio(results.get("write"), results.get("raw"), WRITE_TARGET)}`,
  `cofre peak RSS (VmHWM) = ${(peakKiB / 1024).toFixed(0)} MiB`,
];
process.stdout.write(`${lines.join("\n")}\n`);
if ([...results.values()].some((r) => r.failures > 0)) {
  process.stderr.write("some requests failed: the figures above are not valid\n");
  process.exitCode = 1;
}
