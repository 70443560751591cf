import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { UsageError } from "./errors.js";
import type { CliContext } from "./io.js";

/** Largest stdin or `@file` input accepted (the server's default body limit). */
const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** All of stdin, once per run (`-` can be used by one argument only, as in Vault). */
export async function readStdin(ctx: CliContext): Promise<string> {
  const input = ctx.io.stdin;
  if (input === undefined) throw new UsageError("stdin is not available");
  if (ctx.stdinUsed) throw new UsageError("stdin already consumed");
  ctx.stdinUsed = true;
  if (typeof input === "string") return input;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > MAX_INPUT_BYTES) throw new UsageError("stdin is too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** A file named on the command line, relative to the working directory. */
export async function readUserFile(ctx: CliContext, path: string): Promise<string> {
  const full = isAbsolute(path) ? path : resolve(ctx.io.cwd ?? process.cwd(), path);
  try {
    const text = await readFile(full, "utf8");
    if (Buffer.byteLength(text) > MAX_INPUT_BYTES) throw new UsageError(`file ${path} is too large`);
    return text;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(
      `error reading file ${path}: ${(err as NodeJS.ErrnoException).code ?? "read error"}`,
    );
  }
}

/**
 * One line from stdin for a secret (unseal key, token). On a terminal the prompt goes to stderr
 * and typing is not echoed; from a pipe the first line is read.
 */
export async function promptSecret(ctx: CliContext, prompt: string): Promise<string> {
  const input = ctx.io.stdin;
  if (input === undefined) throw new UsageError("stdin is not available to read the value from");
  if (typeof input !== "string" && input.isTTY && input.setRawMode) {
    ctx.io.stderr.write(prompt);
    const value = await readHiddenLine(input as NodeJS.ReadStream);
    ctx.io.stderr.write("\n");
    return value;
  }
  const text = await readStdin(ctx);
  return (text.split(/\r?\n/, 1)[0] ?? "").trim();
}

function readHiddenLine(stream: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let value = "";
    stream.setRawMode(true);
    stream.resume();
    const finish = (err?: Error) => {
      stream.setRawMode(false);
      stream.pause();
      stream.off("data", onData);
      if (err) reject(err);
      else resolveLine(value.trim());
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003") return finish(new UsageError("interrupted"));
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else value += ch;
      }
    };
    stream.on("data", onData);
  });
}
