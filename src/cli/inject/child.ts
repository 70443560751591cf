/**
 * One child process of `cofre run`: its stdin is ours (or the text/stream a test passes), its
 * stdout/stderr go to ours, through a MaskingStream when masking is on (then the child writes to
 * a pipe, not a TTY).
 */
import { type ChildProcess, type SpawnOptions, type StdioOptions, spawn } from "node:child_process";
import { once } from "node:events";
import { type Readable, Writable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { MaskingStream } from "../../redact/masking-stream.js";
import type { SecretMatcher } from "../../redact/secret-matcher.js";
import { CommandFailure, EXIT_LOCAL } from "../errors.js";
import type { CliInput, CliWriter } from "../io.js";

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

export interface ChildStdio {
  stdin?: CliInput;
  stdout: CliWriter;
  stderr: CliWriter;
}

export interface RunningChild {
  readonly pid: number | undefined;
  /** Resolves once the child has exited and its output has been written out. */
  readonly exited: Promise<ChildExit>;
  kill(signal: NodeJS.Signals): void;
  /** Sends `signal`, then SIGKILL after `graceMs`; resolves when the child is gone. */
  stop(signal: NodeJS.Signals, graceMs: number): Promise<ChildExit>;
}

function fdOf(x: unknown): number | undefined {
  const fd = (x as { fd?: unknown } | undefined)?.fd;
  return typeof fd === "number" ? fd : undefined;
}

function stdinOption(stdin: CliInput | undefined): Exclude<StdioOptions, string>[number] {
  if (stdin === undefined) return "ignore";
  const fd = fdOf(stdin);
  return fd === undefined ? "pipe" : fd;
}

async function feedStdin(child: ChildProcess, stdin: CliInput | undefined): Promise<void> {
  const sink = child.stdin;
  if (!sink || stdin === undefined || fdOf(stdin) !== undefined) return;
  sink.on("error", () => {}); // the child may exit without reading its input
  if (typeof stdin === "string") {
    sink.end(stdin);
    return;
  }
  for await (const chunk of stdin) if (!sink.write(chunk)) await once(sink, "drain");
  sink.end();
}

/** Copies `source` (masked when a matcher is given) to `writer`; resolves when all is written. */
function forward(source: Readable, writer: CliWriter, matcher: SecretMatcher | null): Promise<void> {
  const stream: Readable = matcher ? source.pipe(new MaskingStream(matcher)) : source;
  if (writer instanceof Writable) {
    stream.pipe(writer, { end: false });
  } else {
    const decoder = new StringDecoder("utf8");
    stream.on("data", (chunk: Buffer) => {
      const text = decoder.write(chunk);
      if (text) writer.write(text);
    });
    stream.on("end", () => {
      const rest = decoder.end();
      if (rest) writer.write(rest);
    });
  }
  return new Promise((resolveDone) => {
    stream.on("end", resolveDone);
    stream.on("error", () => resolveDone());
  });
}

/** Starts the child; a command that cannot be started is a CommandFailure (exit 1). */
export async function startChild(
  spec: ChildSpec,
  stdio: ChildStdio,
  matcher: SecretMatcher | null,
): Promise<RunningChild> {
  const outFd = matcher ? undefined : fdOf(stdio.stdout);
  const errFd = matcher ? undefined : fdOf(stdio.stderr);
  const options: SpawnOptions = {
    env: spec.env,
    cwd: spec.cwd,
    stdio: [stdinOption(stdio.stdin), outFd ?? "pipe", errFd ?? "pipe"],
  };
  const child: ChildProcess = spawn(spec.command, spec.args, options);
  await new Promise<void>((resolveSpawn, reject) => {
    child.once("spawn", resolveSpawn);
    child.once("error", (err: NodeJS.ErrnoException) => {
      reject(
        new CommandFailure(`Error: cannot start ${spec.command}: ${err.code ?? err.message}`, EXIT_LOCAL),
      );
    });
  });
  void feedStdin(child, stdio.stdin).catch(() => {});
  const outputs: Promise<void>[] = [];
  if (child.stdout) outputs.push(forward(child.stdout, stdio.stdout, matcher));
  if (child.stderr) outputs.push(forward(child.stderr, stdio.stderr, matcher));
  const exited = new Promise<ChildExit>((resolveExit) => {
    child.once("exit", (code, signal) => {
      void Promise.all(outputs).then(() => resolveExit({ code, signal }));
    });
  });
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  return {
    pid: child.pid,
    exited,
    kill,
    async stop(signal, graceMs) {
      kill(signal);
      const timer = setTimeout(() => kill("SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
