import { InvalidRequestError } from "../../errors.js";

/**
 * Translates the Go RE2 regexes of gitleaks configs into JavaScript ones: leading inline flags
 * (`(?i)`, `(?s)`, `(?m)`) become RegExp flags; scoped `(?i:...)` groups (which Node 20 lacks)
 * become explicit case classes; `(?P<name>` becomes `(?<name>`; `\z`, `\A`, `\Q...\E` and POSIX
 * classes (`[[:alnum:]]`) get their JavaScript equivalents.
 */
const POSIX: Record<string, string> = {
  alnum: "A-Za-z0-9",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7f",
  blank: " \\t",
  cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\s",
  upper: "A-Z",
  word: "\\w",
  xdigit: "0-9A-Fa-f",
};

function bothCases(c: string): string {
  const lower = c.toLowerCase();
  const upper = c.toUpperCase();
  return lower === upper ? c : `[${lower}${upper}]`;
}

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Translates one character class starting at `s[i] === "["`; returns [text, next index]. */
function translateClass(s: string, i: number, caseless: boolean): [string, number] {
  let out = "[";
  let j = i + 1;
  if (s[j] === "^") {
    out += "^";
    j++;
  }
  if (s[j] === "]") {
    out += "\\]";
    j++;
  }
  const extra: string[] = [];
  while (j < s.length && s[j] !== "]") {
    if (s.startsWith("[:", j)) {
      const end = s.indexOf(":]", j + 2);
      const name = end === -1 ? "" : s.slice(j + 2, end);
      if (!(name in POSIX)) throw new Error(`unknown POSIX class [:${name}:]`);
      out += POSIX[name];
      j = end + 2;
      continue;
    }
    if (s[j] === "\\") {
      out += s.slice(j, j + 2);
      j += 2;
      continue;
    }
    const c = s[j];
    if (s[j + 1] === "-" && s[j + 2] !== undefined && s[j + 2] !== "]") {
      const to = s[j + 2];
      out += `${c}-${to}`;
      if (caseless && /[a-z]/i.test(c) && /[a-z]/i.test(to)) {
        const flip = c === c.toLowerCase() ? (x: string) => x.toUpperCase() : (x: string) => x.toLowerCase();
        extra.push(`${flip(c)}-${flip(to)}`);
      }
      j += 3;
      continue;
    }
    out += c === "/" ? "\\/" : c;
    if (caseless && /[a-z]/i.test(c)) extra.push(c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());
    j++;
  }
  if (j >= s.length) throw new Error("unterminated character class");
  return [`${out}${extra.join("")}]`, j + 1];
}

export interface TranslatedRegex {
  source: string;
  flags: string;
}

export function translateRe2(pattern: string): TranslatedRegex {
  let s = pattern;
  let flags = "";
  for (let lead = /^\(\?([ims]+)\)/.exec(s); lead; lead = /^\(\?([ims]+)\)/.exec(s)) {
    for (const f of lead[1]) if (!flags.includes(f)) flags += f;
    s = s.slice(lead[0].length);
  }
  let out = "";
  const scopes: boolean[] = [];
  let caseless = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "\\") {
      const next = s[i + 1];
      if (next === "z") out += "$";
      else if (next === "A") out += "^";
      else if (next === "Q") {
        const end = s.indexOf("\\E", i + 2);
        const literal = s.slice(i + 2, end === -1 ? s.length : end);
        out += caseless
          ? [...literal].map((ch) => (/[a-z]/i.test(ch) ? bothCases(ch) : escapeLiteral(ch))).join("")
          : escapeLiteral(literal);
        i = end === -1 ? s.length : end + 2;
        continue;
      } else out += s.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "[") {
      const [text, next] = translateClass(s, i, caseless);
      out += text;
      i = next;
      continue;
    }
    if (c === "(") {
      if (s.startsWith("(?P<", i)) {
        out += "(?<";
        i += 4;
        scopes.push(caseless);
        continue;
      }
      const scoped = /^\(\?([ims]*)(?:-([ims]+))?:/.exec(s.slice(i));
      if (scoped && (scoped[1] !== "" || scoped[2] !== undefined)) {
        scopes.push(caseless);
        if (scoped[1].includes("i")) caseless = true;
        if (scoped[2]?.includes("i")) caseless = false;
        out += "(?:";
        i += scoped[0].length;
        continue;
      }
      if (/^\(\?[ims-]+\)/.test(s.slice(i))) throw new Error("inline flags are only supported at the start");
      scopes.push(caseless);
      out += c;
      i++;
      continue;
    }
    if (c === ")") {
      caseless = scopes.pop() ?? false;
      out += c;
      i++;
      continue;
    }
    out += caseless && /[a-z]/i.test(c) ? bothCases(c) : c === "/" ? "\\/" : c;
    i++;
  }
  return { source: out, flags };
}

/** Compiles a gitleaks/RE2 regex; bad patterns are a clear config error naming where. */
export function compileRe2(pattern: string, where: string): RegExp {
  try {
    const { source, flags } = translateRe2(pattern);
    return new RegExp(source, flags);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new InvalidRequestError(`${where}: invalid regex: ${reason}`);
  }
}
