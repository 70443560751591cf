/**
 * KV benchmark (issue 2): cofre KV v2 reads and writes over HTTP with a policy-bound token,
 * beside two baselines measured in the same run — a bare node:http server answering a JSON body
 * of the same size as the read, and raw better-sqlite3 single-row inserts with synchronous=FULL.
 *
 *   npm run bench:kv -- [--seconds 10] [--warmup 2] [--connections 50] [--only bare,read,write,raw]
 *                       [--write-keys 10000] [--server-node-args "--cpu-prof --cpu-prof-dir=/tmp/p"]
 * (each flag also reads BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS, BENCH_ONLY,
 * BENCH_WRITE_KEYS, BENCH_SERVER_NODE_ARGS.)
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startCofre } from "./kv/cofre-child.js";
import { type LoadResult, type LoadSettings, measure, startBareServer } from "./kv/load.js";
import { rawFullInserts } from "./kv/raw-sqlite.js";
import { prepareCofre } from "./kv/setup.js";

const READ_TARGET = 0.5;
const WRITE_TARGET = 1.0;
const SCENARIOS = ["bare", "read", "write", "raw"] as const;

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string" },
    warmup: { type: "string" },
    connections: { type: "string" },
    only: { type: "string" },
    "write-keys": { type: "string" },
    "server-node-args": { type: "string" },
  },
});

function numberOption(flag: string | undefined, env: string, fallback: number): number {
  const text = flag ?? process.env[env];
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${env} / flag: not a number: ${text}`);
  return n;
}

const settings: LoadSettings = {
  seconds: numberOption(flags.seconds, "BENCH_SECONDS", 10),
  warmupSeconds: numberOption(flags.warmup, "BENCH_WARMUP", 2),
  connections: numberOption(flags.connections, "BENCH_CONNECTIONS", 50),
};
const writeKeys = Math.max(1, numberOption(flags["write-keys"], "BENCH_WRITE_KEYS", 10_000));
const only = new Set((flags.only ?? process.env.BENCH_ONLY ?? SCENARIOS.join(",")).split(","));
const serverNodeArgs = (flags["server-node-args"] ?? process.env.BENCH_SERVER_NODE_ARGS ?? "")
  .split(" ")
  .filter(Boolean);

const secret = {
  username: "bench-app",
  password: randomBytes(24).toString("base64url"),
  url: "postgres://db.internal.example:5432/app?sslmode=verify-full",
};

const dir = await mkdtemp(join(tmpdir(), "cofre-bench-kv-"));
const results: Partial<Record<(typeof SCENARIOS)[number], LoadResult>> = {};
let bodyBytes = 0;
let peakKiB = 0;
const cofre = await startCofre(dir, serverNodeArgs);
try {
  const state = await prepareCofre(cofre.base, secret);
  bodyBytes = Buffer.byteLength(state.readBody);
  const auth = { "x-vault-token": state.token };

  if (only.has("bare")) {
    const bare = await startBareServer(state.readBody);
    try {
      results.bare = await measure(settings, { url: `${bare.base}${state.readPath}` });
    } finally {
      await bare.stop();
    }
  }
  if (only.has("read")) {
    results.read = await measure(settings, { url: `${cofre.base}${state.readPath}`, headers: auth });
  }
  if (only.has("write")) {
    let n = 0;
    results.write = await measure(settings, {
      url: cofre.base,
      requests: [
        {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: state.writeBody,
          setupRequest: (req) => ({ ...req, path: `/v1/secret/data/bench/w${n++ % writeKeys}` }),
        },
      ],
    });
  }
  peakKiB = await cofre.peakRssKiB();
} finally {
  await cofre.stop();
}
if (only.has("raw")) {
  const raw = rawFullInserts(dir, settings.seconds, Buffer.byteLength(JSON.stringify({ data: secret })) + 33);
  results.raw = { rate: raw.rate, p50: 0, p99: 0, failures: 0 };
}
await rm(dir, { recursive: true, force: true });

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const row = (name: string, r: LoadResult | undefined, latency = true) =>
  r
    ? `| ${name} | ${fmt(r.rate)} | ${latency ? `${r.p50} / ${r.p99}` : "-"} | ${latency ? r.failures : "-"} |`
    : `| ${name} | not run | - | - |`;
const ratio = (a: LoadResult | undefined, b: LoadResult | undefined, target: number) => {
  if (!a || !b) return "n/a";
  const x = a.rate / b.rate;
  return `${x.toFixed(2)} (target >= ${target.toFixed(1)}: ${x >= target ? "met" : "MISSED"})`;
};

const lines = [
  `KV benchmark (issue 2): ${settings.connections} connections, ${settings.seconds} s per measure ` +
    `(+${settings.warmupSeconds} s warm-up), Node ${process.version}, ${cpus().length} cores, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB`,
  "",
  "| measure | req/s | latency p50 / p99 ms | failures |",
  "| --- | ---: | ---: | ---: |",
  row(`bare node:http, same-size JSON (${bodyBytes} B)`, results.bare),
  row("cofre KV v2 read (policy-bound token)", results.read),
  row("raw better-sqlite3 insert, WAL, synchronous=FULL (1 row/commit)", results.raw, false),
  row(`cofre KV v2 write (durable, ${writeKeys} keys)`, results.write),
  "",
  `read / bare    = ${ratio(results.read, results.bare, READ_TARGET)}`,
  `write / rawFULL = ${ratio(results.write, results.raw, WRITE_TARGET)}`,
  `cofre peak RSS (VmHWM) = ${(peakKiB / 1024).toFixed(0)} MiB`,
];
process.stdout.write(`${lines.join("\n")}\n`);
const failed = Object.values(results).some((r) => r && r.failures > 0);
if (failed) {
  process.stderr.write("some requests failed: the figures above are not valid\n");
  process.exitCode = 1;
}
