/**
 * In-process KV cost: core.handle() for KV v2 reads and writes with a policy-bound token, no HTTP.
 * Prints CPU µs per operation; run with `node --cpu-prof` to see where it goes.
 *   npx tsx bench/kv/inprocess.ts [--ops N] [--only read,write] [--concurrency 50] [--yield]
 * By default 50 operations run through the core together in one batch of microtasks: the
 * cheapest case (hot caches). `--yield` makes each one wait for the event loop before the next,
 * as requests arriving over HTTP do; `--concurrency 1` runs them one at a time.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { startTestServer, tokenWith } from "../../test/helpers/server.js";

const args = process.argv.slice(2);
const ops = Number(args[args.indexOf("--ops") + 1] ?? 0) || 50_000;
const only = args.includes("--only") ? args[args.indexOf("--only") + 1].split(",") : ["read", "write"];
const concurrency = Number(args[args.indexOf("--concurrency") + 1] ?? 0) || 50;
const yieldBetween = args.includes("--yield");
const turn = () => new Promise((resolve) => setImmediate(resolve));

const server = await startTestServer({ storage: "sqlite" });
await server.request("PUT", "sys/policies/acl/bench", {
  token: server.rootToken,
  body: { policy: 'path "secret/data/bench/*" { capabilities = ["create","read","update"] }' },
});
const token = await tokenWith(server, ["bench"]);
const secret = { username: "app", password: "s3cr3t-value-0123456789", url: "postgres://db:5432/app" };
await server.request("POST", "secret/data/bench/read", { token, body: { data: secret } });

function req(operation: "read" | "update", path: string, data?: Record<string, unknown>) {
  return {
    id: randomUUID(),
    operation,
    path,
    data: data ?? {},
    headers: {},
    clientToken: token,
    connection: { remoteAddress: "127.0.0.1", remotePort: 1, tls: false },
    wrapTTL: 0,
  };
}

async function measure(name: string, n: number, one: (i: number) => Promise<unknown>, concurrency: number) {
  for (let i = 0; i < 2000; i++) await one(i);
  const elu = performance.eventLoopUtilization();
  const start = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        await one(next++);
        if (yieldBetween) await turn();
      }
    }),
  );
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(start);
  const busy = performance.eventLoopUtilization(elu).active * 1000; // ms -> µs
  console.log(
    `${name}: ${((cpu.user + cpu.system) / n).toFixed(1)} µs CPU/op (all threads), ${(busy / n).toFixed(1)} µs event-loop busy/op, ${Math.round((n / wall) * 1000)} ops/s`,
  );
}

if (only.includes("read")) {
  await measure(
    "KV v2 read",
    ops,
    async () => {
      const res = await server.core.handle(req("read", "secret/data/bench/read"));
      if (res.data === null || res.raw) throw new Error("read failed");
    },
    concurrency,
  );
}
if (only.includes("write")) {
  await measure(
    "KV v2 write",
    Math.min(ops, 20_000),
    async (i) => {
      const res = await server.core.handle(
        req("update", `secret/data/bench/w${i % 10_000}`, { data: secret }),
      );
      if (res.data === null || res.raw) throw new Error("write failed");
    },
    concurrency,
  );
}
await server.close();
