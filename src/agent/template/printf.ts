/**
 * The basics of Go's fmt for templates: Sprint, Sprintln and Sprintf with the verbs templates
 * use (%v %s %d %q %t %f %e %g %x %X %o %b %c %%), flags `-`, `+`, `0`, ` `, `#`, width and
 * precision. Wrong arguments print Go's inline markers (`%!d(string=...)` is shortened to
 * `%!d(string)` so a value never lands in a marker).
 */
import { formatNumber, formatV, type Value } from "./values.js";

function isStringish(v: Value): boolean {
  return typeof v === "string";
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: Value[]): string {
  let out = "";
  args.forEach((a, i) => {
    if (i > 0 && !isStringish(a) && !isStringish(args[i - 1])) out += " ";
    out += formatV(a);
  });
  return out;
}

/** fmt.Sprintln: spaces between all operands and a newline. */
export function sprintln(args: Value[]): string {
  return `${args.map(formatV).join(" ")}\n`;
}

interface Spec {
  minus: boolean;
  plus: boolean;
  zero: boolean;
  space: boolean;
  sharp: boolean;
  width?: number;
  precision?: number;
  verb: string;
}

function pad(s: string, spec: Spec, numeric: boolean): string {
  if (spec.width === undefined || s.length >= spec.width) return s;
  const fill = spec.width - s.length;
  if (spec.minus) return s + " ".repeat(fill);
  if (spec.zero && numeric) {
    const sign = /^[+-]/.test(s) ? s[0] : "";
    return sign + "0".repeat(fill) + s.slice(sign.length);
  }
  return " ".repeat(fill) + s;
}

function asNumber(v: Value): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v === "string" && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v)) return Number(v);
  return undefined;
}

function signed(s: string, n: number, spec: Spec): string {
  if (n >= 0 && spec.plus) return `+${s}`;
  if (n >= 0 && spec.space) return ` ${s}`;
  return s;
}

function goQuote(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function bad(verb: string, v: Value): string {
  const t = v === null || v === undefined ? "<nil>" : Array.isArray(v) ? "[]interface {}" : typeof v;
  return `%!${verb}(${t})`;
}

function formatOne(spec: Spec, v: Value): string {
  const { verb } = spec;
  switch (verb) {
    case "v":
      return pad(typeof v === "number" ? signed(formatNumber(v), v, spec) : formatV(v), spec, false);
    case "s": {
      let s = typeof v === "string" ? v : formatV(v);
      if (spec.precision !== undefined) s = [...s].slice(0, spec.precision).join("");
      return pad(s, spec, false);
    }
    case "q":
      return pad(typeof v === "string" ? goQuote(v) : formatV(v), spec, false);
    case "t":
      return typeof v === "boolean" ? pad(String(v), spec, false) : bad(verb, v);
    case "c": {
      const n = asNumber(v);
      return n === undefined || !Number.isInteger(n)
        ? bad(verb, v)
        : pad(String.fromCodePoint(n), spec, false);
    }
    case "d":
    case "o":
    case "b": {
      const n = asNumber(v);
      if (n === undefined || !Number.isInteger(n)) return bad(verb, v);
      const radix = verb === "d" ? 10 : verb === "o" ? 8 : 2;
      let s = Math.abs(n).toString(radix);
      if (spec.precision !== undefined) s = s.padStart(spec.precision, "0");
      if (spec.sharp && verb === "o") s = `0${s}`;
      return pad(signed(n < 0 ? `-${s}` : s, n, spec), spec, spec.precision === undefined);
    }
    case "x":
    case "X": {
      let s: string;
      if (typeof v === "string") s = Buffer.from(v, "utf8").toString("hex");
      else {
        const n = asNumber(v);
        if (n === undefined || !Number.isInteger(n)) return bad(verb, v);
        s = (n < 0 ? "-" : "") + (spec.sharp ? "0x" : "") + Math.abs(n).toString(16);
      }
      return pad(verb === "X" ? s.toUpperCase() : s, spec, true);
    }
    case "f":
    case "F":
    case "e":
    case "E":
    case "g":
    case "G": {
      const n = asNumber(v);
      if (n === undefined) return bad(verb, v);
      let s: string;
      const lower = verb.toLowerCase();
      if (lower === "f") s = n.toFixed(spec.precision ?? 6);
      else if (lower === "e") s = n.toExponential(spec.precision ?? 6).replace(/e([+-])(\d)$/, "e$10$2");
      else s = spec.precision === undefined ? formatNumber(n) : String(Number(n.toPrecision(spec.precision)));
      if (verb !== lower) s = s.toUpperCase();
      return pad(signed(s, n, spec), spec, true);
    }
    default:
      return `%!${verb}(BADVERB)`;
  }
}

/** fmt.Sprintf for the verbs above. */
export function sprintf(format: string, args: Value[]): string {
  let out = "";
  let argIndex = 0;
  let i = 0;
  while (i < format.length) {
    const ch = format[i];
    if (ch !== "%") {
      out += ch;
      i++;
      continue;
    }
    i++;
    if (format[i] === "%") {
      out += "%";
      i++;
      continue;
    }
    const spec: Spec = { minus: false, plus: false, zero: false, space: false, sharp: false, verb: "" };
    for (; i < format.length && "-+0 #".includes(format[i]); i++) {
      if (format[i] === "-") spec.minus = true;
      else if (format[i] === "+") spec.plus = true;
      else if (format[i] === "0") spec.zero = true;
      else if (format[i] === " ") spec.space = true;
      else spec.sharp = true;
    }
    const width = /^\d+/.exec(format.slice(i));
    if (width) {
      spec.width = Math.min(Number(width[0]), 1_000_000);
      i += width[0].length;
    }
    if (format[i] === ".") {
      const prec = /^\d*/.exec(format.slice(i + 1))?.[0] ?? "";
      spec.precision = Math.min(Number(prec || "0"), 1_000_000);
      i += 1 + prec.length;
    }
    if (i >= format.length) {
      out += "%!(NOVERB)";
      break;
    }
    spec.verb = String.fromCodePoint(format.codePointAt(i) ?? 0);
    i += spec.verb.length;
    if (argIndex >= args.length) {
      out += `%!${spec.verb}(MISSING)`;
      continue;
    }
    out += formatOne(spec, args[argIndex++]);
  }
  if (argIndex < args.length) out += `%!(EXTRA ${args.length - argIndex} arguments)`;
  return out;
}
