import type { Dispatcher } from "../pool/dispatcher.js";
import { DiffParser, GIT_LOG_FORMAT } from "./diff-parser.js";
import { checkRevision, streamGitLines } from "./git.js";

export interface HistoryOptions {
  /** Only this ref's history (default: every ref, `--all`). */
  branch?: string;
  /** Only commits more recent than this (any date git understands). */
  since?: string;
  skipPath: (path: string) => boolean;
  chunkSize?: number;
}

const DIFF_FLAGS = ["--no-color", "--no-ext-diff", "--no-textconv", "-p", "-U0", "-M"];

/**
 * Every commit's added lines, from one `git log -p` stream: the parser turns the stream into
 * documents as it arrives and the dispatcher's backpressure pauses git when the workers are busy,
 * so memory stays bounded however long the history is.
 */
export async function scanHistory(
  repo: string,
  options: HistoryOptions,
  dispatcher: Dispatcher,
): Promise<void> {
  const args = [
    "-c",
    "core.quotepath=false",
    "log",
    ...DIFF_FLAGS,
    "--full-history",
    `--format=${GIT_LOG_FORMAT}`,
  ];
  if (options.since !== undefined) args.push(`--since=${options.since}`);
  args.push(options.branch === undefined ? "--all" : checkRevision(options.branch, "branch"), "--");
  let wait: Promise<void> | undefined;
  const parser = new DiffParser({
    emit: (doc) => {
      wait = dispatcher.addDoc(doc) ?? wait;
    },
    onCommit: () => dispatcher.count((s) => s.commits++),
    skipPath: options.skipPath,
    chunkSize: options.chunkSize,
  });
  await streamGitLines(repo, args, (line) => {
    parser.line(line);
    const pending = wait;
    wait = undefined;
    return pending;
  });
  parser.end();
}

/** The staged changes (`git diff --cached`), for pre-commit hooks. */
export async function scanStaged(
  repo: string,
  skipPath: (path: string) => boolean,
  dispatcher: Dispatcher,
): Promise<void> {
  const args = ["-c", "core.quotepath=false", "diff", "--cached", ...DIFF_FLAGS, "--diff-filter=ACMR"];
  let wait: Promise<void> | undefined;
  const parser = new DiffParser({
    emit: (doc) => {
      wait = dispatcher.addDoc(doc) ?? wait;
    },
    skipPath,
  });
  await streamGitLines(repo, args, (line) => {
    parser.line(line);
    const pending = wait;
    wait = undefined;
    return pending;
  });
  parser.end();
}
