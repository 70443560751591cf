import type { Env } from "../client/config.js";

/** Where the CLI writes. `isTTY` decides whether a raw `-field` value gets a trailing newline. */
export interface CliWriter {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** A readable stdin: a Node stream (anything async-iterable) or, in tests, plain text. */
export type CliInput =
  | string
  | (AsyncIterable<string | Buffer> & {
      isTTY?: boolean;
      setRawMode?: (mode: boolean) => unknown;
    });

/** Everything the CLI touches outside itself, injected so tests can drive it. */
export interface CliIo {
  env: Env;
  stdout: CliWriter;
  stderr: CliWriter;
  stdin?: CliInput;
  /** Home directory: holds the token helper file (`.cofre-token`). */
  homeDir: string;
  /** Base for relative `@file` paths (default: process.cwd()). */
  cwd?: string;
}

/** Shared by every command of one run. */
export interface CliContext {
  io: CliIo;
  /** The exit code the run ends with; set by the command that ran. */
  exitCode: number;
  /** Set once stdin has been read (it can be read only once per run). */
  stdinUsed: boolean;
}
