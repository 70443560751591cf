import path from "node:path";
import type { Command } from "commander";
import { Option } from "commander";
import { CofreError, InvalidRequestError } from "../../errors.js";
import { CommandFailure } from "../errors.js";
import type { CliContext, CliInput } from "../io.js";

/**
 * `cofre scan`: finds hardcoded secrets in a directory, the git history, staged changes or stdin.
 * The engine (src/scan) is imported only when the command runs, so other commands start fast.
 * Exit codes: 0 nothing found, 1 (or --exit-code) secrets found, 2 the scan could not run.
 */
export const EXIT_SCAN_FAILED = 2;
interface ScanFlags {
  git?: boolean;
  branch?: string;
  since?: string;
  staged?: boolean;
  stdin?: boolean;
  format: "table" | "json" | "sarif" | "csv";
  output?: string;
  redact: boolean;
  exitCode: string;
  config?: string;
  baseline?: string;
  minConfidence?: "low" | "medium" | "high";
  maxFileSize?: string;
  gitignore: boolean;
  threads?: string;
  quiet?: boolean;
}

function integer(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new InvalidRequestError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

function asStream(input: CliInput | undefined): AsyncIterable<Buffer | string> | Iterable<string> {
  if (input === undefined) throw new InvalidRequestError("stdin is not available");
  return typeof input === "string" ? [input] : input;
}

/** Errors of the scan itself exit 2, so CI can tell "secrets found" (1) from "scan failed". */
async function failing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CofreError) throw new CommandFailure(`Error: ${err.message}`, EXIT_SCAN_FAILED);
    throw err;
  }
}

async function runScanCommand(ctx: CliContext, target: string | undefined, flags: ScanFlags): Promise<void> {
  const { runScan } = await import("../../scan/run.js");
  const { formatFindings } = await import("../../scan/report/index.js");
  const { parseSize } = await import("../../scan/config/size.js");
  const { summarize } = await import("../../scan/report/summary.js");
  const stdin = flags.stdin === true || target === "-";
  const modes = [flags.git, flags.staged, stdin].filter(Boolean).length;
  if (modes > 1) throw new InvalidRequestError("choose one of --git, --staged and --stdin");
  if ((flags.branch !== undefined || flags.since !== undefined) && !flags.git) {
    throw new InvalidRequestError("--branch and --since apply to --git scans");
  }
  const exitCode = integer(flags.exitCode, "--exit-code", 0, 255);
  if (stdin) {
    if (ctx.stdinUsed) throw new InvalidRequestError("stdin already consumed");
    ctx.stdinUsed = true;
  }
  const cwd = ctx.io.cwd ?? process.cwd();
  const outcome = await runScan({
    mode: flags.git ? "git" : flags.staged ? "staged" : stdin ? "stdin" : "dir",
    target: path.resolve(cwd, stdin || target === undefined ? "." : target),
    stdin: stdin ? asStream(ctx.io.stdin) : undefined,
    branch: flags.branch,
    since: flags.since,
    config: flags.config === undefined ? undefined : path.resolve(cwd, flags.config),
    baseline: flags.baseline === undefined ? undefined : path.resolve(cwd, flags.baseline),
    redact: flags.redact,
    gitignore: flags.gitignore,
    threads: flags.threads === undefined ? undefined : integer(flags.threads, "--threads", 1, 64),
    minConfidence: flags.minConfidence,
    maxFileSize:
      flags.maxFileSize === undefined ? undefined : parseSize(flags.maxFileSize, "--max-file-size"),
  });
  const report = formatFindings(outcome.findings, flags.format);
  if (flags.output !== undefined) {
    const { chmodSync, writeFileSync } = await import("node:fs");
    const file = path.resolve(cwd, flags.output);
    writeFileSync(file, report, { mode: 0o600 });
    chmodSync(file, 0o600); // also when the file existed: a report says where secrets are
  } else {
    ctx.io.stdout.write(report);
  }
  if (!flags.quiet) ctx.io.stderr.write(summarize(outcome));
  ctx.exitCode = outcome.findings.length > 0 ? exitCode : 0;
}

export function register(program: Command, ctx: CliContext): void {
  const scan = program
    .command("scan")
    .description("scan files, git history, staged changes or stdin for hardcoded secrets")
    .argument("[path]", "directory or file to scan (default: current directory); - reads stdin")
    .option("--git", "scan the git history: every commit's added lines")
    .option("--branch <ref>", "with --git: only this ref's history (default: all refs)")
    .option("--since <date>", "with --git: only commits more recent than this date")
    .option("--staged", "scan the staged changes (for pre-commit hooks)")
    .option("--stdin", "scan standard input")
    .addOption(
      new Option("-f, --format <format>", "report format")
        .choices(["table", "json", "sarif", "csv"])
        .default("table"),
    )
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--no-redact", "show secret values in the report")
    .option("--exit-code <code>", "exit code when secrets are found", "1")
    .option(
      "-c, --config <file>",
      "config file (default: .cofre-scan.toml, else .gitleaks.toml, in the scanned root)",
    )
    .option("--baseline <file>", "do not report findings listed in this earlier JSON report")
    .addOption(
      new Option("--min-confidence <level>", "report only findings this sure or surer").choices([
        "low",
        "medium",
        "high",
      ]),
    )
    .option("--max-file-size <size>", "skip files larger than this, e.g. 10MB (default 25MB)")
    .option("--no-gitignore", "also scan files .gitignore excludes")
    .option("--threads <n>", "worker threads (default: number of CPUs; for --git, two fewer)")
    .option("-q, --quiet", "print no summary on stderr")
    .action((target: string | undefined, flags: ScanFlags) =>
      failing(() => runScanCommand(ctx, target, flags)),
    );

  scan
    .command("install-hook")
    .description("install a git pre-commit hook that runs `cofre scan --staged`")
    .option("--repo <dir>", "repository to install into (default: current directory)")
    .option("--force", "replace an existing pre-commit hook (kept as pre-commit.bak)")
    .action((flags: { repo?: string; force?: boolean }) =>
      failing(async () => {
        const { installHook } = await import("../../scan/hook.js");
        const cwd = ctx.io.cwd ?? process.cwd();
        const result = await installHook({ repo: path.resolve(cwd, flags.repo ?? "."), force: flags.force });
        ctx.io.stdout.write(`Installed pre-commit hook: ${result.path}\n`);
        if (result.backup) ctx.io.stdout.write(`Previous hook kept as: ${result.backup}\n`);
      }),
    );
}
