/** Output capture a test can wait on while `cofre run` is still running (no sleeping). */
import type { CliIo } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";

export class WatchedCapture {
  text = "";
  private waiters: Array<{ re: RegExp; resolve: () => void }> = [];

  write(chunk: string): boolean {
    this.text += chunk;
    this.waiters = this.waiters.filter((w) => {
      if (!w.re.test(this.text)) return true;
      w.resolve();
      return false;
    });
    return true;
  }

  /** Resolves once everything written so far matches `re`. */
  waitFor(re: RegExp): Promise<void> {
    if (re.test(this.text)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ re, resolve }));
  }
}

/** Starts `cofre <argv>` in-process; returns its captures and the exit code's promise. */
export function startCli(argv: string[], io: Omit<CliIo, "stdout" | "stderr">) {
  const stdout = new WatchedCapture();
  const stderr = new WatchedCapture();
  const code = runCli(argv, { ...io, stdout, stderr });
  return { stdout, stderr, code };
}
