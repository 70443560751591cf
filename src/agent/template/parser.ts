/**
 * Recursive-descent parser from tokens to the tree of ./ast.ts, with Go's rules: `else if`
 * shares the outer `end`, variables must be declared before use and are scoped to the control
 * structure that declares them, and every function named must exist (an unknown one is an error
 * at its position, before anything runs).
 */
import type { Command, ControlNode, Node, Operand, Pipeline } from "./ast.js";
import { TemplateError } from "./errors.js";
import type { Token } from "./lexer.js";
import type { TemplateSource } from "./source.js";

type ListEnd = "end" | "else" | "eof";

const UNSUPPORTED = new Set(["define", "template", "block"]);

export class Parser {
  private i = 0;
  private readonly vars: string[] = ["$"];
  private loopDepth = 0;

  constructor(
    private readonly source: TemplateSource,
    private readonly tokens: Token[],
    private readonly funcs: ReadonlySet<string>,
  ) {}

  parse(): Node[] {
    const { nodes, end, at } = this.list();
    if (end !== "eof") throw this.fail(at, `unexpected {{${end}}}`);
    return nodes;
  }

  private fail(at: number, reason: string): TemplateError {
    return new TemplateError(this.source.where(at), reason);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private expectClose(what: string): void {
    const t = this.next();
    if (t.kind !== "close") throw this.fail(t.pos, `unexpected ${describe(t)} in ${what}`);
  }

  /** Nodes until `{{end}}`, `{{else}}` or the end of input; the closing action is consumed up to `end`/`else`. */
  private list(): { nodes: Node[]; end: ListEnd; at: number } {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === "eof") return { nodes, end: "eof", at: t.pos };
      if (t.kind === "text") {
        nodes.push({ kind: "text", text: t.text });
        continue;
      }
      // t is "open"
      const first = this.peek();
      if (first.kind === "keyword") {
        if (first.text === "end" || first.text === "else") {
          this.next();
          return { nodes, end: first.text, at: t.pos };
        }
        nodes.push(this.keyword(t.pos));
        continue;
      }
      const pipe = this.pipeline("command", true);
      this.expectClose("command");
      nodes.push({ kind: "action", pos: t.pos, pipe });
    }
  }

  private keyword(openAt: number): Node {
    const word = this.next();
    if (UNSUPPORTED.has(word.text)) throw this.fail(word.pos, `{{${word.text}}} is not supported`);
    if (word.text === "break" || word.text === "continue") {
      if (this.loopDepth === 0) throw this.fail(word.pos, `{{${word.text}}} outside {{range}}`);
      this.expectClose(word.text);
      return { kind: word.text, pos: openAt };
    }
    return this.control(word.text as ControlNode["kind"], openAt);
  }

  /** `if`/`with`/`range` after its keyword; `else if` / `else with` chains share the final `end`. */
  private control(kind: ControlNode["kind"], openAt: number): ControlNode {
    const scope = this.vars.length;
    const pipe = this.pipeline(kind, kind !== "range" ? true : "range");
    this.expectClose(kind);
    if (kind === "range") this.loopDepth++;
    const body = this.list();
    if (kind === "range") this.loopDepth--;
    let elseList: Node[] | null = null;
    if (body.end === "eof") throw this.fail(openAt, `unexpected end of input: {{${kind}}} has no {{end}}`);
    if (body.end === "else") {
      const chained = this.peek();
      if (
        chained.kind === "keyword" &&
        (chained.text === "if" || (chained.text === "with" && kind === "with"))
      ) {
        this.next();
        elseList = [this.control(chained.text as ControlNode["kind"], chained.pos)];
      } else {
        this.expectClose("else");
        const rest = this.list();
        if (rest.end !== "end") {
          throw this.fail(
            rest.end === "eof" ? openAt : rest.at,
            rest.end === "eof"
              ? `unexpected end of input: {{${kind}}} has no {{end}}`
              : "unexpected {{else}}",
          );
        }
        this.expectClose("end");
        elseList = rest.nodes;
      }
    } else {
      this.expectClose("end");
    }
    this.vars.length = scope;
    return { kind, pos: openAt, pipe, list: body.nodes, elseList };
  }

  /** A pipeline up to `)` or the closing delimiter (not consumed), with an optional declaration. */
  private pipeline(context: string, decls: boolean | "range"): Pipeline {
    const start = this.peek();
    const decl: string[] = [];
    let isAssign = false;
    if (decls && start.kind === "variable") {
      const second = this.peek(1);
      const twoVars = second.kind === "comma" && this.peek(2).kind === "variable";
      const op = twoVars ? this.peek(3) : second;
      if (op.kind === "declare" || op.kind === "assign") {
        if (twoVars && decls !== "range") throw this.fail(second.pos, "too many declarations");
        decl.push(start.text);
        if (twoVars) decl.push(this.peek(2).text);
        isAssign = op.kind === "assign";
        this.i += twoVars ? 4 : 2;
        for (const name of decl) {
          if (isAssign && !this.vars.includes(name))
            throw this.fail(start.pos, `undefined variable ${JSON.stringify(name)}`);
          if (!isAssign) this.vars.push(name);
        }
      }
    }
    const cmds: Command[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === "close" || t.kind === "rparen" || t.kind === "eof") break;
      cmds.push(this.command());
      if (this.peek().kind === "pipe") {
        const bar = this.next();
        const after = this.peek();
        if (after.kind === "close" || after.kind === "rparen") throw this.fail(bar.pos, "missing command");
      }
    }
    if (cmds.length === 0) throw this.fail(start.pos, `missing value for ${context}`);
    return { pos: start.pos, decl, isAssign, cmds };
  }

  private command(): Command {
    const args: Operand[] = [];
    const pos = this.peek().pos;
    for (;;) {
      const t = this.peek();
      if (t.kind === "close" || t.kind === "rparen" || t.kind === "pipe" || t.kind === "eof") break;
      if (args.length > 0 && !t.spaceBefore && t.kind !== "lparen")
        throw this.fail(t.pos, `unexpected ${describe(t)} in operand`);
      args.push(this.operand());
    }
    if (args.length === 0) throw this.fail(pos, "missing value for command");
    return { pos, args };
  }

  private operand(): Operand {
    const t = this.next();
    switch (t.kind) {
      case "dot":
        return { kind: "dot", pos: t.pos };
      case "field":
        return { kind: "field", pos: t.pos, chain: [t.text, ...this.chain()] };
      case "variable":
        if (!this.vars.includes(t.text))
          throw this.fail(t.pos, `undefined variable ${JSON.stringify(t.text)}`);
        return { kind: "variable", pos: t.pos, name: t.text, chain: this.chain() };
      case "ident":
        if (!this.funcs.has(t.text)) throw this.fail(t.pos, `function ${JSON.stringify(t.text)} not defined`);
        return { kind: "func", pos: t.pos, name: t.text };
      case "string":
        return { kind: "string", pos: t.pos, value: t.text };
      case "number":
        return { kind: "number", pos: t.pos, value: t.num ?? 0 };
      case "bool":
        return { kind: "bool", pos: t.pos, value: t.text === "true" };
      case "nil":
        return { kind: "nil", pos: t.pos };
      case "lparen": {
        const pipe = this.pipeline("parenthesized pipeline", true);
        const close = this.next();
        if (close.kind !== "rparen") throw this.fail(t.pos, "unclosed left paren");
        return { kind: "pipe", pos: t.pos, pipe, chain: this.chain() };
      }
      default:
        throw this.fail(t.pos, `unexpected ${describe(t)} in operand`);
    }
  }

  /** `.a.b` directly after an operand (no space between). */
  private chain(): string[] {
    const out: string[] = [];
    while (this.peek().kind === "field" && !this.peek().spaceBefore) out.push(this.next().text);
    return out;
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case "close":
      return "closing delimiter";
    case "eof":
      return "end of input";
    case "keyword":
      return `keyword ${JSON.stringify(t.text)}`;
    case "string":
      return "quoted string";
    case "declare":
      return '":="';
    case "assign":
      return '"="';
    case "comma":
      return '","';
    case "rparen":
      return '")"';
    case "lparen":
      return '"("';
    case "pipe":
      return '"|"';
    default:
      return t.kind;
  }
}
