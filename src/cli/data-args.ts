import type { JsonObject, JsonValue } from "../client/types.js";
import { UsageError } from "./errors.js";
import { readStdin, readUserFile } from "./input.js";
import type { CliContext } from "./io.js";

function setOwn(obj: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function mergeJsonObject(into: JsonObject, text: string, source: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`failed to parse JSON from ${source}`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UsageError(`JSON from ${source} must be an object`);
  }
  for (const [k, v] of Object.entries(parsed as JsonObject)) setOwn(into, k, v);
}

/**
 * Vault's K=V argument rules: `key=value`; `key=@file` reads the value from a file; `key=\@x` is
 * the literal `@x`; `key=-` reads the value from stdin; a lone `-` or `@file` merges a JSON
 * object from stdin or the file. A repeated key collects its values into a list. Errors name the
 * key, never a value (values are secrets).
 */
export async function parseDataArgs(ctx: CliContext, args: string[]): Promise<JsonObject> {
  const out: JsonObject = {};
  for (const raw of args) {
    if (raw === "") continue;
    const eq = raw.indexOf("=");
    if (eq === -1) {
      if (raw === "-") mergeJsonObject(out, await readStdin(ctx), "stdin");
      else if (raw.startsWith("@")) mergeJsonObject(out, await readUserFile(ctx, raw.slice(1)), raw.slice(1));
      else throw new UsageError("Invalid key/value pair: format must be key=value");
      continue;
    }
    const key = raw.slice(0, eq);
    if (key === "") throw new UsageError("Invalid key/value pair: the key is empty");
    let value = raw.slice(eq + 1);
    if (value.startsWith("@")) value = await readUserFile(ctx, value.slice(1));
    else if (value.startsWith("\\@")) value = value.slice(1);
    else if (value === "-") value = await readStdin(ctx);
    const existing = Object.hasOwn(out, key) ? out[key] : undefined;
    if (existing === undefined) setOwn(out, key, value);
    else setOwn(out, key, Array.isArray(existing) ? [...existing, value] : [existing, value]);
  }
  return out;
}
