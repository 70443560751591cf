/** What a template function is, and what a render gives the functions that reach outside. */
import type { Value } from "./values.js";

/** Vault reads for `secret` and `secrets` (the agent supplies it, with its token and caches). */
export interface SecretSource {
  /** `secret "path"` (params null: a read) or `secret "path" "k=v"...` (a write with params). */
  secret(path: string, params: Record<string, string> | null): Promise<Value>;
  /** `secrets "path"`: the keys listed under path, sorted. */
  list(path: string): Promise<string[]>;
}

export interface RenderContext {
  secrets?: SecretSource;
  /** The agent's environment (`env "NAME"`). */
  env(name: string): string | undefined;
  /** Reads a file (`file "path"`). */
  readFile(path: string): Promise<string>;
}

export interface TemplateFunc {
  /** Fewest and most arguments (Infinity: variadic). */
  min: number;
  max: number;
  call(args: Value[], ctx: RenderContext): Value | Promise<Value>;
}

export type FuncTable = Readonly<Record<string, TemplateFunc>>;
