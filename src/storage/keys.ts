import { InvalidRequestError } from "../errors.js";
import type { TxCheck, TxOp } from "./types.js";

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Rejects a storage key that a backend could not store faithfully. A string with a lone UTF-16
 * surrogate has no UTF-8 form: SQLite and PostgreSQL would silently store a different key.
 */
export function assertStorageKey(key: unknown): asserts key is string {
  if (typeof key !== "string") throw new InvalidRequestError("storage key must be a string");
  if (LONE_SURROGATE.test(key)) throw new InvalidRequestError("storage key is not valid Unicode");
}

/** Rejects a value that is not a byte array. */
export function assertStorageValue(value: unknown): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new InvalidRequestError("storage value must be bytes");
}

/** Rejects a malformed transaction before any of it is applied. */
export function assertTransaction(ops: readonly TxOp[], checks: readonly TxCheck[]): void {
  if (!Array.isArray(ops) || !Array.isArray(checks)) {
    throw new InvalidRequestError("transaction ops and checks must be arrays");
  }
  for (const op of ops) {
    assertStorageKey(op?.key);
    if (op.type === "put") assertStorageValue(op.value);
    else if (op.type !== "delete") throw new InvalidRequestError("transaction op must be put or delete");
  }
  for (const check of checks) {
    assertStorageKey(check?.key);
    const valid = "absent" in check ? check.absent === true : Number.isSafeInteger(check.revision);
    if (!valid) throw new InvalidRequestError("transaction check needs a revision or absent: true");
  }
}

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8 form: the order of
 * SQLite's BINARY collation and PostgreSQL's "C" collation. JavaScript's default sort compares
 * UTF-16 code units, which puts astral characters (emoji) before U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Maps a UTF-16 code unit so that surrogates (astral code points) sort after U+E000..U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/**
 * The smallest string greater than every string that starts with `prefix` (by code point order),
 * or null when there is none ("" or a prefix made only of U+10FFFF). Used as the exclusive upper
 * bound of a range scan: `key >= prefix AND key < successor`.
 */
export function prefixSuccessor(prefix: string): string | null {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last === 0x10ffff) continue;
    const next = last === 0xd7ff ? 0xe000 : last + 1;
    return points.join("") + String.fromCodePoint(next);
  }
  return null;
}
