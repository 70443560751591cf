/** consul-template's functions that reach outside the template: Vault, environment, files. */
import { FuncError } from "./errors.js";
import { str } from "./funcs.js";
import type { RenderContext, TemplateFunc } from "./registry.js";
import type { Value } from "./values.js";

/** `"k=v"` write parameters of `secret` (keys and values trimmed, empty items skipped). */
export function writeParams(items: Value[]): Record<string, string> | null {
  if (items.length === 0) return null;
  const data: Record<string, string> = {};
  for (const item of items) {
    const text = str(item);
    if (text === "") continue;
    const eq = text.indexOf("=");
    if (eq < 0) throw new FuncError("secret: a write parameter is not a k=v pair");
    Object.defineProperty(data, text.slice(0, eq).trim(), {
      value: text.slice(eq + 1).trim(),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return data;
}

function source(ctx: RenderContext) {
  if (!ctx.secrets) throw new FuncError("no Vault connection is configured for this template");
  return ctx.secrets;
}

export const OUTSIDE_FUNCS: Record<string, TemplateFunc> = {
  secret: {
    min: 1,
    max: Infinity,
    call: async ([path, ...rest], ctx) => {
      const p = str(path);
      if (p === "") return null;
      return source(ctx).secret(p, writeParams(rest));
    },
  },
  secrets: {
    min: 1,
    max: 1,
    call: async ([path], ctx) => {
      const p = str(path);
      return p === "" ? [] : source(ctx).list(p);
    },
  },
  env: { min: 1, max: 1, call: ([name], ctx) => ctx.env(str(name)) ?? "" },
  mustEnv: {
    min: 1,
    max: 1,
    call: ([name], ctx) => {
      const v = ctx.env(str(name)) ?? "";
      if (v === "") throw new FuncError(`required environment variable ${str(name)} is empty`);
      return v;
    },
  },
  envOrDefault: {
    min: 2,
    max: 2,
    call: ([name, def], ctx) => ctx.env(str(name)) ?? str(def),
  },
  file: {
    min: 1,
    max: 1,
    call: async ([path], ctx) => {
      const p = str(path);
      return p === "" ? "" : ctx.readFile(p);
    },
  },
};
