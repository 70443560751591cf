/** Byte classes of RFC 9110/9112, as lookup tables built once. */

export const CR = 0x0d;
export const LF = 0x0a;
export const SP = 0x20;
export const HTAB = 0x09;
export const COLON = 0x3a;
export const SEMICOLON = 0x3b;
export const EQUALS = 0x3d;
export const DQUOTE = 0x22;
export const BACKSLASH = 0x5c;

function table(test: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = test(c) ? 1 : 0;
  return t;
}

/** tchar: the characters of a token (method, header name, chunk extension name). */
export const TCHAR = table(
  (c) =>
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c)),
);

/** field-value bytes: VCHAR, obs-text, SP and HTAB (no other control byte, no DEL). */
export const FIELD_VALUE = table((c) => c === HTAB || (c >= 0x20 && c !== 0x7f));

/** request-target bytes: visible ASCII only (no space, no control byte, no obs-text). */
export const TARGET = table((c) => c > 0x20 && c < 0x7f);

/** qdtext of a quoted-string (chunk extension values). */
export const QDTEXT = table(
  (c) => c === HTAB || c === SP || c === 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c !== 0x7f),
);

/** Bytes allowed after a backslash in a quoted-string. */
export const QUOTED_PAIR = table((c) => c === HTAB || (c >= 0x20 && c !== 0x7f));

/** Hex digit value, or -1. */
export const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX[0x41 + c] = 10 + c;
  HEX[0x61 + c] = 10 + c;
}

/** True if buf[at, at+name.length) equals the lower-case ASCII `name`, ignoring case. */
export function equalsIgnoreCase(buf: Uint8Array, at: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) {
    if ((buf[at + k] | 0x20) !== name.charCodeAt(k)) return false;
  }
  return true;
}
