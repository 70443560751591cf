import type { Finding } from "../types.js";
import { printable } from "./sanitize.js";

const MATCH_WIDTH = 60;

function cell(text: string, width?: number): string {
  const safe = printable(text);
  return width !== undefined && safe.length > width ? `${safe.slice(0, width - 3)}...` : safe;
}

/** A plain-text table, one finding per row; history scans add commit, author and date columns. */
export function formatTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return "No secrets found.\n";
  const history = findings.some((f) => f.commit !== undefined);
  const header = [
    "LOCATION",
    "RULE",
    "CONFIDENCE",
    ...(history ? ["COMMIT", "AUTHOR", "DATE"] : []),
    "MATCH",
  ];
  const rows = findings.map((f) => [
    cell(`${f.file}:${f.line}:${f.column}`),
    cell(f.rule),
    f.confidence,
    ...(history
      ? [cell((f.commit ?? "").slice(0, 10)), cell(f.author ?? "", 24), cell((f.date ?? "").slice(0, 10))]
      : []),
    cell(f.match, MATCH_WIDTH),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cols: string[]) =>
    cols
      .map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}
