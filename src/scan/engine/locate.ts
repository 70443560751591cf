import type { Detector, ScanDocument } from "../types.js";

/** Where a match sits: its secret span, its line, its line number, and how it is shown. */

/** How much of a line around a match is kept for inline allows and allowlists. */
export const LINE_CONTEXT = 2000;
const MATCH_DISPLAY = 200;

/** [start, end) of the secret inside the match's input: group `secret`/`secret2`, a numbered group, or the match. */
export function secretSpan(m: RegExpExecArray, d: Detector): [number, number] {
  const named = m.indices?.groups;
  const span =
    named?.secret ?? named?.secret2 ?? (d.secretGroup !== undefined ? m.indices?.[d.secretGroup] : undefined);
  return span ?? [m.index, m.index + m[0].length];
}

export function lineAround(text: string, from: number, to: number): string {
  const start = text.lastIndexOf("\n", from - 1) + 1;
  const end = text.indexOf("\n", to);
  return text.slice(start, end === -1 ? text.length : end);
}

export function lineEnd(text: string, from: number): number {
  const nl = text.indexOf("\n", from);
  const end = nl === -1 ? text.length : nl;
  return Math.min(end, from + LINE_CONTEXT);
}

export function lineNumber(doc: ScanDocument, index: number): number {
  if (doc.lineNumbers) return doc.lineNumbers[Math.min(index, doc.lineNumbers.length - 1)] ?? index + 1;
  return (doc.firstLine ?? 1) + index;
}

export function displayMatch(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0];
  const shown = firstLine.length > MATCH_DISPLAY ? `${firstLine.slice(0, MATCH_DISPLAY)}...` : firstLine;
  return shown.length < text.length ? `${shown}${shown.endsWith("...") ? "" : " ..."}` : shown;
}
