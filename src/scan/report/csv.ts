import type { Finding } from "../types.js";

const COLUMNS = [
  "file",
  "line",
  "column",
  "end_line",
  "end_column",
  "rule",
  "description",
  "confidence",
  "fingerprint",
  "match",
  "secret",
  "commit",
  "author",
  "email",
  "date",
] as const;

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula gets a leading apostrophe. */
function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsv(findings: readonly Finding[]): string {
  const rows = findings.map((f) =>
    [
      f.file,
      f.line,
      f.column,
      f.endLine,
      f.endColumn,
      f.rule,
      f.description,
      f.confidence,
      f.fingerprint,
      f.match,
      f.secret,
      f.commit,
      f.author,
      f.email,
      f.date,
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[COLUMNS.join(","), ...rows].join("\r\n")}\r\n`;
}
