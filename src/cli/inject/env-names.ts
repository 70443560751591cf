/** Secret keys as environment variable names, and secret values as environment strings. */
import type { JsonValue } from "../../client/types.js";
import { UsageError } from "../errors.js";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A key in UPPER_SNAKE case: camelCase boundaries and every run of characters other than letters
 * and digits become one `_` (`dbPassword`, `db-password`, `db.password` -> `DB_PASSWORD`); a name
 * that would start with a digit gets a leading `_`.
 */
export function toEnvName(key: string, prefix = ""): string {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
  const name = `${prefix}${snake}`;
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Checks a name given by the user (`--env NAME=...`, a prefix). */
export function checkEnvName(name: string, what: string): string {
  if (!ENV_NAME.test(name)) {
    throw new UsageError(
      `invalid ${what} ${JSON.stringify(name)}: use letters, digits and _, not starting with a digit`,
    );
  }
  return name;
}

/** Checks a prefix (may be empty; may end with `_`). */
export function checkPrefix(prefix: string): string {
  if (prefix !== "" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) {
    throw new UsageError(`invalid prefix ${JSON.stringify(prefix)}: use letters, digits and _`);
  }
  return prefix;
}

/** A JSON value as an environment string: strings as they are, other values as JSON, null as "". */
export function envString(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}
