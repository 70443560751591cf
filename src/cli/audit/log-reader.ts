/** Reads audit log files line by line (streamed: logs are large), and parses their entries. */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { createInterface } from "node:readline";
import { UsageError } from "../errors.js";
import type { CliContext } from "../io.js";

export function userPath(ctx: CliContext, file: string): string {
  return isAbsolute(file) ? file : resolve(ctx.io.cwd ?? process.cwd(), file);
}

/** Every line of the file, without newlines (a final empty line is not yielded). */
export async function* readLines(path: string): AsyncGenerator<string> {
  const st = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`error reading file ${path}: ${err.code ?? "read error"}`);
  });
  if (!st.isFile()) throw new UsageError(`${path} is not a file`);
  const lines = createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) yield line;
}

/** An audit entry as read back (loosely typed: lines come from files anyone may have written). */
export interface ReadEntry {
  time?: string;
  type?: string;
  error?: string;
  auth?: {
    accessor?: string;
    display_name?: string;
    entity_id?: string;
    policies?: string[];
    metadata?: Record<string, string>;
  };
  request?: {
    id?: string;
    operation?: string;
    path?: string;
    mount_point?: string;
    remote_address?: string;
    client_token_accessor?: string;
    data?: unknown;
  };
  response?: { data?: unknown };
}

/** The JSON of a line after its prefix (the text before the first "{"); null if it is not JSON. */
export function parseEntry(line: string): ReadEntry | null {
  const start = line.indexOf("{");
  if (start < 0) return null;
  try {
    const v = JSON.parse(line.slice(start)) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as ReadEntry) : null;
  } catch {
    return null;
  }
}
