import type { Reach } from "../types.js";

/** Keyword windows: where around each keyword hit a detector's pattern runs. */

/**
 * The line holding an offset, remembered between calls: hits come in ascending order, so finding
 * each hit's line costs O(1) amortised, even in a file that is one long line.
 */
export class LineBounds {
  start = 0;
  end = -1;
  constructor(private readonly text: string) {}

  locate(at: number): void {
    if (at >= this.start && at <= this.end) return;
    const nl = this.text.indexOf("\n", at);
    this.end = nl === -1 ? this.text.length : nl;
    this.start = this.text.lastIndexOf("\n", at - 1) + 1;
  }
}

export function addWindow(
  windows: Map<number, number[]>,
  d: number,
  lines: LineBounds,
  length: number,
  start: number,
  end: number,
  reach: Reach,
) {
  let from = start - reach.before;
  let to = end + reach.after;
  if (from < 0) from = 0;
  if (to > length) to = length;
  if (!reach.multiline) {
    lines.locate(start);
    if (from < lines.start) from = lines.start;
    if (to > lines.end) to = lines.end;
  }
  const spans = windows.get(d);
  if (spans === undefined) {
    windows.set(d, [from, to]);
    return;
  }
  const last = spans.length - 2;
  if (from <= spans[last + 1] && to >= spans[last]) {
    if (from < spans[last]) spans[last] = from;
    if (to > spans[last + 1]) spans[last + 1] = to;
  } else {
    spans.push(from, to);
  }
}
