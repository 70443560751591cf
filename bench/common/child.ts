/**
 * Runs `cofre server -config=FILE` as a child process (sqlite storage in a temp dir, plain HTTP on
 * 127.0.0.1:0), so it has its own event loop and its peak RSS can be read from /proc.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface CofreChild {
  /** "http://127.0.0.1:<port>" */
  base: string;
  pid: number;
  /** Peak resident set size (VmHWM) so far, in KiB. */
  peakRssKiB(): Promise<number>;
  /** CPU time (user + system) the process has used so far, in seconds. */
  cpuSeconds(): Promise<number>;
  /** SIGTERM, then wait for the exit (a --cpu-prof profile is written then). */
  stop(): Promise<void>;
}

const REPO_ROOT = new URL("../..", import.meta.url).pathname;
const START_TIMEOUT_MS = 30_000;

export async function startCofre(dir: string, nodeArgs: string[]): Promise<CofreChild> {
  const configPath = join(dir, "cofre.hcl");
  await writeFile(
    configPath,
    `storage "sqlite" {\n  path = "${join(dir, "cofre.db")}"\n}\n` +
      `listener "tcp" {\n  address = "127.0.0.1:0"\n  tls_disable = true\n}\n` +
      `log_level = "info"\n`,
  );
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", "bin/cofre.ts", "server", `-config=${configPath}`],
    { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "pipe"] },
  );
  const address = await waitForAddress(child);
  const pid = child.pid ?? 0;
  return {
    base: `http://${address}`,
    pid,
    peakRssKiB: () => peakRssKiB(pid),
    cpuSeconds: () => cpuSeconds(pid),
    stop: () => stopChild(child),
  };
}

/** Reads the server's JSON log lines on stderr until "cofre server started" names the address. */
function waitForAddress(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    const lines = createInterface({ input: child.stderr! });
    const timer = setTimeout(() => fail(new Error("cofre server did not start in time")), START_TIMEOUT_MS);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${err.message}\n${tail.join("\n")}`));
    };
    child.once("exit", (code) => fail(new Error(`cofre server exited early (code ${code})`)));
    lines.on("line", (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      let entry: { msg?: string; addresses?: string[] };
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      if (entry.msg === "cofre server started" && entry.addresses?.[0]) {
        clearTimeout(timer);
        child.removeAllListeners("exit");
        resolve(entry.addresses[0]);
      }
    });
  });
}

export async function peakRssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) : 0;
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
