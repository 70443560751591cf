/**
 * A template's `command`, run after a render changed its file: argv (a string command is
 * `sh -c`), the agent's environment, output passed through to the agent's own stdout/stderr,
 * stopped (SIGTERM, then SIGKILL) when it runs past its timeout.
 */
import { spawn } from "node:child_process";

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Set when the command could not be started (ENOENT, EACCES). */
  startError?: string;
}

export interface CommandIo {
  env: Record<string, string>;
  cwd?: string;
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

export function runCommand(argv: string[], timeoutMs: number, io: CommandIo): Promise<CommandResult> {
  return new Promise((resolveRun) => {
    const child = spawn(argv[0], argv.slice(1), {
      env: io.env,
      cwd: io.cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
      killer = setTimeout(() => child.kill("SIGKILL"), 2000);
    }, timeoutMs);
    child.stdout?.setEncoding("utf8").on("data", (s: string) => io.stdout.write(s));
    child.stderr?.setEncoding("utf8").on("data", (s: string) => io.stderr.write(s));
    child.once("error", (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolveRun({ code: null, signal: null, timedOut: false, startError: err.code ?? "error" });
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      resolveRun({ code, signal, timedOut });
    });
  });
}
