import { parseDuration } from "../util/duration.js";
import { UsageError } from "./errors.js";

/** Commander collector for a repeatable flag. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Commander collector for a repeatable flag whose values may also be comma-separated (Vault's StringSlice). */
export function collectCsv(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return [...(previous ?? []), ...items];
}

/** An integer flag value; `min` bounds it. */
export function intFlag(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`invalid value for -${flag}: expected an integer`);
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min)
    throw new UsageError(`invalid value for -${flag}: must be at least ${min}`);
  return n;
}

/** A duration flag, checked locally (Vault's forms) and sent to the server as typed. */
export function durationFlag(value: string | undefined, flag: string, signed = false): string | undefined {
  if (value === undefined) return undefined;
  try {
    parseDuration(value, { signed });
  } catch {
    throw new UsageError(`invalid duration for -${flag}`);
  }
  return value;
}

/** `k=v` flag values into a map; a value without `=` is a usage error naming only the flag. */
export function keyValueFlags(
  values: string[] | undefined,
  flag: string,
): Record<string, string> | undefined {
  if (!values) return undefined;
  const out: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`invalid value for -${flag}: expected key=value`);
    Object.defineProperty(out, item.slice(0, eq), {
      value: item.slice(eq + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Version numbers from `-versions=1,2` / repeated flags. */
export function versionsFlag(values: string[] | undefined): number[] {
  return (values ?? []).map((v) => {
    const n = intFlag(v, "versions", 0);
    return n as number;
  });
}

/** Vault's argument count messages. */
export function expectArgs(args: string[], min: number, max = min): void {
  const expected = min === max ? `${min}` : `${min}-${max}`;
  if (args.length < min)
    throw new UsageError(`Not enough arguments (expected ${expected}, got ${args.length})`);
  if (args.length > max)
    throw new UsageError(`Too many arguments (expected ${expected}, got ${args.length})`);
}
