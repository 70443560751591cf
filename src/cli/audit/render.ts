/** Output of `cofre audit query`: access records and the summary, as a table, JSON or CSV. */
import { toJson } from "../output/printer.js";
import { table } from "../output/table.js";
import type { AccessRecord } from "./records.js";

export type QueryFormat = "table" | "json" | "csv";

const COLUMNS: Array<keyof AccessRecord> = [
  "time",
  "operation",
  "path",
  "identity",
  "entity_id",
  "accessor",
  "remote_address",
  "result",
  "error",
  "request_id",
];

function csvCell(v: string): string {
  // Quote as RFC 4180; a leading =,+,-,@ is defused so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) || safe !== v ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csv(header: string[], rows: string[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n");
}

export function renderRecords(records: AccessRecord[], format: QueryFormat): string {
  if (format === "json") return toJson(records);
  const rows = records.map((r) => COLUMNS.map((c) => String(r[c])));
  if (format === "csv") return csv(COLUMNS, rows);
  if (records.length === 0) return "No matching audit entries.";
  return table(
    ["Time", "Operation", "Path", "Identity", "Remote", "Result"],
    records.map((r) => [r.time, r.operation, r.path, r.identity || "-", r.remote_address, r.result]),
  );
}

export interface Summary {
  total: number;
  by_path: Record<string, number>;
  by_identity: Record<string, number>;
}

/** Who accessed what: counts per path and per identity (display name, else entity or accessor). */
export function summarise(records: Iterable<AccessRecord>): Summary {
  const byPath = new Map<string, number>();
  const byIdentity = new Map<string, number>();
  let total = 0;
  for (const r of records) {
    total++;
    byPath.set(r.path, (byPath.get(r.path) ?? 0) + 1);
    const who = r.identity || r.entity_id || r.accessor || "(no token)";
    byIdentity.set(who, (byIdentity.get(who) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>) =>
    Object.fromEntries([...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  return { total, by_path: sorted(byPath), by_identity: sorted(byIdentity) };
}

export function renderSummary(s: Summary, format: QueryFormat): string {
  if (format === "json") return toJson(s);
  const pathRows = Object.entries(s.by_path).map(([p, n]) => [p, String(n)]);
  const idRows = Object.entries(s.by_identity).map(([p, n]) => [p, String(n)]);
  if (format === "csv") {
    return csv(
      ["kind", "name", "count"],
      [...pathRows.map(([p, n]) => ["path", p, n]), ...idRows.map(([p, n]) => ["identity", p, n])],
    );
  }
  return [
    `Requests: ${s.total}`,
    "",
    table(["Path", "Count"], pathRows),
    "",
    table(["Identity", "Count"], idRows),
  ].join("\n");
}
