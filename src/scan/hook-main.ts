/**
 * What the pre-commit hook runs: `cofre scan --staged` with the table on stdout and the summary
 * on stderr, without loading the rest of the CLI (so a commit waits for the scan, not for the
 * server's modules to load). The config file and a `.cofre-baseline.json` at the top of the
 * repository apply. Exit 0: clean, 1: secrets staged, 2: the scan could not run.
 */
import { existsSync } from "node:fs";
import { formatFindings } from "./report/index.js";
import { summarize } from "./report/summary.js";
import { runScan } from "./run.js";

/** The baseline the hook uses when the repository has one. */
const BASELINE_FILE = ".cofre-baseline.json";

try {
  // git runs hooks at the top of the work tree; a baseline there is honoured.
  const baseline = existsSync(BASELINE_FILE) ? BASELINE_FILE : undefined;
  const outcome = await runScan({ mode: "staged", target: process.cwd(), baseline });
  if (outcome.findings.length > 0) {
    process.stdout.write(formatFindings(outcome.findings, "table"));
    process.stderr.write(summarize(outcome));
    process.stderr.write("Commit stopped: remove the secret, or mark a false positive with `cofre:allow`.\n");
    process.exitCode = 1;
  }
} catch (err) {
  process.stderr.write(`cofre pre-commit scan failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
