import { writeFileSync } from "node:fs";
import path from "node:path";
import { measure } from "./measure.js";
import { batches, type TreeStats } from "./tree.js";

export interface SecretlintResult {
  seconds: number;
  peakKb: number | null;
  problems: number;
  finished: boolean;
  processes: number;
}

const PROBLEM_LINE = /: line \d+, col \d+, /;

function setup(root: string, work: string): { bin: string; rc: string } {
  const rc = path.join(work, "secretlintrc.json");
  writeFileSync(rc, JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }));
  return { bin: path.join(root, "node_modules", "secretlint", "bin", "secretlint.js"), rc };
}

/** secretlint as its README runs it: one process over `**\/*`, stopped at the time limit. */
export async function secretlintDocumented(
  root: string,
  work: string,
  tree: string,
  timeoutMs: number,
): Promise<SecretlintResult> {
  const { bin, rc } = setup(root, work);
  const run = await measure(
    process.execPath,
    [bin, "--secretlintrc", rc, "--format", "compact", "--no-color", "**/*"],
    {
      cwd: tree,
      timeoutMs,
    },
  );
  return {
    seconds: run.seconds,
    peakKb: run.peakKb,
    problems: run.stdout.split("\n").filter((l) => PROBLEM_LINE.test(l)).length,
    finished: !run.timedOut,
    processes: 1,
  };
}

/**
 * secretlint over the same tree in processes of at most `limit` files each (whole packages per
 * process). One process's time grows with the square of its file count (its profiler searches
 * every earlier mark on each new one), so batching is secretlint's fastest way through a tree.
 */
export async function secretlintBatched(
  root: string,
  work: string,
  tree: string,
  units: TreeStats["units"],
  limit: number,
): Promise<SecretlintResult> {
  const { bin, rc } = setup(root, work);
  const groups = batches(units, limit);
  const result: SecretlintResult = {
    seconds: 0,
    peakKb: null,
    problems: 0,
    finished: true,
    processes: groups.length,
  };
  for (const group of groups) {
    const run = await measure(
      process.execPath,
      [bin, "--secretlintrc", rc, "--format", "compact", "--no-color", ...group],
      {
        cwd: tree,
        timeoutMs: 600_000,
      },
    );
    result.seconds += run.seconds;
    result.peakKb = Math.max(result.peakKb ?? 0, run.peakKb ?? 0) || null;
    result.problems += run.stdout.split("\n").filter((l) => PROBLEM_LINE.test(l)).length;
    result.finished &&= !run.timedOut;
  }
  return result;
}
