/**
 * Recursive-descent HCL parser producing plain JS values. The mapping rules are documented in
 * ./index.ts; this file implements them.
 */
import { HclSyntaxError, quoteName } from "./errors.js";
import { Lexer, type Token } from "./lexer.js";

export type HclValue = string | number | boolean | null | HclValue[] | HclObject;
export interface HclObject {
  [key: string]: HclValue;
}

/** How a key of a body was first used; later uses must agree. */
type KeyUse = { kind: "attribute" } | { kind: "block"; labels: number };

const MAX_LABELS = 8;

/** Sets an own enumerable property, even for names like `__proto__`. */
export function setOwn(obj: HclObject, key: string, value: HclValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function getOwn(obj: HclObject, key: string): HclValue | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

export class Parser {
  private readonly lexer: Lexer;
  private tok: Token;

  constructor(
    src: string,
    private readonly maxDepth: number,
  ) {
    this.lexer = new Lexer(src);
    this.tok = this.lexer.next();
  }

  /** A whole document: a body until end of input, or one JSON-style object literal. */
  parseDocument(): HclObject {
    let out: HclObject;
    if (this.tok.kind === "{") {
      const value = this.parseValue(0);
      out = value as HclObject;
    } else {
      out = this.parseBody("eof", 0);
    }
    if (this.tok.kind !== "eof")
      throw this.fail(`expected the end of the document, found ${describe(this.tok)}`);
    return out;
  }

  private fail(reason: string, at: Token = this.tok): HclSyntaxError {
    return new HclSyntaxError(at.line, at.column, reason);
  }

  /** The current token's kind (a call, so TypeScript does not keep a stale narrowing). */
  private kind(): Token["kind"] {
    return this.tok.kind;
  }

  private shift(): Token {
    const t = this.tok;
    this.tok = this.lexer.next();
    return t;
  }

  private enter(depth: number, at: Token): number {
    if (depth + 1 > this.maxDepth) throw this.fail(`nesting is deeper than ${this.maxDepth} levels`, at);
    return depth + 1;
  }

  /** Items (`key = value`, `key "label"... { body }`) until `end`; commas between items optional. */
  private parseBody(end: "}" | "eof", depth: number): HclObject {
    const out: HclObject = {};
    const uses = new Map<string, KeyUse>();
    for (;;) {
      while (this.tok.kind === ",") this.shift();
      if (this.tok.kind === end) return out;
      const keyTok = this.tok;
      if (keyTok.kind !== "ident" && keyTok.kind !== "string") {
        throw this.fail(
          end === "}" && keyTok.kind === "eof" ? "expected '}'" : `expected a key, found ${describe(keyTok)}`,
        );
      }
      this.shift();
      const key = keyTok.text;
      if (this.tok.kind === "=" || this.tok.kind === ":") {
        this.shift();
        if (uses.has(key)) throw this.fail(`duplicate key ${quoteName(key)}`, keyTok);
        uses.set(key, { kind: "attribute" });
        setOwn(out, key, this.parseValue(depth));
        continue;
      }
      const labels: string[] = [];
      while (this.tok.kind === "string" || this.tok.kind === "ident") {
        labels.push(this.shift().text);
        if (labels.length > MAX_LABELS) throw this.fail(`a block has more than ${MAX_LABELS} labels`);
      }
      if (this.tok.kind !== "{") {
        throw this.fail(labels.length === 0 ? "expected '=' or '{'" : "expected '{'");
      }
      const open = this.shift();
      const body = this.parseBody("}", this.enter(depth + labels.length, open));
      this.shift();
      this.addBlock(out, uses, keyTok, labels, body);
    }
  }

  private addBlock(
    out: HclObject,
    uses: Map<string, KeyUse>,
    keyTok: Token,
    labels: string[],
    body: HclObject,
  ) {
    const key = keyTok.text;
    const use = uses.get(key);
    if (use?.kind === "attribute") throw this.fail(`duplicate key ${quoteName(key)}`, keyTok);
    if (use && use.labels !== labels.length) {
      throw this.fail(`block ${quoteName(key)} is used with different numbers of labels`, keyTok);
    }
    uses.set(key, { kind: "block", labels: labels.length });
    let container = out;
    let slot = key;
    for (const label of labels) {
      let next = getOwn(container, slot);
      if (next === undefined) {
        next = {};
        setOwn(container, slot, next);
      }
      container = next as HclObject;
      slot = label;
    }
    const existing = getOwn(container, slot);
    if (existing === undefined) setOwn(container, slot, body);
    else if (Array.isArray(existing)) existing.push(body);
    else setOwn(container, slot, [existing, body]);
  }

  private parseValue(depth: number): HclValue {
    const t = this.tok;
    switch (t.kind) {
      case "string":
      case "heredoc":
        this.shift();
        return t.text;
      case "number":
        this.shift();
        return parseNumber(t, this);
      case "ident":
        this.shift();
        if (t.text === "true") return true;
        if (t.text === "false") return false;
        if (t.text === "null") return null;
        throw this.fail("expected a value, found an identifier (quote strings)", t);
      case "[":
        return this.parseList(depth);
      case "{": {
        this.shift();
        const body = this.parseBody("}", this.enter(depth, t));
        this.shift();
        return body;
      }
      default:
        throw this.fail(`expected a value, found ${describe(t)}`);
    }
  }

  private parseList(depth: number): HclValue[] {
    const open = this.shift();
    const inner = this.enter(depth, open);
    const out: HclValue[] = [];
    for (;;) {
      if (this.kind() === "]") break;
      if (this.kind() === "eof") throw this.fail("expected ']'");
      out.push(this.parseValue(inner));
      if (this.kind() === ",") {
        this.shift();
        continue;
      }
      if (this.kind() !== "]") throw this.fail(`expected ',' or ']', found ${describe(this.tok)}`);
    }
    this.shift();
    return out;
  }

  /** Used by parseNumber to report errors at a token. */
  failAt(t: Token, reason: string): HclSyntaxError {
    return this.fail(reason, t);
  }
}

function parseNumber(t: Token, p: Parser): number {
  const neg = t.text.startsWith("-");
  const body = neg ? t.text.slice(1) : t.text;
  let n: number;
  if (/^0[xX]/.test(body)) n = Number.parseInt(body.slice(2), 16);
  else if (/^0\d+$/.test(body)) {
    if (!/^0[0-7]+$/.test(body)) throw p.failAt(t, "invalid octal number");
    n = Number.parseInt(body.slice(1), 8);
  } else n = Number(body);
  if (!Number.isFinite(n)) throw p.failAt(t, "number out of range");
  if (/^(?:0[xX][0-9a-fA-F]+|\d+)$/.test(body) && !Number.isSafeInteger(n)) {
    throw p.failAt(t, "integer out of range");
  }
  return neg && n !== 0 ? -n : n;
}

function describe(t: Token): string {
  switch (t.kind) {
    case "eof":
      return "end of input";
    case "ident":
      return "an identifier";
    case "string":
      return "a string";
    case "heredoc":
      return "a heredoc";
    case "number":
      return "a number";
    default:
      return `'${t.kind}'`;
  }
}
