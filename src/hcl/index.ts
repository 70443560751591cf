/**
 * HCL (the version-1 syntax Vault uses for policies and server/agent config files) to plain JS
 * values. JSON objects are accepted too (any text whose first token is `{`).
 *
 * Syntax accepted:
 * - attributes `key = value` (also `key: value`); keys are identifiers (letters, digits, `_`, `-`,
 *   `.`) or quoted strings. Items may be separated by newlines, spaces or commas.
 * - blocks `name "label" "label2" { ... }` (labels quoted or bare identifiers, at most 8), and
 *   unlabelled blocks `name { ... }`.
 * - values: strings with escapes (`\"`, `\\`, `\/`, `\n`, `\t`, `\r`, `\b`, `\f`, `\a`, `\v`,
 *   `\uXXXX`, `\UXXXXXXXX`; a raw newline inside quotes is an error), heredocs `<<EOF` and
 *   `<<-EOF` (every line ends in "\n"; `<<-` removes the indentation all non-blank lines share;
 *   the closing marker may be indented), numbers (decimal, fraction, exponent, `0x` hex, `0`-led
 *   octal as in HCL 1; integers beyond 2^53 are rejected), `true`, `false`, `null`, lists
 *   `[a, b,]` (trailing comma allowed), objects `{ k = v, "k2" = v, k3: v }`.
 * - comments `#`, `//`, `/* ... *\/`. `${...}` is not interpolated: it stays literal text.
 *
 * Mapping to JS values:
 * - `key = value` -> `{ key: value }`. Using the same key twice in one body is an error
 *   ("duplicate key"), as is using a key both as an attribute and as a block.
 * - an unlabelled block `name { ... }` -> `{ name: {...} }`; repeated -> `{ name: [{...}, {...}] }`.
 * - a labelled block `name "a" { ... }` -> `{ name: { a: {...} } }`; blocks of the same name with
 *   other labels add keys (`path "a" {} path "b" {}` -> `{ path: { a: {}, b: {} } }`); the same
 *   name and labels repeated -> an array at the label (`listener "tcp" {} listener "tcp" {}` ->
 *   `{ listener: { tcp: [{}, {}] } }`). Several labels nest: `a "x" "y" {}` -> `{ a: { x: { y: {} } } }`.
 *   Every use of one block name in one body must have the same number of labels.
 * - so a consumer reads a block as "object, or array of objects when repeated".
 * - order: object keys keep first-appearance order, except that JS lists integer-like keys
 *   ("1", "42") first in ascending order; array elements keep document order.
 * - keys are own properties even when named `__proto__` or `constructor`.
 *
 * Limits: nesting deeper than 64 (blocks, labels, objects and lists each count one level) and input
 * longer than `maxLength` characters (default 1 MiB) are rejected. Errors are `HclSyntaxError`
 * (an `InvalidRequestError`) with line and column, e.g.
 * `failed to parse HCL at line 3, column 5: expected '=' or '{'`; messages never echo input text.
 */
import { InvalidRequestError } from "../errors.js";
import { type HclObject, Parser } from "./parser.js";

export { HclSyntaxError } from "./errors.js";
export type { HclObject, HclValue } from "./parser.js";

export const HCL_MAX_DEPTH = 64;
export const HCL_DEFAULT_MAX_LENGTH = 1024 * 1024;

export interface HclParseOptions {
  /** Maximum input length in characters (default 1 MiB). */
  maxLength?: number;
}

/** Parses an HCL or JSON document into a plain object. Throws InvalidRequestError on bad input. */
export function parseHcl(text: string, opts: HclParseOptions = {}): HclObject {
  if (typeof text !== "string") throw new InvalidRequestError("failed to parse HCL: input is not text");
  const max = opts.maxLength ?? HCL_DEFAULT_MAX_LENGTH;
  if (text.length > max) {
    throw new InvalidRequestError(`failed to parse HCL: input is too large (limit ${max} characters)`);
  }
  return new Parser(text, HCL_MAX_DEPTH).parseDocument();
}
