/** JSON as Go's encoding/json writes it: map keys sorted, `<`, `>`, `&`, U+2028/9 escaped. */
import { formatNumber } from "./values.js";

function quote(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export function goJson(value: unknown, indent = ""): string {
  return encode(value, indent, 0);
}

function encode(v: unknown, indent: string, level: number): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number") return Number.isFinite(v) ? formatNumber(v) : "null";
  if (typeof v === "boolean") return String(v);
  const nl = indent ? `\n${indent.repeat(level + 1)}` : "";
  const end = indent ? `\n${indent.repeat(level)}` : "";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${v.map((item) => nl + encode(item, indent, level + 1)).join(",")}${end}]`;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return "{}";
  const sep = indent ? ": " : ":";
  return `{${keys.map((k) => `${nl}${quote(k)}${sep}${encode(obj[k], indent, level + 1)}`).join(",")}${end}}`;
}
