/**
 * Where things are in an HCL config file, so the agent's errors can name a line. src/hcl parses
 * to plain values without positions; this walks the same tokens (src/hcl's Lexer) and records,
 * for every key, its line and column and those of its value, in document order. Blocks and object
 * values nest. A document the walker does not understand (JSON, or a syntax error the real parser
 * reports) gives an empty index: errors then name the file without a line.
 */
import { Lexer, type Token } from "../../hcl/lexer.js";

export interface PosItem {
  key: string;
  labels: string[];
  line: number;
  column: number;
  /** The value's first token (for blocks: the `{`). */
  value: { line: number; column: number; kind: Token["kind"] };
  /** A block's body, or an object value's keys. */
  body?: PosBody;
}

export class PosBody {
  readonly items: PosItem[] = [];

  /** The attribute or first block named `key`. */
  get(key: string): PosItem | undefined {
    return this.items.find((i) => i.key === key);
  }

  /** Blocks named `key` (with this first label, when given), in document order. */
  blocks(key: string, label?: string): PosItem[] {
    return this.items.filter((i) => i.key === key && (label === undefined || i.labels[0] === label));
  }
}

export const EMPTY_POSITIONS = new PosBody();

export function hclPositions(text: string): PosBody {
  try {
    const walker = new Walker(text);
    if (walker.tok.kind === "{") return EMPTY_POSITIONS;
    return walker.body("eof");
  } catch {
    return EMPTY_POSITIONS;
  }
}

class Walker {
  private readonly lexer: Lexer;
  tok: Token;

  constructor(text: string) {
    this.lexer = new Lexer(text);
    this.tok = this.lexer.next();
  }

  private shift(): Token {
    const t = this.tok;
    this.tok = this.lexer.next();
    return t;
  }

  body(end: "}" | "eof"): PosBody {
    const out = new PosBody();
    for (;;) {
      while (this.tok.kind === ",") this.shift();
      if (this.tok.kind === end || this.tok.kind === "eof") return out;
      const key = this.shift();
      if (key.kind !== "ident" && key.kind !== "string") throw new Error("unexpected token");
      const base = { key: key.text, line: key.line, column: key.column };
      if (this.tok.kind === "=" || this.tok.kind === ":") {
        this.shift();
        const v = this.tok;
        const item: PosItem = {
          ...base,
          labels: [],
          value: { line: v.line, column: v.column, kind: v.kind },
        };
        item.body = this.value();
        out.items.push(item);
        continue;
      }
      const labels: string[] = [];
      while (this.tok.kind === "string" || this.tok.kind === "ident") labels.push(this.shift().text);
      const open = this.shift();
      if (open.kind !== "{") throw new Error("expected a block");
      const body = this.body("}");
      this.shift();
      out.items.push({ ...base, labels, value: { line: open.line, column: open.column, kind: "{" }, body });
    }
  }

  /** Skips one value; returns the keys of an object value. */
  private value(): PosBody | undefined {
    const t = this.shift();
    if (t.kind === "{") {
      const body = this.body("}");
      this.shift();
      return body;
    }
    if (t.kind === "[") {
      while (this.tok.kind !== "]" && this.tok.kind !== "eof") {
        if (this.tok.kind === ",") this.shift();
        else this.value();
      }
      this.shift();
    }
    return undefined;
  }
}
