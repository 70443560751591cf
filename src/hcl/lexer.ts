/**
 * HCL tokenizer: turns text into tokens with 1-based line/column positions. Whitespace (newlines
 * included, as in HCL 1) and comments (`#`, `//`, `/* *\/`) are skipped. Never puts input text in an
 * error message: errors name the kind of token or a single character.
 */
import { HclSyntaxError } from "./errors.js";

export type TokenKind =
  | "ident"
  | "string"
  | "heredoc"
  | "number"
  | "{"
  | "}"
  | "["
  | "]"
  | "="
  | ":"
  | ","
  | "eof";

export interface Token {
  kind: TokenKind;
  /** Decoded text for ident/string/heredoc; the literal for numbers. */
  text: string;
  line: number;
  column: number;
}

const PUNCTUATION = new Set(["{", "}", "[", "]", "=", ":", ","]);
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  n: "\n",
  t: "\t",
  r: "\r",
  b: "\b",
  f: "\f",
  a: "\x07",
  v: "\v",
};

function isIdentStart(ch: string): boolean {
  return /[A-Za-z_]/.test(ch) || (ch > "\x7f" && /\p{L}/u.test(ch));
}

function isIdentPart(ch: string): boolean {
  return /[A-Za-z0-9_.-]/.test(ch) || (ch > "\x7f" && /[\p{L}\p{N}]/u.test(ch));
}

/** A safe description of one character for error messages. */
export function describeChar(ch: string): string {
  if (ch === "") return "end of input";
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x21 && code <= 0x7e) return `character '${ch}'`;
  return `character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

export class Lexer {
  private pos = 0;
  private line = 1;
  private col = 1;

  constructor(private readonly src: string) {}

  next(): Token {
    this.skipTrivia();
    const line = this.line;
    const column = this.col;
    const ch = this.src[this.pos] ?? "";
    if (ch === "") return { kind: "eof", text: "", line, column };
    if (PUNCTUATION.has(ch)) {
      this.advance(1);
      return { kind: ch as TokenKind, text: ch, line, column };
    }
    if (ch === '"') return { kind: "string", text: this.readString(), line, column };
    if (ch === "<" && this.src.startsWith("<<", this.pos)) {
      return { kind: "heredoc", text: this.readHeredoc(), line, column };
    }
    if (ch === "-" || (ch >= "0" && ch <= "9"))
      return { kind: "number", text: this.readNumber(), line, column };
    if (isIdentStart(ch)) return { kind: "ident", text: this.readIdent(), line, column };
    throw this.error(`unexpected ${describeChar(ch)}`);
  }

  private error(reason: string, line = this.line, column = this.col): HclSyntaxError {
    return new HclSyntaxError(line, column, reason);
  }

  private advance(n: number): void {
    for (let i = 0; i < n; i++) {
      if (this.src.charCodeAt(this.pos) === 10) {
        this.line++;
        this.col = 1;
      } else {
        this.col++;
      }
      this.pos++;
    }
  }

  private skipTrivia(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const ch = src[this.pos];
      if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\uFEFF") {
        this.advance(1);
      } else if (ch === "#" || (ch === "/" && src[this.pos + 1] === "/")) {
        while (this.pos < src.length && src[this.pos] !== "\n") this.advance(1);
      } else if (ch === "/" && src[this.pos + 1] === "*") {
        const line = this.line;
        const column = this.col;
        const end = src.indexOf("*/", this.pos + 2);
        if (end < 0) throw this.error("unterminated comment", line, column);
        this.advance(end + 2 - this.pos);
      } else {
        return;
      }
    }
  }

  private readString(): string {
    const line = this.line;
    const column = this.col;
    const src = this.src;
    this.advance(1);
    let out = "";
    let start = this.pos;
    for (;;) {
      const ch = src[this.pos];
      if (ch === undefined || ch === "\n") throw this.error("unterminated string", line, column);
      if (ch === '"') {
        out += src.slice(start, this.pos);
        this.advance(1);
        return out;
      }
      if (ch === "\\") {
        out += src.slice(start, this.pos);
        out += this.readEscape();
        start = this.pos;
        continue;
      }
      this.advance(1);
    }
  }

  private readEscape(): string {
    const line = this.line;
    const column = this.col;
    const esc = this.src[this.pos + 1] ?? "";
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) {
      this.advance(2);
      return simple;
    }
    const width = esc === "u" ? 4 : esc === "U" ? 8 : 0;
    const hex = this.src.slice(this.pos + 2, this.pos + 2 + width);
    if (width === 0 || hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) {
      throw this.error("invalid escape sequence in string", line, column);
    }
    const code = Number.parseInt(hex, 16);
    if (code > 0x10ffff) throw this.error("invalid escape sequence in string", line, column);
    this.advance(2 + width);
    return String.fromCodePoint(code);
  }

  private readHeredoc(): string {
    const line = this.line;
    const column = this.col;
    const src = this.src;
    const header = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(src.slice(this.pos, this.pos + 300));
    if (!header)
      throw this.error("invalid heredoc: expected <<MARKER or <<-MARKER then a newline", line, column);
    const indented = header[1] === "-";
    const marker = header[2];
    this.advance(header[0].length);
    const lines: string[] = [];
    for (;;) {
      if (this.pos >= src.length) throw this.error("unterminated heredoc", line, column);
      let end = src.indexOf("\n", this.pos);
      if (end < 0) end = src.length;
      const raw = src.slice(this.pos, end).replace(/\r$/, "");
      if (raw.trim() === marker) {
        this.advance(end - this.pos);
        break;
      }
      lines.push(raw);
      this.advance(Math.min(end + 1, src.length) - this.pos);
    }
    const body = indented ? stripCommonIndent(lines) : lines;
    return body.map((l) => `${l}\n`).join("");
  }

  private readNumber(): string {
    const line = this.line;
    const column = this.col;
    const m = /^-?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      this.src.slice(this.pos, this.pos + 400),
    );
    const after = m ? (this.src[this.pos + m[0].length] ?? "") : "";
    if (!m || (after !== "" && (isIdentPart(after) || after === "."))) {
      throw this.error("invalid number", line, column);
    }
    this.advance(m[0].length);
    return m[0];
  }

  private readIdent(): string {
    const start = this.pos;
    while (this.pos < this.src.length && isIdentPart(this.src[this.pos])) this.advance(1);
    return this.src.slice(start, this.pos);
  }
}

/** `<<-` heredocs: remove the whitespace prefix that every non-blank line shares. */
function stripCommonIndent(lines: string[]): string[] {
  let common: number | undefined;
  for (const l of lines) {
    if (l.trim() === "") continue;
    const n = /^[ \t]*/.exec(l)![0].length;
    common = common === undefined ? n : Math.min(common, n);
  }
  return lines.map((l) => (l.trim() === "" ? "" : l.slice(common ?? 0)));
}
