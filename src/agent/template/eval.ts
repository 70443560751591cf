/**
 * Runs a parsed template against data and functions, as Go's text/template executes: pipelines
 * pass each command's value as the last argument of the next, `if`/`with` test Go's truth,
 * `range` walks lists, maps (in key order) and integers, variables are scoped to their control
 * structure. The output is built in memory: a template either renders whole or fails.
 */
import type { Command, ControlNode, Node, Operand, Pipeline } from "./ast.js";
import { FuncError, TemplateError } from "./errors.js";
import type { FuncTable, RenderContext } from "./registry.js";
import type { TemplateSource } from "./source.js";
import { fieldOf, isMap, printValue, sortedKeys, truth, typeName, type Value } from "./values.js";

const MAX_OUTPUT = 64 * 1024 * 1024;
const NO_FINAL = Symbol("no final argument");
type Final = Value | typeof NO_FINAL;

class LoopJump {
  constructor(readonly kind: "break" | "continue") {}
}

export interface EvalOptions {
  /** A missing map key is an error instead of "<no value>" (`error_on_missing_key`). */
  missingKeyIsError?: boolean;
}

export class Evaluator {
  private readonly out: string[] = [];
  private size = 0;
  private readonly vars: Array<{ name: string; value: Value }> = [];

  constructor(
    private readonly source: TemplateSource,
    private readonly funcs: FuncTable,
    private readonly ctx: RenderContext,
    private readonly opts: EvalOptions = {},
  ) {}

  async run(nodes: Node[], data: Value): Promise<string> {
    this.vars.push({ name: "$", value: data });
    await this.walk(nodes, data);
    return this.out.join("");
  }

  private fail(pos: number, reason: string): TemplateError {
    return new TemplateError(this.source.where(pos), reason);
  }

  private write(text: string, pos: number): void {
    this.size += text.length;
    if (this.size > MAX_OUTPUT) throw this.fail(pos, "the rendered output is larger than 64 MiB");
    this.out.push(text);
  }

  private async walk(nodes: Node[], dot: Value): Promise<void> {
    for (const n of nodes) {
      switch (n.kind) {
        case "text":
          this.write(n.text, 0);
          break;
        case "action": {
          const v = await this.pipeline(n.pipe, dot);
          if (n.pipe.decl.length === 0) this.write(printValue(v), n.pos);
          break;
        }
        case "if":
        case "with":
          await this.conditional(n, dot);
          break;
        case "range":
          await this.range(n, dot);
          break;
        case "break":
        case "continue":
          throw new LoopJump(n.kind);
      }
    }
  }

  private async conditional(n: ControlNode, dot: Value): Promise<void> {
    const mark = this.vars.length;
    const v = await this.pipeline(n.pipe, dot);
    if (truth(v)) await this.walk(n.list, n.kind === "with" ? v : dot);
    else if (n.elseList) await this.walk(n.elseList, dot);
    this.vars.length = mark;
  }

  private async range(n: ControlNode, dot: Value): Promise<void> {
    const mark = this.vars.length;
    const v = await this.pipeline({ ...n.pipe, decl: [] }, dot);
    let items: Array<[Value, Value]>;
    if (v === undefined || v === null) items = [];
    else if (Array.isArray(v)) items = v.map((e, i) => [i, e]);
    else if (isMap(v)) items = sortedKeys(v).map((k) => [k, v[k]]);
    else if (typeof v === "number" && Number.isInteger(v)) {
      if (n.pipe.decl.length > 1)
        throw this.fail(n.pos, "can't use a range over an integer with two variables");
      items = Array.from({ length: Math.max(0, v) }, (_, i) => [i, i]);
    } else throw this.fail(n.pos, `range can't iterate over value of type ${typeName(v)}`);
    if (items.length === 0) {
      if (n.elseList) await this.walk(n.elseList, dot);
      return;
    }
    for (const [key, elem] of items) {
      const { decl } = n.pipe;
      if (decl.length === 1) this.vars.push({ name: decl[0], value: elem });
      if (decl.length === 2) this.vars.push({ name: decl[0], value: key }, { name: decl[1], value: elem });
      try {
        await this.walk(n.list, elem);
      } catch (err) {
        if (!(err instanceof LoopJump)) throw err;
        if (err.kind === "break") break;
      } finally {
        this.vars.length = mark;
      }
    }
  }

  private async pipeline(p: Pipeline, dot: Value): Promise<Value> {
    let value: Final = NO_FINAL;
    for (const cmd of p.cmds) value = await this.command(cmd, dot, value);
    const result = value === NO_FINAL ? undefined : value;
    for (const name of p.decl) {
      if (p.isAssign) {
        const slot = this.lookup(name);
        if (slot) slot.value = result;
      } else this.vars.push({ name, value: result });
    }
    return result;
  }

  private async command(cmd: Command, dot: Value, final: Final): Promise<Value> {
    const [first, ...rest] = cmd.args;
    if (first.kind === "func") return this.call(first, rest, dot, final);
    if (rest.length > 0 || final !== NO_FINAL) {
      throw this.fail(first.pos, "can't give argument to non-function");
    }
    return this.operand(first, dot);
  }

  private async call(
    fn: { name: string; pos: number },
    argNodes: Operand[],
    dot: Value,
    final: Final,
  ): Promise<Value> {
    const def = this.funcs[fn.name];
    const count = argNodes.length + (final === NO_FINAL ? 0 : 1);
    if (count < def.min || count > def.max) {
      const want =
        def.max === Infinity
          ? `at least ${def.min}`
          : def.min === def.max
            ? `${def.min}`
            : `${def.min} to ${def.max}`;
      throw this.fail(fn.pos, `wrong number of args for ${fn.name}: want ${want} got ${count}`);
    }
    if (fn.name === "and" || fn.name === "or") {
      let last: Value;
      for (const node of argNodes) {
        last = await this.operand(node, dot);
        if (truth(last) === (fn.name === "or")) return last;
      }
      return final === NO_FINAL ? last : final;
    }
    const args: Value[] = [];
    for (const node of argNodes) args.push(await this.operand(node, dot));
    if (final !== NO_FINAL) args.push(final);
    try {
      return await def.call(args, this.ctx);
    } catch (err) {
      if (err instanceof TemplateError) throw err;
      const reason = err instanceof Error ? err.message : "failed";
      throw this.fail(fn.pos, `error calling ${fn.name}: ${reason}`);
    }
  }

  private async operand(op: Operand, dot: Value): Promise<Value> {
    switch (op.kind) {
      case "dot":
        return dot;
      case "field":
        return this.chain(dot, op.chain, op.pos);
      case "variable": {
        const slot = this.lookup(op.name);
        return this.chain(slot?.value, op.chain, op.pos);
      }
      case "func":
        return this.call(op, [], dot, NO_FINAL);
      case "string":
      case "number":
      case "bool":
        return op.value;
      case "nil":
        throw this.fail(op.pos, "nil is not a command");
      case "pipe": {
        const mark = this.vars.length;
        const v = await this.pipeline(op.pipe, dot);
        this.vars.length = mark;
        return this.chain(v, op.chain, op.pos);
      }
    }
  }

  private lookup(name: string): { name: string; value: Value } | undefined {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i];
    return undefined;
  }

  private chain(receiver: Value, names: string[], pos: number): Value {
    let v = receiver;
    for (const name of names) {
      const r = fieldOf(v, name, this.opts.missingKeyIsError ?? false);
      if ("error" in r) throw this.fail(pos, r.error);
      v = r.value;
    }
    return v;
  }
}

export { FuncError };
