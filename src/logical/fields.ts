/**
 * Field schemas with Vault's input coercions: query strings and form bodies carry strings, so
 * integers, booleans, durations and lists also accept their string forms. Error messages name the
 * field and the expected kind, never the value (it may be secret).
 */
import { z } from "zod";
import { parseDuration } from "../util/duration.js";

const GO_TRUE = new Set(["1", "t", "T", "true", "TRUE", "True"]);
const GO_FALSE = new Set(["0", "f", "F", "false", "FALSE", "False"]);

/** Go's strconv.ParseBool: returns undefined when the text is not a boolean. */
export function parseGoBool(v: string): boolean | undefined {
  if (GO_TRUE.has(v)) return true;
  if (GO_FALSE.has(v)) return false;
  return undefined;
}

const int = () =>
  z.preprocess(
    (v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v),
    z.number({ error: "expected an integer" }).int({ error: "expected an integer" }),
  );

const bool = () =>
  z.preprocess(
    (v) => (typeof v === "string" ? (parseGoBool(v) ?? v) : v),
    z.boolean({ error: "expected a boolean" }),
  );

const str = () =>
  z.preprocess(
    (v) => (typeof v === "number" || typeof v === "boolean" ? String(v) : v),
    z.string({ error: "expected a string" }),
  );

/** Duration in Vault's forms ("1h", "30s", 3600, "3600"), as whole seconds. */
const duration = (opts: { signed?: boolean } = {}) =>
  z.unknown().transform((v, ctx) => {
    try {
      return parseDuration(v, { signed: opts.signed });
    } catch {
      ctx.addIssue({ code: "custom", message: "expected a duration such as 30s, 1h or 3600" });
      return z.NEVER;
    }
  });

/** A list of strings, also given as one comma-separated string (Vault's CommaStringSlice). */
const strings = () =>
  z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s !== "")
        : v,
    z.array(z.string({ error: "expected a list of strings" }), { error: "expected a list of strings" }),
  );

/** A map of string to string, also given as a list of "k=v" strings. */
const stringMap = () =>
  z.preprocess(
    (v) => {
      if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
        const out: Record<string, string> = {};
        for (const item of v as string[]) {
          const i = item.indexOf("=");
          if (i <= 0) return v;
          out[item.slice(0, i)] = item.slice(i + 1);
        }
        return out;
      }
      return v;
    },
    z.record(z.string(), z.string({ error: "expected a map of strings" }), {
      error: "expected a map of strings",
    }),
  );

const object = () => z.record(z.string(), z.unknown(), { error: "expected an object" });

export const field = { int, bool, str, duration, strings, stringMap, object };
