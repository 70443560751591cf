/**
 * Templates in the syntax Vault Agent and consul-template users write (Go's text/template with
 * consul-template's functions):
 *
 *   {{ with secret "secret/data/app" }}password={{ .Data.data.password }}{{ end }}
 *
 * `compileTemplate` parses once (an unknown function or bad syntax is a TemplateError naming
 * `file:line:col`); `render` evaluates against a RenderContext (Vault reads, environment, files)
 * and resolves to the whole output, or fails without partial output.
 */

import type { Node } from "./ast.js";
import { BUILTINS } from "./builtins.js";
import { Evaluator } from "./eval.js";
import { DATA_FUNCS } from "./funcs.js";
import { type Delimiters, lex } from "./lexer.js";
import { Parser } from "./parser.js";
import type { FuncTable, RenderContext } from "./registry.js";
import type { TemplateSource } from "./source.js";
import { OUTSIDE_FUNCS } from "./vault-funcs.js";

export { TemplateError } from "./errors.js";
export type { RenderContext, SecretSource } from "./registry.js";
export { TemplateSource } from "./source.js";
export { Struct, type Value } from "./values.js";

export const TEMPLATE_FUNCS: FuncTable = { ...BUILTINS, ...DATA_FUNCS, ...OUTSIDE_FUNCS };
const NAMES = new Set(Object.keys(TEMPLATE_FUNCS));

export interface CompileOptions {
  leftDelimiter?: string;
  rightDelimiter?: string;
  /** A missing map key fails the render instead of printing "<no value>". */
  errorOnMissingKey?: boolean;
}

export interface CompiledTemplate {
  readonly source: TemplateSource;
  /** Whether the template calls `secret`/`secrets` (needs a Vault token). */
  readonly usesVault: boolean;
  render(ctx: RenderContext): Promise<string>;
}

export function compileTemplate(source: TemplateSource, opts: CompileOptions = {}): CompiledTemplate {
  const delims: Delimiters = { left: opts.leftDelimiter || "{{", right: opts.rightDelimiter || "}}" };
  const tokens = lex(source, delims);
  const nodes: Node[] = new Parser(source, tokens, NAMES).parse();
  const usesVault = tokens.some((t) => t.kind === "ident" && (t.text === "secret" || t.text === "secrets"));
  return {
    source,
    usesVault,
    render: (ctx) =>
      new Evaluator(source, TEMPLATE_FUNCS, ctx, { missingKeyIsError: opts.errorOnMissingKey }).run(
        nodes,
        undefined,
      ),
  };
}
