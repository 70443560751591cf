/**
 * consul-template's data functions: encodings, JSON/YAML, strings and lists. Their argument order
 * suits pipes: the piped value comes last (`{{ .list | join "," }}`, `{{ .s | split ":" }}`).
 * Errors name the function and types, never the data.
 */
import { stringify as yamlStringify } from "yaml";
import { FuncError } from "./errors.js";
import { goJson } from "./go-json.js";
import type { TemplateFunc } from "./registry.js";
import { formatNumber, formatV, fromPlain, toPlain, typeName, type Value } from "./values.js";

/** A string argument (numbers and booleans are accepted as their text). */
export function str(v: Value): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "boolean") return String(v);
  throw new FuncError(`wrong type for value; expected string; got ${typeName(v)}`);
}

function strings1(fn: (s: string) => Value): TemplateFunc {
  return { min: 1, max: 1, call: ([s]) => fn(str(s)) };
}

function decodeBase64(s: string, url: boolean, name: string): string {
  const re = url ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
  if (!re.test(s) || s.length % 4 !== 0) throw new FuncError(`${name}: illegal base64 data`);
  return Buffer.from(s, url ? "base64url" : "base64").toString("utf8");
}

/** `in` of consul-template: element of a list, or substring of a string. */
function listContains(list: Value, item: Value): boolean {
  if (Array.isArray(list)) {
    return list.some((e) => (typeof e === "number" || typeof e === "string") && e === item);
  }
  if (typeof list === "string" && typeof item === "string") return list.includes(item);
  return false;
}

export const DATA_FUNCS: Record<string, TemplateFunc> = {
  base64Encode: strings1((s) => Buffer.from(s, "utf8").toString("base64")),
  base64Decode: strings1((s) => decodeBase64(s, false, "base64Decode")),
  base64URLEncode: strings1((s) =>
    Buffer.from(s, "utf8")
      .toString("base64url")
      .padEnd(Math.ceil(Buffer.byteLength(s) / 3) * 4, "="),
  ),
  base64URLDecode: strings1((s) => decodeBase64(s, true, "base64URLDecode")),
  toJSON: { min: 1, max: 1, call: ([v]) => goJson(toPlain(v)) },
  toJSONPretty: { min: 1, max: 1, call: ([v]) => goJson(toPlain(v), "  ") },
  toYAML: {
    min: 1,
    max: 1,
    call: ([v]) => yamlStringify(toPlain(v), { sortMapEntries: true }).trim(),
  },
  parseJSON: strings1((s) => {
    if (s === "") return {};
    try {
      return fromPlain(JSON.parse(s));
    } catch {
      throw new FuncError("parseJSON: the text is not valid JSON");
    }
  }),
  parseBool: strings1((s) => {
    if (s === "") return false;
    if (["1", "t", "T", "true", "TRUE", "True"].includes(s)) return true;
    if (["0", "f", "F", "false", "FALSE", "False"].includes(s)) return false;
    throw new FuncError("parseBool: invalid syntax");
  }),
  parseInt: strings1((s) => {
    if (s === "") return 0;
    if (!/^[+-]?\d+$/.test(s) || !Number.isSafeInteger(Number(s)))
      throw new FuncError("parseInt: invalid syntax");
    return Number(s);
  }),
  parseFloat: strings1((s) => {
    if (s === "") return 0;
    const n = Number(s);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) || !Number.isFinite(n))
      throw new FuncError("parseFloat: invalid syntax");
    return n;
  }),
  toUpper: strings1((s) => s.toUpperCase()),
  toLower: strings1((s) => s.toLowerCase()),
  trimSpace: strings1((s) => s.trim()),
  trim: { min: 2, max: 2, call: ([cut, s]) => trimSet(str(s), str(cut), true, true) },
  trimPrefix: {
    min: 2,
    max: 2,
    call: ([p, s]) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  },
  trimSuffix: {
    min: 2,
    max: 2,
    call: ([p, s]) => {
      const text = str(s);
      const suffix = str(p);
      return suffix !== "" && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
    },
  },
  split: {
    min: 2,
    max: 2,
    call: ([sep, s]) => {
      const text = str(s).trim();
      return text === "" ? [] : text.split(str(sep));
    },
  },
  join: {
    min: 2,
    max: 2,
    call: ([sep, list]) => {
      if (!Array.isArray(list))
        throw new FuncError(`wrong type for value; expected []string; got ${typeName(list)}`);
      return list.map((e) => (typeof e === "string" ? e : formatV(e))).join(str(sep));
    },
  },
  contains: { min: 2, max: 2, call: ([item, list]) => listContains(list, item) },
  replaceAll: { min: 3, max: 3, call: ([from, to, s]) => str(s).split(str(from)).join(str(to)) },
  indent: {
    min: 2,
    max: 2,
    call: ([n, s]) => {
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 1000)
        throw new FuncError("indent value must be a positive integer");
      const prefix = " ".repeat(n);
      return str(s).replace(/^(?!$)/gm, prefix);
    },
  },
};

function trimSet(s: string, cutset: string, left: boolean, right: boolean): string {
  const chars = new Set([...cutset]);
  const arr = [...s];
  let a = 0;
  let b = arr.length;
  while (left && a < b && chars.has(arr[a])) a++;
  while (right && b > a && chars.has(arr[b - 1])) b--;
  return arr.slice(a, b).join("");
}
