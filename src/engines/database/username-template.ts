/**
 * Username templates in the subset of Go's text/template that Vault's username_template uses:
 * `{{ printf "v-%s-%s" (.DisplayName | truncate 8) (random 20) | truncate 63 }}`. Actions hold
 * pipelines of commands; values are `.DisplayName`, `.RoleName`, strings, integers and
 * parenthesised pipelines; functions are printf, random, truncate, truncate_sha256, uppercase,
 * lowercase, replace, sha256, base64, unix_time, unix_time_millis, timestamp and uuid.
 * The result is then made safe: characters outside [A-Za-z0-9_.-] become `_`, and it is cut to
 * the database's limit.
 */
import { createHash, randomInt, randomUUID } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";

export interface UsernameInput {
  DisplayName: string;
  RoleName: string;
}

type Value = string | number;
type Token = { kind: "field" | "string" | "number" | "ident" | "pipe" | "open" | "close"; text: string };

const MAX_TEMPLATE = 4096;
const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function fail(reason: string): never {
  throw new InvalidRequestError(`invalid username_template: ${reason}`);
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const single = c === "|" ? "pipe" : c === "(" ? "open" : c === ")" ? "close" : null;
    if (/\s/.test(c)) i++;
    else if (single) {
      out.push({ kind: single, text: c });
      i++;
    } else if (c === '"' || c === "`") {
      let j = i + 1;
      let text = "";
      while (j < src.length && src[j] !== c) {
        if (c === '"' && src[j] === "\\") {
          const e = src[j + 1];
          text += e === "n" ? "\n" : e === "t" ? "\t" : (e ?? "");
          j += 2;
        } else text += src[j++];
      }
      if (j >= src.length) fail("unterminated string");
      out.push({ kind: "string", text });
      i = j + 1;
    } else {
      const m = /^(\.[A-Za-z_][A-Za-z0-9_]*|-?\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
      if (!m) fail(`unexpected character ${JSON.stringify(c)}`);
      const text = m[0] as string;
      out.push({ kind: text.startsWith(".") ? "field" : /^-?\d/.test(text) ? "number" : "ident", text });
      i += text.length;
    }
  }
  return out;
}

function str(v: Value): string {
  return typeof v === "number" ? String(v) : v;
}

function int(v: Value | undefined, fn: string): number {
  const n = typeof v === "number" ? v : Number.NaN;
  if (!Number.isSafeInteger(n)) fail(`${fn} needs an integer argument`);
  return n;
}

function printf(format: Value, ...args: Value[]): string {
  let k = 0;
  return str(format).replace(/%([sdv%])/g, (_m, verb: string) => {
    if (verb === "%") return "%";
    if (k >= args.length) return `%!${verb}(MISSING)`;
    return str(args[k++] as Value);
  });
}

/** Go reference-time layout to text (UTC), for the tokens people use. */
function goTime(layout: string, now: number): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const parts: Record<string, string> = {
    "2006": String(d.getUTCFullYear()),
    "01": p(d.getUTCMonth() + 1),
    "02": p(d.getUTCDate()),
    "15": p(d.getUTCHours()),
    "04": p(d.getUTCMinutes()),
    "05": p(d.getUTCSeconds()),
    "Z07:00": "Z",
    "-0700": "+0000",
    "-07:00": "+00:00",
  };
  return layout.replace(/2006|01|02|15|04|05|Z07:00|-0700|-07:00/g, (t) => parts[t] as string);
}

type Fn = (args: Value[], now: number) => Value;
const FUNCTIONS: Record<string, Fn> = {
  printf: (a) => printf(a[0] ?? "", ...a.slice(1)),
  random: (a) => {
    const n = int(a[0], "random");
    if (n < 1 || n > 256) fail("random needs a length from 1 to 256");
    let s = "";
    for (let i = 0; i < n; i++) s += BASE62[randomInt(BASE62.length)];
    return s;
  },
  truncate: (a) => {
    const n = int(a[0], "truncate");
    if (n <= 0) fail("truncate needs a positive length");
    return str(a[1] ?? "").slice(0, n);
  },
  truncate_sha256: (a) => {
    const n = int(a[0], "truncate_sha256");
    if (n <= 8) fail("truncate_sha256 needs a length above 8");
    const s = str(a[1] ?? "");
    if (s.length <= n) return s;
    const hash = createHash("sha256")
      .update(s.slice(n - 8))
      .digest("hex");
    return s.slice(0, n - 8) + hash.slice(0, 8);
  },
  uppercase: (a) => str(a[0] ?? "").toUpperCase(),
  lowercase: (a) => str(a[0] ?? "").toLowerCase(),
  replace: (a) =>
    str(a[2] ?? "")
      .split(str(a[0] ?? ""))
      .join(str(a[1] ?? "")),
  sha256: (a) =>
    createHash("sha256")
      .update(str(a[0] ?? ""))
      .digest("hex"),
  base64: (a) => Buffer.from(str(a[0] ?? "")).toString("base64"),
  unix_time: (_a, now) => Math.floor(now / 1000),
  unix_time_millis: (_a, now) => now,
  timestamp: (a, now) => goTime(str(a[0] ?? "2006-01-02T15:04:05Z07:00"), now),
  uuid: () => randomUUID(),
};

