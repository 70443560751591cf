/** Go text/template's predefined functions (and/or are evaluated lazily by the evaluator). */
import { FuncError } from "./errors.js";
import { sprint, sprintf, sprintln } from "./printf.js";
import type { TemplateFunc } from "./registry.js";
import { isMap, Struct, truth, typeName, type Value } from "./values.js";

type Kind = "bool" | "number" | "string" | "nil" | "other";

function basicKind(v: Value): Kind {
  if (v === null || v === undefined) return "nil";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "string";
  return "other";
}

function equal(a: Value, b: Value): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === "other" || kb === "other") throw new FuncError("uncomparable type");
  if (ka === "nil" || kb === "nil") return ka === kb;
  if (ka !== kb) throw new FuncError("incompatible types for comparison");
  return a === b;
}

function less(a: Value, b: Value): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) throw new FuncError("incompatible types for comparison");
  if (ka !== "number" && ka !== "string") throw new FuncError("invalid type for comparison");
  return (a as number | string) < (b as number | string);
}

function indexInto(item: Value, key: Value): Value {
  if (Array.isArray(item) || typeof item === "string") {
    if (typeof key !== "number" || !Number.isInteger(key))
      throw new FuncError("cannot index slice/array with a non-integer");
    const len = typeof item === "string" ? Buffer.byteLength(item) : item.length;
    if (key < 0 || key >= len) throw new FuncError("index out of range");
    return typeof item === "string" ? Buffer.from(item)[key] : item[key];
  }
  if (isMap(item)) {
    if (typeof key !== "string") throw new FuncError(`value has type ${typeName(key)}; should be string`);
    return Object.hasOwn(item, key) ? item[key] : null;
  }
  if (item === null || item === undefined) throw new FuncError("index of untyped nil");
  if (item instanceof Struct) throw new FuncError(`can't index item of type ${typeName(item)}`);
  throw new FuncError(`can't index item of type ${typeName(item)}`);
}

export const BUILTINS: Record<string, TemplateFunc> = {
  // and/or: listed so the parser knows them; the evaluator short-circuits them itself.
  and: { min: 1, max: Infinity, call: (args) => args.find((a) => !truth(a)) ?? args[args.length - 1] },
  or: { min: 1, max: Infinity, call: (args) => args.find((a) => truth(a)) ?? args[args.length - 1] },
  not: { min: 1, max: 1, call: ([a]) => !truth(a) },
  len: {
    min: 1,
    max: 1,
    call: ([a]) => {
      if (typeof a === "string") return Buffer.byteLength(a);
      if (Array.isArray(a)) return a.length;
      if (isMap(a)) return Object.keys(a).length;
      throw new FuncError(`len of type ${typeName(a)}`);
    },
  },
  index: {
    min: 1,
    max: Infinity,
    call: ([item, ...keys]) => keys.reduce<Value>((acc, k) => indexInto(acc, k), item),
  },
  print: { min: 0, max: Infinity, call: (args) => sprint(args) },
  println: { min: 0, max: Infinity, call: (args) => sprintln(args) },
  printf: {
    min: 1,
    max: Infinity,
    call: ([format, ...args]) => {
      if (typeof format !== "string")
        throw new FuncError(`wrong type for value; expected string; got ${typeName(format)}`);
      return sprintf(format, args);
    },
  },
  eq: { min: 2, max: Infinity, call: ([a, ...rest]) => rest.some((b) => equal(a, b)) },
  ne: { min: 2, max: 2, call: ([a, b]) => !equal(a, b) },
  lt: { min: 2, max: 2, call: ([a, b]) => less(a, b) },
  le: { min: 2, max: 2, call: ([a, b]) => less(a, b) || equal(a, b) },
  gt: { min: 2, max: 2, call: ([a, b]) => less(b, a) },
  ge: { min: 2, max: 2, call: ([a, b]) => !less(a, b) },
};
