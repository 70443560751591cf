/** Load generation (autocannon, in this process) and the bare node:http baseline child. */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import autocannon, { type AutocannonOptions } from "autocannon";
import { type CofreChild, stopChild } from "./cofre-child.js";

export interface LoadResult {
  rate: number;
  p50: number;
  p99: number;
  /** Non-2xx answers plus connection errors and timeouts: anything but success. */
  failures: number;
}

export interface LoadSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

/** Warms up (results dropped), then measures `seconds` of load. */
export async function measure(settings: LoadSettings, target: AutocannonOptions): Promise<LoadResult> {
  const base = { ...target, connections: settings.connections };
  if (settings.warmupSeconds > 0) await autocannon({ ...base, duration: settings.warmupSeconds });
  const r = await autocannon({ ...base, duration: settings.seconds });
  return {
    rate: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failures: r.non2xx + r.errors + r.timeouts,
  };
}

/** Starts the bare server answering `body`; its stop() and base mirror a CofreChild's. */
export function startBareServer(body: string): Promise<Pick<CofreChild, "base" | "stop">> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", new URL("./bare-server.ts", import.meta.url).pathname],
    {
      env: { ...process.env, BENCH_BARE_BODY: body },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bare server exited early (code ${code})`)));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      child.removeAllListeners("exit");
      const { port } = JSON.parse(line) as { port: number };
      resolve({ base: `http://127.0.0.1:${port}`, stop: () => stopChild(child) });
    });
  });
}
