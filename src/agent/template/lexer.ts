/**
 * Tokenizer for the Go text/template syntax consul-template uses: text, and actions between
 * delimiters (`{{ }}` by default) with trim markers (`{{- ` and ` -}}`) and comments (`{{/* ... *\/}}`).
 * Positions are character offsets into the source; errors name a position, never the text.
 */
import { TemplateError } from "./errors.js";
import { parseGoNumber, readChar, readQuoted } from "./go-literals.js";
import type { TemplateSource } from "./source.js";

export type TokenKind =
  | "text"
  | "open"
  | "close"
  | "field"
  | "variable"
  | "ident"
  | "keyword"
  | "dot"
  | "string"
  | "number"
  | "bool"
  | "nil"
  | "pipe"
  | "lparen"
  | "rparen"
  | "declare"
  | "assign"
  | "comma"
  | "eof";

export interface Token {
  kind: TokenKind;
  /** Text for text tokens; the decoded value for strings; the name for fields/variables/idents. */
  text: string;
  /** Numbers (and character constants). */
  num?: number;
  pos: number;
  /** Whitespace came right before this token inside an action (it then starts a new operand). */
  spaceBefore: boolean;
}

export const KEYWORDS = new Set([
  "if",
  "else",
  "end",
  "range",
  "with",
  "break",
  "continue",
  "define",
  "template",
  "block",
]);

const NUMBER =
  /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)/;

function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\r" || ch === "\n";
}

function isAlnum(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}_]/u.test(ch);
}

function trimRightSpace(s: string): string {
  return s.replace(/[ \t\r\n]+$/, "");
}

export interface Delimiters {
  left: string;
  right: string;
}

export function lex(source: TemplateSource, delims: Delimiters = { left: "{{", right: "}}" }): Token[] {
  return new Lexer(source, delims).run();
}

class Lexer {
  private readonly src: string;
  private pos = 0;
  private readonly out: Token[] = [];
  private trimNextText = false;

  constructor(
    private readonly source: TemplateSource,
    private readonly delims: Delimiters,
  ) {
    this.src = source.text;
  }

  private fail(at: number, reason: string): TemplateError {
    return new TemplateError(this.source.where(at), reason);
  }

  run(): Token[] {
    const { left } = this.delims;
    while (this.pos <= this.src.length) {
      const idx = this.src.indexOf(left, this.pos);
      let text = this.src.slice(this.pos, idx < 0 ? undefined : idx);
      if (this.trimNextText) text = text.replace(/^[ \t\r\n]+/, "");
      this.trimNextText = false;
      if (idx < 0) {
        if (text) this.push("text", text, this.pos);
        break;
      }
      const after = idx + left.length;
      const trimLeft = this.src[after] === "-" && isSpace(this.src[after + 1]);
      if (trimLeft) text = trimRightSpace(text);
      if (text) this.push("text", text, this.pos);
      this.pos = after + (trimLeft ? 2 : 0);
      if (this.src.startsWith("/*", this.pos)) this.comment(idx);
      else this.action(idx);
    }
    this.push("eof", "", this.src.length);
    return this.out;
  }

  private push(kind: TokenKind, text: string, pos: number, spaceBefore = false, num?: number): Token {
    const token: Token = { kind, text, pos, spaceBefore, ...(num === undefined ? {} : { num }) };
    this.out.push(token);
    return token;
  }

  /** At a right delimiter (plain or with trim marker)? Returns its length, or 0. */
  private atClose(): number {
    const { right } = this.delims;
    if (this.src.startsWith(right, this.pos)) return right.length;
    if (isSpace(this.src[this.pos]) && this.src.startsWith(`-${right}`, this.pos + 1)) {
      this.trimNextText = true;
      return right.length + 2;
    }
    return 0;
  }

  private comment(openAt: number): void {
    const end = this.src.indexOf("*/", this.pos + 2);
    if (end < 0) throw this.fail(openAt, "unclosed comment");
    this.pos = end + 2;
    const n = this.atClose();
    if (n === 0) throw this.fail(openAt, "comment ends before closing delimiter");
    this.pos += n;
  }

  private action(openAt: number): void {
    this.push("open", "", openAt);
    let space = false;
    for (;;) {
      if (this.pos >= this.src.length) throw this.fail(openAt, "unclosed action");
      const closeLen = this.atClose();
      if (closeLen > 0) {
        this.push("close", "", this.pos);
        this.pos += closeLen;
        return;
      }
      const ch = this.src[this.pos];
      if (isSpace(ch)) {
        space = true;
        this.pos++;
        continue;
      }
      this.token(ch, space);
      space = false;
    }
  }

  private token(ch: string, space: boolean): Token {
    const start = this.pos;
    const src = this.src;
    const two = src.slice(start, start + 2);
    if (two === ":=") {
      this.pos += 2;
      return this.push("declare", ":=", start, space);
    }
    const punct: Record<string, TokenKind> = {
      "|": "pipe",
      "(": "lparen",
      ")": "rparen",
      "=": "assign",
      ",": "comma",
    };
    if (punct[ch]) {
      this.pos++;
      return this.push(punct[ch], ch, start, space);
    }
    if (ch === '"') return this.push("string", this.quoted(), start, space);
    if (ch === "`") {
      const end = src.indexOf("`", start + 1);
      if (end < 0) throw this.fail(start, "unterminated raw quoted string");
      this.pos = end + 1;
      return this.push("string", src.slice(start + 1, end), start, space);
    }
    if (ch === "'") {
      const value = this.charConstant();
      return this.push("number", value, start, space, value.codePointAt(0));
    }
    if (ch === "$") {
      this.pos++;
      while (isAlnum(src[this.pos])) this.pos++;
      return this.push("variable", src.slice(start, this.pos), start, space);
    }
    if (ch === "." && !/\d/.test(src[start + 1] ?? "")) {
      this.pos++;
      if (!isAlnum(src[this.pos])) return this.push("dot", ".", start, space);
      while (isAlnum(src[this.pos])) this.pos++;
      return this.push("field", src.slice(start + 1, this.pos), start, space);
    }
    const num = NUMBER.exec(src.slice(start, start + 100));
    if (num && (/[\d.]/.test(ch) || /\d|\./.test(src[start + 1] ?? ""))) {
      this.pos += num[0].length;
      if (isAlnum(src[this.pos])) throw this.fail(start, "bad number syntax");
      const value = parseGoNumber(num[0]);
      if (Number.isNaN(value)) throw this.fail(start, "bad number syntax");
      return this.push("number", num[0], start, space, value);
    }
    if (isAlnum(ch) && !/\d/.test(ch)) {
      while (isAlnum(src[this.pos])) this.pos++;
      const word = src.slice(start, this.pos);
      if (word === "true" || word === "false") return this.push("bool", word, start, space);
      if (word === "nil") return this.push("nil", word, start, space);
      return this.push(KEYWORDS.has(word) ? "keyword" : "ident", word, start, space);
    }
    const code = ch.codePointAt(0) ?? 0;
    throw this.fail(start, `unexpected character U+${code.toString(16).toUpperCase().padStart(4, "0")}`);
  }

  private quoted(): string {
    const r = readQuoted(this.src, this.pos);
    if ("error" in r) throw this.fail(this.pos, r.error);
    this.pos = r.end;
    return r.value;
  }

  private charConstant(): string {
    const r = readChar(this.src, this.pos);
    if ("error" in r) throw this.fail(this.pos, r.error);
    this.pos = r.end;
    return r.value;
  }
}
