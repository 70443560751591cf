import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/** One timed run of a command: wall time, peak resident memory, exit code and output. */
export interface Run {
  seconds: number;
  /** Peak RSS (VmHWM) in KiB, sampled from /proc; null where /proc is not available. */
  peakKb: number | null;
  code: number | null;
  /** Killed at the time limit. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

function highWaterKb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Runs a command to completion. Peak memory is read from /proc/<pid>/status (VmHWM, the
 * process's high-water mark, threads included) every few milliseconds until it exits.
 */
export function measure(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let peakKb: number | null = null;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString("utf8");
    });
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 65536) stderr += d.toString("utf8");
    });
    const sample = () => {
      if (child.pid === undefined) return;
      const kb = highWaterKb(child.pid);
      if (kb !== null) peakKb = Math.max(peakKb ?? 0, kb);
    };
    const timer = setInterval(sample, 5);
    let timedOut = false;
    const deadline = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill("SIGKILL");
        }, options.timeoutMs)
      : undefined;
    child.on("error", (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on("exit", () => sample());
    child.on("close", (code) => {
      clearInterval(timer);
      if (deadline) clearTimeout(deadline);
      resolve({ seconds: (performance.now() - started) / 1000, peakKb, code, timedOut, stdout, stderr });
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
