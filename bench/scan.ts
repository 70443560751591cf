/**
 * Secret scanning benchmark (issue 7): `cofre scan` on a large tree (the project's own
 * node_modules by default), beside two baselines on the same tree in the same run:
 *  - ripgrep searching for the union of the detectors' keywords, case-insensitive: the speed a
 *    perfect keyword prefilter would reach (target: cofre at least 0.2 of its throughput);
 *  - secretlint with its recommended preset (target: cofre at least 100x its throughput).
 * cofre and ripgrep run interleaved in rounds (medians reported) so load from elsewhere hits both
 * alike. Throughput is the tree's total size and file count over wall time, for every tool.
 * secretlint runs once as its README shows (one process over the whole tree, stopped at
 * --secretlint-timeout: then its time is a lower bound) and once in batches of whole packages
 * (--secretlint-batch files at most per process; 0 to skip), its fastest way through a tree.
 *
 *   npm run bench:scan -- [--tree DIR] [--runs 3] [--no-secretlint] [--secretlint-batch 200]
 *                         [--secretlint-timeout 1200]
 *
 * It installs nothing: without ripgrep (`apt-get install -y ripgrep`) or secretlint
 * (`npm install`, a devDependency) it says so and skips that baseline.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { BUILTIN_DETECTORS } from "../src/scan/detectors/index.js";
import { measure, median, type Run } from "./scan/measure.js";
import { secretlintBatched, secretlintDocumented } from "./scan/secretlint.js";
import { buildCofre, ripgrepVersion, secretlintVersion } from "./scan/tools.js";
import { treeStats } from "./scan/tree.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const { values: flags } = parseArgs({
  options: {
    tree: { type: "string", default: path.join(ROOT, "node_modules") },
    runs: { type: "string", default: "3" },
    "no-secretlint": { type: "boolean", default: false },
    "secretlint-batch": { type: "string", default: "200" },
    "secretlint-timeout": { type: "string", default: "1200" },
  },
});
const tree = path.resolve(flags.tree);
const runs = Math.max(1, Number(flags.runs));
const work = mkdtempSync(path.join(tmpdir(), "cofre-bench-scan-"));

interface Result {
  tool: string;
  seconds: number;
  peakKb: number | null;
  findings: number;
  note?: string;
  /** The tool was stopped at a time limit: its time is a lower bound. */
  lowerBound?: boolean;
}

const stats = treeStats(tree);
const mb = stats.bytes / 1e6;
process.stdout.write(
  `tree: ${tree}\n  ${stats.files} files, ${mb.toFixed(1)} MB; machine: ${availableParallelism()} CPUs, ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}\n`,
);

// --- tools ---------------------------------------------------------------------------------
const keywords = [...new Set(BUILTIN_DETECTORS.flatMap((d) => d.keywords.map((k) => k.toLowerCase())))];
const keywordFile = path.join(work, "keywords.txt");
writeFileSync(keywordFile, `${keywords.join("\n")}\n`);
const rg = ripgrepVersion();
if (!rg)
  process.stdout.write(
    "ripgrep not found: install it with `apt-get install -y ripgrep`; skipping that baseline\n",
  );
const secretlint = flags["no-secretlint"] ? null : secretlintVersion(ROOT);
if (!secretlint && !flags["no-secretlint"]) {
  process.stdout.write(
    "secretlint not installed: run `npm install` (a devDependency); skipping that baseline\n",
  );
}
const compiled = buildCofre(ROOT, path.join(work, "build"));
const tsxLoader = import.meta.resolve("tsx");

const scanArgs = (out: string) => [
  "scan",
  tree,
  "--no-gitignore",
  "--format",
  "json",
  "--output",
  out,
  "--exit-code",
  "0",
];
const cofreRuns = new Map<string, Run[]>();
const engineSeconds = new Map<string, number[]>();
const variants: Array<[string, string[]]> = [
  ...(compiled ? [["cofre (compiled CLI)", [compiled]] as [string, string[]]] : []),
  ["cofre (from source via tsx)", ["--import", tsxLoader, path.join(ROOT, "bin", "cofre.ts")]],
];

async function runCofre(name: string, prefix: string[]): Promise<Run> {
  const out = path.join(work, "cofre.json");
  const run = await measure(process.execPath, [...prefix, ...scanArgs(out)], { cwd: ROOT });
  if (run.code !== 0) throw new Error(`${name} failed (exit ${run.code}): ${run.stderr.slice(0, 400)}`);
  run.stdout = readFileSync(out, "utf8");
  const engine = /in ([\d.]+) s/.exec(run.stderr);
  if (engine) engineSeconds.set(name, [...(engineSeconds.get(name) ?? []), Number(engine[1])]);
  return run;
}

