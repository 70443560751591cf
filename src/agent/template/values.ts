/**
 * Values inside templates and how Go's text/template treats them: JSON-like data (maps are plain
 * objects, read by key), structs with fixed fields (a Vault secret), `undefined` for "no value"
 * (a missing map key) and `null` for nil. Truth, printing and type names follow Go.
 */

/** A Go struct: only its own fields exist; naming another is an error. */
export class Struct {
  constructor(
    readonly typeName: string,
    readonly fields: Readonly<Record<string, Value>>,
  ) {}
}

export type Value = string | number | boolean | null | undefined | Value[] | Struct | ValueMap;
export interface ValueMap {
  [key: string]: Value;
}

export function isMap(v: Value): v is ValueMap {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Struct);
}

/** Go's truth: false, 0, nil, "no value", and empty strings, lists and maps are false. */
export function truth(v: Value): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Struct) return true;
  return Object.keys(v).length > 0;
}

/** A Go-flavoured type name for error messages (never the value itself). */
export function typeName(v: Value): string {
  if (v === undefined) return "no value";
  if (v === null) return "nil";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float64";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  if (v instanceof Struct) return `*${v.typeName}`;
  return "map[string]interface {}";
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const s = String(n);
  // Go writes exponents with at least two digits: 1e+21, 1e-07.
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

/** Sorted keys, as Go prints and ranges over maps. */
export function sortedKeys(m: ValueMap): string[] {
  return Object.keys(m).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** How `{{ value }}` prints (fmt's %v). */
export function printValue(v: Value): string {
  if (v === undefined) return "<no value>";
  return formatV(v);
}

/** fmt's %v for a value inside a list or map, or as a printf argument. */
export function formatV(v: Value): string {
  if (v === undefined || v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(formatV).join(" ")}]`;
  if (v instanceof Struct) return `&{${Object.values(v.fields).map(formatV).join(" ")}}`;
  return `map[${sortedKeys(v)
    .map((k) => `${k}:${formatV(v[k])}`)
    .join(" ")}]`;
}

/** The value's field or key `name`, or why there is none. */
export function fieldOf(
  receiver: Value,
  name: string,
  missingKeyIsError: boolean,
): { value: Value } | { error: string } {
  if (receiver === undefined || receiver === null) {
    return missingKeyIsError
      ? { error: `nil data; no entry for key ${JSON.stringify(name)}` }
      : { value: undefined };
  }
  if (receiver instanceof Struct) {
    if (Object.hasOwn(receiver.fields, name)) return { value: receiver.fields[name] };
    return { error: `can't evaluate field ${name} in type ${typeName(receiver)}` };
  }
  if (isMap(receiver)) {
    if (Object.hasOwn(receiver, name)) return { value: receiver[name] };
    if (missingKeyIsError) return { error: `map has no entry for key ${JSON.stringify(name)}` };
    return { value: undefined };
  }
  return { error: `can't evaluate field ${name} in type ${typeName(receiver)}` };
}

/** Plain data (JSON's shapes) as template values; structs become maps of their fields. */
export function toPlain(v: Value): unknown {
  if (v === undefined) return null;
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(toPlain);
  const src = v instanceof Struct ? v.fields : v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(src)) {
    Object.defineProperty(out, k, {
      value: toPlain(src[k]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Parsed JSON (or any plain data) as a template value. */
export function fromPlain(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(fromPlain);
  if (typeof v === "object") {
    const out: ValueMap = {};
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      Object.defineProperty(out, k, {
        value: fromPlain(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return null;
}
