import type { Finding } from "../types.js";
import { formatCsv } from "./csv.js";
import { formatSarif } from "./sarif.js";
import { formatTable } from "./table.js";

export const FORMATS = ["table", "json", "sarif", "csv"] as const;
export type ReportFormat = (typeof FORMATS)[number];

export function formatFindings(
  findings: readonly Finding[],
  format: ReportFormat,
  toolVersion = "0.1.0",
): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(findings, null, 2)}\n`;
    case "sarif":
      return formatSarif(findings, toolVersion);
    case "csv":
      return formatCsv(findings);
    default:
      return formatTable(findings);
  }
}
