import { formatGoDuration } from "../../util/duration.js";

/**
 * Vault's table rendering: columns joined by four spaces, every column but the last padded to its
 * widest cell, empty cells shown as `n/a`, and values printed the way Go's `%v` prints them.
 */

const GLUE = "    ";

export function columnize(rows: string[][]): string {
  const cells = rows.map((r) => r.map((c) => (c.trim() === "" ? "n/a" : c.trim())));
  const widths: number[] = [];
  for (const row of cells) {
    row.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...c].length);
    });
  }
  return cells
    .map((row) =>
      row.map((c, i) => (i === row.length - 1 ? c : c + " ".repeat(widths[i] - [...c].length))).join(GLUE),
    )
    .join("\n");
}

/** A table whose first row is the header, underlined with dashes. */
export function table(header: string[], rows: string[][]): string {
  return columnize([header, header.map((h) => "-".repeat(h.length)), ...rows]);
}

/** Go's `%v` of a decoded JSON value: `<nil>`, `[a b]`, `map[k:v]`. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  if (typeof v === "object") {
    const obj = v as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    return `map[${keys.map((k) => `${k}:${goValue(obj[k])}`).join(" ")}]`;
  }
  return String(v);
}

/** Go's `%q` of a string list: `["default" "web"]`. */
export function goQuotedList(v: unknown): string {
  const list = Array.isArray(v) ? v : [];
  return `[${list.map((s) => JSON.stringify(String(s))).join(" ")}]`;
}

/** Keys Vault prints as durations (`ttl`, `*_ttl`, `period`, `*_period`, `duration`, ...). */
export function looksLikeDuration(key: string): boolean {
  return (
    key === "period" ||
    key.endsWith("_period") ||
    key === "ttl" ||
    key.endsWith("_ttl") ||
    key === "duration" ||
    key.endsWith("_duration") ||
    key === "lease_max" ||
    key === "ttl_max"
  );
}

/** Whole seconds (number or digit string) as a Go duration (`2764800` -> `768h0m0s`); other values unchanged. */
export function humanDuration(v: unknown): unknown {
  if (typeof v === "number" && Number.isInteger(v)) return formatGoDuration(v);
  if (typeof v === "string" && /^-?\d+$/.test(v)) return formatGoDuration(Number(v));
  return v;
}

/** Key/Value rows of a map, sorted by key, durations humanised. */
export function mapRows(data: Record<string, unknown>): string[][] {
  return Object.keys(data)
    .sort()
    .map((k) => [k, goValue(looksLikeDuration(k) ? humanDuration(data[k]) : data[k])]);
}

/** `== Header ==` padded with equal signs to about `totalLen` characters. */
export function padEqualSigns(header: string, totalLen: number): string {
  let signs = totalLen - (header.length + 2);
  if (signs <= 0) signs = 4;
  if (signs % 2 !== 0) signs += 1;
  const side = "=".repeat(signs / 2);
  return `${side} ${header} ${side}`;
}

/** The section header Vault prints above a Key/Value table of `data`. */
export function headerForMap(header: string, data: Record<string, unknown>): string {
  const maxKey = Math.max(0, ...Object.keys(data).map((k) => k.length));
  return padEqualSigns(header, maxKey + 4 + 5);
}
