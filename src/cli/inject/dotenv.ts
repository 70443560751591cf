/**
 * dotenv lines that read back exactly with Node's parser (`node --env-file`, `util.parseEnv`) and
 * the `dotenv` package, which share one grammar: single quotes and backticks are literal (newlines
 * allowed), double quotes turn `\n` into a newline. Values choose the first quoting that keeps
 * them as they are: bare, '...', "...", `...`; a value no quoting can hold is an error naming
 * the variable (never the value).
 */
import { UsageError } from "../errors.js";

const BARE = /^[A-Za-z0-9_./:@%+,=-]+$/;

export function quoteDotenv(name: string, value: string): string {
  if (value.includes("\r")) {
    throw new UsageError(`${name} holds a carriage return, which dotenv parsers drop: use -format=json`);
  }
  if (BARE.test(value)) return value;
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('"') && !value.includes("\\n")) return `"${value}"`;
  if (!value.includes("`")) return `\`${value}\``;
  throw new UsageError(`${name} holds ', " and \` at once, which dotenv cannot quote: use -format=json`);
}

/** `NAME=value` lines, sorted by name, each value quoted as above. */
export function formatDotenv(env: Record<string, string>): string {
  return Object.keys(env)
    .sort()
    .map((name) => `${name}=${quoteDotenv(name, env[name])}\n`)
    .join("");
}
