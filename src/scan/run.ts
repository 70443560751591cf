import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { InvalidRequestError } from "../errors.js";
import { readBaseline } from "./baseline.js";
import { compileAllowlists } from "./config/compile.js";
import { findConfig } from "./config/find.js";
import { defaultSettings, type ScanSettings } from "./config/settings.js";
import { pathIsAllowlisted } from "./engine/allowlist.js";
import { skipByName } from "./files/classify.js";
import { Dispatcher } from "./pool/dispatcher.js";
import { gitOutput } from "./sources/git.js";
import { scanHistory, scanStaged } from "./sources/history.js";
import { scanStream } from "./sources/stdin.js";
import { walkFiles } from "./sources/walk.js";
import { CONFIDENCE_RANK, type Confidence, type Finding, type ScanStats } from "./types.js";

export type ScanMode = "dir" | "git" | "staged" | "stdin";

export interface ScanOptions {
  mode: ScanMode;
  /** Directory or file (dir), repository (git, staged), where the config is (stdin). Default: cwd. */
  target?: string;
  branch?: string;
  since?: string;
  config?: string;
  baseline?: string;
  redact?: boolean;
  gitignore?: boolean;
  threads?: number;
  minConfidence?: Confidence;
  maxFileSize?: number;
  stdin?: AsyncIterable<Buffer | string> | Iterable<Buffer | string>;
  /** Smaller chunks for tests of the chunk seams. */
  chunkSize?: number;
}

export interface ScanOutcome {
  root: string;
  findings: Finding[];
  stats: ScanStats;
  /** Findings left out because the baseline lists them. */
  baselined: number;
  settings: ScanSettings;
  elapsedMs: number;
}

function order(a: Finding, b: Finding): number {
  if (a.date !== b.date) return Date.parse(b.date ?? "") - Date.parse(a.date ?? "") || 0;
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

async function repoRoot(dir: string): Promise<string> {
  try {
    return await gitOutput(dir, ["rev-parse", "--show-toplevel"]);
  } catch {
    throw new InvalidRequestError(`not a git repository: ${dir}`);
  }
}

/** Runs one scan end to end and returns its findings, filtered by confidence and baseline. */
export async function runScan(options: ScanOptions): Promise<ScanOutcome> {
  const started = performance.now();
  const target = path.resolve(options.target ?? ".");
  let root = target;
  let single: string | undefined;
  if (options.mode === "git" || options.mode === "staged") {
    root = await repoRoot(target);
  } else if (options.mode === "dir") {
    let isFile: boolean;
    try {
      isFile = statSync(target).isFile();
    } catch {
      throw new InvalidRequestError(`no such file or directory: ${options.target ?? "."}`);
    }
    if (isFile) {
      root = path.dirname(target);
      single = path.basename(target);
    }
  }
  const configFile = findConfig(root, options.config);
  const settings =
    configFile === undefined
      ? defaultSettings()
      : (await import("./config/load.js")).loadSettings(root, configFile);
  if (options.redact !== undefined) settings.redact = options.redact;
  if (options.minConfidence !== undefined) settings.minConfidence = options.minConfidence;
  if (options.maxFileSize !== undefined) settings.maxFileSize = options.maxFileSize;
  const baseline = options.baseline === undefined ? new Set<string>() : readBaseline(options.baseline);
  const allowlists = compileAllowlists(settings);
  const excluded = new Set(settings.excludeExtensions);
  const skipPath = (rel: string) =>
    skipByName(rel) !== null ||
    excluded.has(path.extname(rel).slice(1).toLowerCase()) ||
    pathIsAllowlisted(allowlists, rel);
  // For history, git and the diff parser keep two cores busy; workers get the rest.
  const cores = options.mode === "git" ? availableParallelism() - 2 : availableParallelism();
  const threads = Math.max(1, Math.min(options.threads ?? cores, 64));
  const dispatcher = new Dispatcher(settings, { threads, chunkSize: options.chunkSize });

  if (options.mode === "dir") {
    const files = single
      ? [{ abs: target, rel: single }]
      : walkFiles(root, {
          gitignore: options.gitignore ?? true,
          excludeExtensions: settings.excludeExtensions,
          skipPath: (rel) => pathIsAllowlisted(allowlists, rel),
          onSkip: (reason) =>
            dispatcher.count((s) => (reason === "binary" ? s.skippedBinary++ : s.skippedGenerated++)),
        });
    for (const file of files) {
      const wait = dispatcher.addFile(file);
      if (wait) await wait;
    }
  } else if (options.mode === "git") {
    await scanHistory(
      root,
      { branch: options.branch, since: options.since, skipPath, chunkSize: options.chunkSize },
      dispatcher,
    );
  } else if (options.mode === "staged") {
    await scanStaged(root, skipPath, dispatcher);
  } else {
    await scanStream(
      options.stdin ?? (process.stdin as AsyncIterable<Buffer>),
      dispatcher,
      options.chunkSize,
    );
  }

  const { findings, stats } = await dispatcher.finish();
  const min = CONFIDENCE_RANK[settings.minConfidence];
  const confident = findings.filter((f) => CONFIDENCE_RANK[f.confidence] >= min);
  const reported = confident.filter((f) => !baseline.has(f.fingerprint));
  reported.sort(order);
  return {
    root,
    findings: reported,
    stats,
    baselined: confident.length - reported.length,
    settings,
    elapsedMs: performance.now() - started,
  };
}
