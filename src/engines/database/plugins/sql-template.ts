/**
 * Statement templates: `{{name}}`, `{{username}}`, `{{password}}` and `{{expiration}}` are
 * replaced by values quoted for the database, never pasted as raw text. A placeholder wrapped in
 * identifier quotes (`"{{name}}"`) becomes one quoted identifier, wrapped in string quotes
 * (`'{{password}}'`) one quoted literal; a bare one is an identifier for names and a literal for
 * passwords and times. A placeholder inside a longer quoted string is refused, as is an unknown
 * one. Comments are copied untouched; dollar-quoted bodies (PostgreSQL) are rendered as SQL, and
 * refused when a value would contain their closing tag.
 */
import { InvalidRequestError } from "../../../errors.js";
import type { StatementValues } from "./types.js";

export interface SqlDialect {
  /** The identifier quote character: `"` (SQL standard) or `` ` `` (MySQL). */
  identifierQuote: string;
  quoteIdentifier(value: string): string;
  quoteLiteral(value: string): string;
  /** Whether `$tag$ ... $tag$` strings exist (PostgreSQL). */
  dollarQuotes: boolean;
}

type Key = "name" | "password" | "expiration";
const KEYS: Record<string, Key> = {
  name: "name",
  username: "name",
  password: "password",
  expiration: "expiration",
};
const PLACEHOLDER = /^\{\{\s*([A-Za-z_]+)\s*\}\}/;

function fail(message: string): never {
  throw new InvalidRequestError(message);
}

function placeholderValue(raw: string, values: StatementValues): string {
  const key = KEYS[raw];
  if (!key) fail(`unknown template placeholder {{${raw.slice(0, 40)}}} in a statement`);
  const v = values[key];
  if (v === undefined) fail(`template placeholder {{${raw}}} has no value in this kind of statement`);
  return v;
}

/** Index just past the closing `quote` of a string opened at `start` (doubled quotes escape). */
function closeQuote(sql: string, start: number, quote: string, backslashes: boolean): number {
  for (let i = start + 1; i < sql.length; i++) {
    const c = sql[i];
    if (backslashes && c === "\\") i++;
    else if (c === quote) {
      if (sql[i + 1] === quote) i++;
      else return i + 1;
    }
  }
  fail("a statement has an unterminated quoted string");
}

/** Renders one statement. Throws InvalidRequestError for bad placeholders or quoting. */
export function renderStatement(sql: string, values: StatementValues, dialect: SqlDialect): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    const rest = sql.slice(i);
    if (rest.startsWith("--") || (rest.startsWith("#") && dialect.identifierQuote === "`")) {
      const end = sql.indexOf("\n", i);
      const stop = end === -1 ? sql.length : end;
      out += sql.slice(i, stop);
      i = stop;
      continue;
    }
    if (rest.startsWith("/*")) {
      const end = sql.indexOf("*/", i + 2);
      if (end === -1) fail("a statement has an unterminated comment");
      out += sql.slice(i, end + 2);
      i = end + 2;
      continue;
    }
    if (dialect.dollarQuotes && c === "$") {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest);
      if (tag) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        if (end === -1) fail("a statement has an unterminated dollar-quoted string");
        const body = renderStatement(sql.slice(i + tag[0].length, end), values, dialect);
        if (body.includes(tag[0])) fail("a value would end a dollar-quoted string; use another tag");
        out += tag[0] + body + tag[0];
        i = end + tag[0].length;
        continue;
      }
    }
    const isLiteral = c === "'";
    const isIdent = c === dialect.identifierQuote;
    if (isLiteral || isIdent) {
      const backslashes =
        isLiteral && (/(^|[^A-Za-z0-9_$])[eE]$/.test(sql.slice(0, i)) || dialect.identifierQuote === "`");
      const end = closeQuote(sql, i, c, backslashes);
      const inner = sql.slice(i + 1, end - 1);
      const whole = /^\{\{\s*([A-Za-z_]+)\s*\}\}$/.exec(inner);
      if (whole) {
        const v = placeholderValue(whole[1] as string, values);
        out += isIdent ? dialect.quoteIdentifier(v) : dialect.quoteLiteral(v);
      } else if (/\{\{\s*[A-Za-z_]+\s*\}\}/.test(inner)) {
        fail("a template placeholder must be the whole quoted value, as in \"{{name}}\" or '{{password}}'");
      } else out += sql.slice(i, end);
      i = end;
      continue;
    }
    const ph = PLACEHOLDER.exec(rest);
    if (ph) {
      const raw = ph[1] as string;
      const v = placeholderValue(raw, values);
      out += KEYS[raw] === "name" ? dialect.quoteIdentifier(v) : dialect.quoteLiteral(v);
      i += ph[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
