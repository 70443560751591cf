/** Go's literal syntax inside template actions: quoted strings, character constants, numbers. */

const SIMPLE_ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  '"': '"',
  "'": "'",
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };
const BAD_ESCAPE = "invalid escape in quoted string";

type Read = { value: string; end: number } | { error: string };

/** The escape at `pos` (a backslash). */
function readEscape(src: string, pos: number): Read {
  const e = src[pos + 1];
  if (e !== undefined && SIMPLE_ESCAPES[e] !== undefined) return { value: SIMPLE_ESCAPES[e], end: pos + 2 };
  if (e !== undefined && HEX_LENGTH[e]) {
    const digits = src.slice(pos + 2, pos + 2 + HEX_LENGTH[e]);
    if (!new RegExp(`^[0-9a-fA-F]{${HEX_LENGTH[e]}}$`).test(digits)) return { error: BAD_ESCAPE };
    const n = Number.parseInt(digits, 16);
    const end = pos + 2 + HEX_LENGTH[e];
    if (e === "x") return { value: String.fromCharCode(n), end };
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return { error: BAD_ESCAPE };
    return { value: String.fromCodePoint(n), end };
  }
  if (e !== undefined && /[0-7]/.test(e)) {
    const digits = src.slice(pos + 1, pos + 4);
    if (!/^[0-7]{3}$/.test(digits) || Number.parseInt(digits, 8) > 255) return { error: BAD_ESCAPE };
    return { value: String.fromCharCode(Number.parseInt(digits, 8)), end: pos + 4 };
  }
  return { error: BAD_ESCAPE };
}

/** A double-quoted string starting at `start`, escapes decoded. */
export function readQuoted(src: string, start: number): Read {
  let out = "";
  let pos = start + 1;
  for (;;) {
    const ch = src[pos];
    if (ch === undefined || ch === "\n") return { error: "unterminated quoted string" };
    if (ch === '"') return { value: out, end: pos + 1 };
    if (ch === "\\") {
      const r = readEscape(src, pos);
      if ("error" in r) return r;
      out += r.value;
      pos = r.end;
    } else {
      out += ch;
      pos++;
    }
  }
}

/** A character constant ('a', '\n') starting at `start`. */
export function readChar(src: string, start: number): Read {
  let pos = start + 1;
  let value: string;
  if (src[pos] === "\\") {
    const r = readEscape(src, pos);
    if ("error" in r) return r;
    value = r.value;
    pos = r.end;
  } else {
    const cp = src.codePointAt(pos);
    if (cp === undefined || src[pos] === "'") return { error: "empty character constant" };
    value = String.fromCodePoint(cp);
    pos += value.length;
  }
  if (src[pos] !== "'") return { error: "unterminated character constant" };
  return { value, end: pos + 1 };
}

export function parseGoNumber(text: string): number {
  const sign = text.startsWith("-") ? -1 : 1;
  const body = text.replace(/^[+-]/, "").replace(/_/g, "");
  let n: number;
  if (/^0[xX]/.test(body)) n = Number.parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) n = Number.parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) n = Number.parseInt(body.slice(2), 8);
  else if (/^0\d+$/.test(body)) n = /^0[0-7]+$/.test(body) ? Number.parseInt(body, 8) : Number.NaN;
  else n = Number(body);
  return sign * n;
}
