/**
 * `cofre run` start-up benchmark (issue 8): the time from starting `cofre run` to the moment the
 * command it runs begins executing, beside a bare `node -e` start measured in the same run. Each
 * process reports `performance.timeOrigin + performance.now()` as its first act; the latency is
 * that minus the wall-clock time just before spawn. Variants, interleaved in rounds (medians):
 *  - bare:        node -e SCRIPT
 *  - cofre:       node dist/bin/cofre.js run --path=secret/bench -- node -e SCRIPT  (compiled, as installed)
 *  - cofre-config: the same with no flags, paths from a .cofre.toml in the working directory
 *  - cofre-tsx:   node --import tsx bin/cofre.ts run ... (from source, as `npm run cofre`)
 * Target: cofre at most 300 ms above bare. The server runs in this process (in-memory storage),
 * idle while a measure runs; the secret has 5 keys on a KV v2 mount, masking on (the default).
 *
 *   npm run bench:run -- [--rounds 15] [--no-tsx]
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createHttpServer } from "../src/http/server.js";
import { buildCore } from "../src/server/build.js";
import { createStorage } from "../src/storage/index.js";
import { silentLogger } from "../src/util/logger.js";
import { call } from "./common/api.js";
import { buildCofre } from "./scan/tools.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const TARGET_MS = 300;
const { values: flags } = parseArgs({
  options: { rounds: { type: "string", default: "15" }, "no-tsx": { type: "boolean", default: false } },
});
const rounds = Math.max(1, Number(flags.rounds));
const SCRIPT = "process.stdout.write(String(performance.timeOrigin + performance.now()))";

async function startServer() {
  const core = buildCore(
    { defaultLeaseTTL: 3600, maxLeaseTTL: 3600 },
    createStorage("inmem", {}),
    silentLogger,
  );
  const http = createHttpServer({ handler: core, logger: silentLogger });
  const { port } = await http.listen("127.0.0.1:0");
  const { keys, rootToken } = await core.initialize(1, 1);
  await core.unseal(keys);
  const addr = `http://127.0.0.1:${port}`;
  await call(addr, "POST", "sys/mounts/secret", rootToken, { type: "kv", options: { version: "2" } });
  const data = {
    db_password: "bench-password-1",
    api_key: "bench-api-key-2",
    user: "bench",
    host: "db",
    port: 5432,
  };
  await call(addr, "POST", "secret/data/bench", rootToken, { data });
  const close = async () => {
    await http.close();
    await core.close();
  };
  return { addr, rootToken, close };
}

/** Spawns argv and resolves to (child's reported start) - (time just before spawn), in ms. */
function latency(argv: string[], env: Record<string, string>, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.timeOrigin + performance.now();
    const child = spawn(argv[0], argv.slice(1), { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString();
    });
    child.on("close", (code) => {
      const started = Number(out);
      if (code !== 0 || !Number.isFinite(started))
        reject(new Error(`${argv.join(" ")} failed (${code}): ${err}`));
      else resolve(started - t0);
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];

const work = mkdtempSync(path.join(tmpdir(), "cofre-bench-run-"));
const server = await startServer();
try {
  const entry = buildCofre(ROOT, path.join(work, "build"));
  if (!entry) throw new Error("the build failed; nothing to measure");
  const project = path.join(work, "project");
  mkdirSync(project);
  writeFileSync(path.join(project, ".cofre.toml"), 'paths = ["secret/bench"]\n');
  const env = { PATH: process.env.PATH ?? "", COFRE_ADDR: server.addr, COFRE_TOKEN: server.rootToken };
  const node = process.execPath;
  const child = [node, "-e", SCRIPT];
  const variants: Array<[string, string[], string]> = [
    ["bare", child, ROOT],
    ["cofre", [node, entry, "run", "--path=secret/bench", "--", ...child], ROOT],
    ["cofre-config", [node, entry, "run", "--", ...child], project],
  ];
  if (!flags["no-tsx"]) {
    variants.push([
      "cofre-tsx",
      [
        node,
        "--import",
        "tsx",
        path.join(ROOT, "bin", "cofre.ts"),
        "run",
        "--path=secret/bench",
        "--",
        ...child,
      ],
      ROOT,
    ]);
  }
  for (const [, argv, cwd] of variants) await latency(argv, env, cwd); // warm caches (and tsx's)
  const results = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, argv, cwd] of variants) results.get(name)?.push(await latency(argv, env, cwd));
  }
  const bare = median(results.get("bare") ?? []);
  process.stdout.write(
    `machine: ${availableParallelism()} CPUs, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; ` +
      `${rounds} rounds\n\n| variant | median ms | p90 ms | over bare (median) |\n| --- | ---: | ---: | ---: |\n`,
  );
  for (const [name, xs] of results) {
    const over = median(xs) - bare;
    process.stdout.write(
      `| ${name} | ${median(xs).toFixed(0)} | ${p90(xs).toFixed(0)} | ${name === "bare" ? "-" : `+${over.toFixed(0)}`} |\n`,
    );
  }
  const over = median(results.get("cofre") ?? []) - bare;
  process.stdout.write(
    `\ncofre run (compiled) adds ${over.toFixed(0)} ms to a bare node start: target <= ${TARGET_MS} ms ${over <= TARGET_MS ? "met" : "MISSED"}\n`,
  );
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
