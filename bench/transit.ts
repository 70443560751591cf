/**
 * Transit benchmark (issue 5): aes256-gcm96 encrypt and decrypt of 1 KiB over HTTP with a
 * policy-bound token, one item per request and batches of 100, in operations per second; beside
 * node:crypto doing the same AES-256-GCM work in-process, measured in the same run. The measures
 * are interleaved in rounds so load from elsewhere on the machine hits each of them alike.
 *
 *   npm run bench:transit -- [--seconds 12] [--rounds 3] [--warmup 1] [--connections 16]
 * (or BENCH_SECONDS, BENCH_ROUNDS, BENCH_WARMUP, BENCH_CONNECTIONS). --seconds is each measure's
 * total over all rounds.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startCofre } from "./common/child.js";
import { MeasureTotals, measureHttp } from "./common/measures.js";
import { numberOption } from "./common/options.js";
import { open, seal, timeLoop } from "./transit/baseline.js";
import { encryptAll, prepareTransit } from "./transit/setup.js";

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string" },
    rounds: { type: "string" },
    warmup: { type: "string" },
    connections: { type: "string" },
  },
});

const seconds = numberOption(flags.seconds, "BENCH_SECONDS", 12);
const rounds = Math.trunc(numberOption(flags.rounds, "BENCH_ROUNDS", 3));
const warmup = numberOption(flags.warmup, "BENCH_WARMUP", 1);
const connections = Math.trunc(numberOption(flags.connections, "BENCH_CONNECTIONS", 16));
const slice = seconds / rounds;
const BATCH = 100;

const plaintext = randomBytes(1024);
const plaintextB64 = plaintext.toString("base64");

type Measure = "node-encrypt" | "node-decrypt" | "encrypt-1" | "decrypt-1" | "encrypt-100" | "decrypt-100";
const totals = new MeasureTotals<Measure>();

const dir = await mkdtemp(join(tmpdir(), "cofre-bench-transit-"));
const cofre = await startCofre(dir, []);
try {
  const token = await prepareTransit(cofre.base);
  const one = (await encryptAll(cofre.base, token, [plaintextB64]))[0]!;
  const many = await encryptAll(
    cofre.base,
    token,
    Array.from({ length: BATCH }, () => plaintextB64),
  );
  const bodies: Record<Exclude<Measure, `node-${string}`>, { path: string; body: string; items: number }> = {
    "encrypt-1": { path: "encrypt", body: JSON.stringify({ plaintext: plaintextB64 }), items: 1 },
    "decrypt-1": { path: "decrypt", body: JSON.stringify({ ciphertext: one }), items: 1 },
    "encrypt-100": {
      path: "encrypt",
      body: JSON.stringify({
        batch_input: Array.from({ length: BATCH }, () => ({ plaintext: plaintextB64 })),
      }),
      items: BATCH,
    },
    "decrypt-100": {
      path: "decrypt",
      body: JSON.stringify({ batch_input: many.map((ciphertext) => ({ ciphertext })) }),
      items: BATCH,
    },
  };
  const http = async (m: keyof typeof bodies, secs: number, record: boolean) => {
    const { path, body, items } = bodies[m];
    const r = await measureHttp(cofre, {
      url: `${cofre.base}/v1/transit/${path}/bench`,
      method: "POST",
      headers: { "x-vault-token": token, "content-type": "application/json" },
      body,
      connections,
      duration: secs,
    });
    if (record) totals.add(m, r.ops * items, r.seconds, r.failures, r.cpu);
  };

  const key = randomBytes(32);
  const sealed = Array.from({ length: 64 }, () => seal(key, plaintext));
  const nodeEncrypt = (secs: number) => timeLoop(secs, () => seal(key, plaintext));
  const nodeDecrypt = (secs: number) => timeLoop(secs, (i) => open(key, sealed[i % sealed.length]!));

  process.stderr.write(`warming up (${warmup}s each)...\n`);
  nodeEncrypt(warmup);
  nodeDecrypt(warmup);
  for (const m of Object.keys(bodies) as (keyof typeof bodies)[]) await http(m, warmup, false);

  for (let round = 1; round <= rounds; round++) {
    process.stderr.write(`round ${round}/${rounds} (${slice.toFixed(1)}s per measure)\n`);
    const e = nodeEncrypt(slice);
    totals.add("node-encrypt", e.ops, e.seconds);
    const d = nodeDecrypt(slice);
    totals.add("node-decrypt", d.ops, d.seconds);
    for (const m of Object.keys(bodies) as (keyof typeof bodies)[]) await http(m, slice, true);
  }
} finally {
  await cofre.stop();
  await rm(dir, { recursive: true, force: true });
}

const rate = (m: Measure) => totals.rate(m);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const lines = [
  `transit bench: aes256-gcm96, 1 KiB plaintext, ${connections} connections, ${rounds} rounds, ` +
    `${seconds}s per measure, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), node ${process.version}`,
  "",
  "| measure | ops/s | vs node:crypto in-process | server CPU µs/op | failures |",
  "| --- | ---: | ---: | ---: | ---: |",
  `| node:crypto encrypt (in-process) | ${fmt(rate("node-encrypt"))} | 1 | - | 0 |`,
  `| node:crypto decrypt (in-process) | ${fmt(rate("node-decrypt"))} | 1 | - | 0 |`,
];
for (const m of ["encrypt-1", "decrypt-1", "encrypt-100", "decrypt-100"] as const) {
  const t = totals.get(m)!;
  const base = rate(m.startsWith("encrypt") ? "node-encrypt" : "node-decrypt");
  const label = `HTTP ${m.split("-")[0]}, batch of ${m.split("-")[1]}`;
  const cpu = t.ops > 0 ? ((t.cpu / t.ops) * 1e6).toFixed(1) : "-";
  lines.push(`| ${label} | ${fmt(rate(m))} | ${(rate(m) / base).toFixed(3)} | ${cpu} | ${t.failures} |`);
}
process.stdout.write(`${lines.join("\n")}\n`);
if (totals.anyFailures()) process.exitCode = 1;
