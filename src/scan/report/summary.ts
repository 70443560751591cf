import type { ScanOutcome } from "../run.js";

/** One or two lines for stderr: what was scanned, how long it took, what was found. */
export function summarize(outcome: ScanOutcome): string {
  const { stats, findings } = outcome;
  const byConfidence = { high: 0, medium: 0, low: 0 };
  for (const f of findings) byConfidence[f.confidence]++;
  const scanned =
    stats.commits > 0 ? `${stats.commits} commits` : `${stats.files} file${stats.files === 1 ? "" : "s"}`;
  const mb = (stats.bytes / 1e6).toFixed(1);
  const seconds = (outcome.elapsedMs / 1000).toFixed(2);
  const found =
    findings.length === 0
      ? "no secrets found"
      : `${findings.length} finding${findings.length === 1 ? "" : "s"} (${byConfidence.high} high, ${byConfidence.medium} medium, ${byConfidence.low} low)`;
  const skipped = stats.skippedBinary + stats.skippedGenerated + stats.skippedLarge;
  const extra = [
    skipped > 0 ? `${skipped} skipped (binary, generated or too large)` : "",
    outcome.baselined > 0 ? `${outcome.baselined} in baseline` : "",
  ].filter(Boolean);
  return `cofre scan: ${found}; scanned ${scanned}, ${mb} MB in ${seconds} s${extra.length ? `; ${extra.join(", ")}` : ""}\n`;
}