const rgArgs = ["--no-ignore", "--hidden", "-i", "-F", "-c", "-f", keywordFile, tree];
const rgRuns: Run[] = [];

// Warm the page cache and the compile caches once, untimed.
for (const [name, prefix] of variants) await runCofre(name, prefix);
if (rg) await measure("rg", rgArgs);
engineSeconds.clear();

for (let round = 0; round < runs; round++) {
  for (const [name, prefix] of variants)
    cofreRuns.set(name, [...(cofreRuns.get(name) ?? []), await runCofre(name, prefix)]);
  if (rg) rgRuns.push(await measure("rg", rgArgs));
  process.stdout.write(`  round ${round + 1}/${runs} done\n`);
}

const results: Result[] = [];
for (const [name, list] of cofreRuns) {
  results.push({
    tool: name,
    seconds: median(list.map((r) => r.seconds)),
    peakKb: Math.max(...list.map((r) => r.peakKb ?? 0)) || null,
    findings: JSON.parse(list[0].stdout).length,
    note: `scan itself ${median(engineSeconds.get(name) ?? [Number.NaN]).toFixed(2)} s`,
  });
}
if (rg) {
  const matchingLines = rgRuns[0].stdout
    .split("\n")
    .filter(Boolean)
    .reduce((n, line) => n + Number(line.slice(line.lastIndexOf(":") + 1)), 0);
  results.push({
    tool: `ripgrep, ${keywords.length} keywords (${rg})`,
    seconds: median(rgRuns.map((r) => r.seconds)),
    peakKb: Math.max(...rgRuns.map((r) => r.peakKb ?? 0)) || null,
    findings: matchingLines,
    note: "matching lines",
  });
}

// --- secretlint: as documented (one process, time-limited), and batched in its favour -------
if (secretlint) {
  const timeoutMs = Number(flags["secretlint-timeout"]) * 1000;
  const documented = await secretlintDocumented(ROOT, work, tree, timeoutMs);
  results.push({
    tool: `${secretlint}, recommended preset, \`secretlint "**/*"\``,
    seconds: documented.seconds,
    peakKb: documented.peakKb,
    findings: documented.problems,
    note: documented.finished
      ? "one process"
      : `stopped at the ${flags["secretlint-timeout"]} s limit: a lower bound`,
    lowerBound: !documented.finished,
  });
  process.stdout.write(`  secretlint (documented) done in ${documented.seconds.toFixed(1)} s\n`);
  const batchSize = Number(flags["secretlint-batch"]);
  if (batchSize > 0) {
    const batched = await secretlintBatched(ROOT, work, tree, stats.units, batchSize);
    results.push({
      tool: `${secretlint}, recommended preset, batched`,
      seconds: batched.seconds,
      peakKb: batched.peakKb,
      findings: batched.problems,
      note: `${batched.processes} processes of <= ${batchSize} files`,
    });
  }
}
rmSync(work, { recursive: true, force: true });

// --- report ---------------------------------------------------------------------------------
const row = (r: Result) =>
  `| ${r.tool} | ${r.seconds.toFixed(2)} | ${(mb / r.seconds).toFixed(1)} | ${Math.round(stats.files / r.seconds)} | ${r.findings} | ${
    r.peakKb ? `${Math.round(r.peakKb / 1024)} MiB` : "n/a"
  } | ${r.note ?? ""} |`;
const lines = [
  "| tool | wall s | MB/s | files/s | findings | peak RSS | note |",
  "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
  ...results.map(row),
];
const main = results[0];
const ratio = (other: Result) => other.seconds / main.seconds;
const verdict = (value: number, target: number, lowerBound = false) =>
  value >= target
    ? `met${lowerBound ? " (at least this)" : ""}`
    : lowerBound
      ? "at least this; run longer"
      : "NOT met";
lines.push("");
for (const r of results.slice(1)) {
  const target = r.tool.startsWith("ripgrep") ? 0.2 : r.tool.startsWith("secretlint") ? 100 : undefined;
  const x = ratio(r);
  const shown = x >= 10 ? x.toFixed(0) : x.toFixed(2);
  lines.push(
    `${main.tool}: ${r.lowerBound ? ">= " : ""}${shown}x the throughput of ${r.tool}` +
      (target === undefined ? "" : ` (target >= ${target}: ${verdict(x, target, r.lowerBound)})`),
  );
}
process.stdout.write(`\n${lines.join("\n")}\n`);
