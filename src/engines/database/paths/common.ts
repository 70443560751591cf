/** Field schemas and checks shared by the database engine's paths. */
import { z } from "zod";
import { InvalidRequestError } from "../../../errors.js";
import { renderStatement } from "../plugins/sql-template.js";
import type { DatabaseConfig } from "../types.js";

/** A role or connection name (Vault's GenericNameRegex), as a named group. */
export const name = (group = "name") => `(?<${group}>\\w(?:[\\w.-]*\\w)?)`;

/**
 * Statements: a list of strings, or one string taken whole (SQL holds commas, so unlike other
 * list fields it is never split). Empty strings are dropped.
 */
export const statements = () =>
  z.preprocess(
    (v) => (typeof v === "string" ? [v] : v),
    z
      .array(z.string({ error: "expected a list of SQL statements" }), {
        error: "expected a list of SQL statements",
      })
      .max(100, { error: "at most 100 statements" })
      .transform((list) => list.filter((s) => s.trim() !== "")),
  );

/** Checks every placeholder and quote of the statements now, so a bad template is a 400 at write time. */
export function checkStatements(
  field: string,
  list: string[],
  values: { password?: boolean; expiration?: boolean },
) {
  const sample = {
    name: "sample_user",
    password: values.password ? "sample-password" : undefined,
    expiration: values.expiration ? "2030-01-01 00:00:00+00" : undefined,
  };
  const dialect = {
    identifierQuote: '"',
    quoteIdentifier: (s: string) => s,
    quoteLiteral: (s: string) => s,
    dollarQuotes: true,
  };
  for (const stmt of list) {
    try {
      renderStatement(stmt, sample, dialect);
    } catch (err) {
      throw new InvalidRequestError(`${field}: ${(err as Error).message}`);
    }
  }
}

/** Whether a role may use a connection: allowed_roles holds "*", the name, or a glob matching it. */
export function isRoleAllowed(config: DatabaseConfig, role: string): boolean {
  return config.allowed_roles.some((pattern) => {
    if (pattern === "*" || pattern === role) return true;
    if (!pattern.includes("*")) return false;
    const re = new RegExp(
      `^${pattern
        .split("*")
        .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
    );
    return re.test(role);
  });
}

export function assertRoleAllowed(config: DatabaseConfig, role: string): void {
  if (!isRoleAllowed(config, role)) throw new InvalidRequestError(`"${role}" is not an allowed role`);
}