class Evaluator {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly input: UsernameInput,
    private readonly now: number,
  ) {}

  run(): Value {
    const v = this.pipeline();
    if (this.pos < this.tokens.length) fail(`unexpected ${JSON.stringify(this.tokens[this.pos]?.text)}`);
    return v;
  }

  private pipeline(): Value {
    let value = this.command(undefined);
    while (this.tokens[this.pos]?.kind === "pipe") {
      this.pos++;
      value = this.command(value);
    }
    return value;
  }

  private command(piped: Value | undefined): Value {
    const first = this.tokens[this.pos];
    if (!first || first.kind === "pipe" || first.kind === "close") fail("empty command");
    if (first.kind === "ident") {
      this.pos++;
      const fn = FUNCTIONS[first.text];
      if (!fn) fail(`function ${JSON.stringify(first.text.slice(0, 40))} not defined`);
      const args: Value[] = [];
      while (this.isOperandStart()) args.push(this.operand());
      if (piped !== undefined) args.push(piped);
      return fn(args, this.now);
    }
    if (piped !== undefined) fail("only a function can receive a piped value");
    const v = this.operand();
    if (this.isOperandStart()) fail("a value cannot take arguments");
    return v;
  }

  private isOperandStart(): boolean {
    const k = this.tokens[this.pos]?.kind;
    return k === "field" || k === "string" || k === "number" || k === "ident" || k === "open";
  }

  private operand(): Value {
    const t = this.tokens[this.pos++] as Token;
    switch (t.kind) {
      case "field": {
        const key = t.text.slice(1);
        if (key !== "DisplayName" && key !== "RoleName") fail(`unknown field ${JSON.stringify(t.text)}`);
        return this.input[key];
      }
      case "string":
        return t.text;
      case "number":
        return Number(t.text);
      case "ident": {
        const fn = FUNCTIONS[t.text];
        if (!fn) fail(`function ${JSON.stringify(t.text.slice(0, 40))} not defined`);
        return fn([], this.now);
      }
      default: {
        const v = this.pipeline();
        if (this.tokens[this.pos++]?.kind !== "close") fail("missing )");
        return v;
      }
    }
  }
}

/** Renders a template; InvalidRequestError when it is malformed. */
export function renderUsernameTemplate(template: string, input: UsernameInput, now: number): string {
  if (template.length > MAX_TEMPLATE) fail(`longer than ${MAX_TEMPLATE} characters`);
  let out = "";
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{{", i);
    if (open === -1) {
      out += template.slice(i);
      break;
    }
    let text = template.slice(i, open);
    const close = template.indexOf("}}", open + 2);
    if (close === -1) fail("unclosed action");
    let inner = template.slice(open + 2, close);
    if (/^-\s/.test(inner)) {
      text = text.trimEnd();
      inner = inner.slice(1);
    }
    let next = close + 2;
    if (/\s-$/.test(inner)) {
      inner = inner.slice(0, -1);
      while (next < template.length && /\s/.test(template[next] as string)) next++;
    }
    out += text + str(new Evaluator(tokenize(inner), input, now).run());
    i = next;
  }
  return out;
}

/** A rendered username made safe for any database: [A-Za-z0-9_.-] only, at most `maxBytes`. */
export function sanitiseUsername(raw: string, maxBytes: number): string {
  const safe = raw.replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, maxBytes);
  if (safe === "" || /^_*$/.test(safe)) {
    throw new InvalidRequestError("username_template produced an empty username");
  }
  return safe;
}
