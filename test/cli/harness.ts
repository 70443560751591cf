import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliInput } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";

/** Collects what the CLI writes. */
export class Capture {
  text = "";
  isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  stdin?: CliInput;
  home: string;
  cwd?: string;
}

/** Runs `cofre <argv>` in-process with captured output. */
export async function cofre(argv: string[], opts: CliRunOptions): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, {
    env: opts.env ?? {},
    stdout,
    stderr,
    stdin: opts.stdin,
    homeDir: opts.home,
    cwd: opts.cwd ?? opts.home,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export async function tempHome(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "cofre-cli-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
