/** Load generation (autocannon, in this process) and the bare node:http baseline child. */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import autocannon, { type AutocannonOptions } from "autocannon";
import { type CofreChild, cpuSeconds, stopChild } from "../common/child.js";

/** What one measure adds up to over its rounds. */
export interface LoadResult {
  rate: number;
  /** Mean of the rounds' medians, in ms. */
  p50: number;
  /** Worst round's 99th percentile, in ms. */
  p99: number;
  /** Non-2xx answers plus connection errors and timeouts: anything but success. */
  failures: number;
  /** Server CPU time per request in microseconds (0 when not measured). */
  cpuMicros: number;
}

/** Sums rounds of one measure: requests over time, so a slow round weighs as much as it lasted. */
export class LoadTotals {
  private requests = 0;
  private seconds = 0;
  private p50s: number[] = [];
  private p99 = 0;
  private failures = 0;
  private cpu = 0;

  add(requests: number, seconds: number, p50 = 0, p99 = 0, failures = 0, cpuSeconds = 0): void {
    this.requests += requests;
    this.cpu += cpuSeconds;
    this.seconds += seconds;
    this.p50s.push(p50);
    this.p99 = Math.max(this.p99, p99);
    this.failures += failures;
  }

  result(): LoadResult {
    const p50 = this.p50s.reduce((a, b) => a + b, 0) / Math.max(1, this.p50s.length);
    return {
      rate: this.requests / this.seconds,
      p50,
      p99: this.p99,
      failures: this.failures,
      cpuMicros: (this.cpu / Math.max(1, this.requests)) * 1e6,
    };
  }
}

/** A server under load: where to send requests and how to read its CPU time. */
export interface LoadTarget {
  options: AutocannonOptions;
  cpuSeconds(): Promise<number>;
}

/** Runs `seconds` of load with `connections` connections and adds it to `totals` (if given). */
export async function runLoad(
  target: LoadTarget,
  connections: number,
  seconds: number,
  totals?: LoadTotals,
): Promise<void> {
  const cpuBefore = await target.cpuSeconds();
  const r = await autocannon({ ...target.options, connections, duration: seconds });
  const cpu = (await target.cpuSeconds()) - cpuBefore;
  totals?.add(
    r.requests.total,
    r.duration,
    r.latency.p50,
    r.latency.p99,
    r.non2xx + r.errors + r.timeouts,
    cpu,
  );
}

/** Starts the bare server answering `body`; its stop() and base mirror a CofreChild's. */
export function startBareServer(body: string): Promise<BaselineServer> {
  return startBaseline("./bare-server.ts", { BENCH_BARE_BODY: body });
}

/**
 * Starts cofre's own HTTP layer (connection front, node:http, fastify, adapter) in front of a
 * stub core that answers every request with the `data` of `readBody`: what reads would cost if
 * the core took no time at all.
 */
export function startStubServer(readBody: string): Promise<BaselineServer> {
  return startBaseline("./stub-server.ts", { BENCH_STUB_BODY: readBody });
}

export type BaselineServer = Pick<CofreChild, "base" | "stop" | "cpuSeconds">;

function startBaseline(script: string, env: Record<string, string>): Promise<BaselineServer> {
  const path = new URL(script, import.meta.url).pathname;
  const child = spawn(process.execPath, ["--import", "tsx", path], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${script} exited early (code ${code})`)));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      child.removeAllListeners("exit");
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        base: `http://127.0.0.1:${port}`,
        stop: () => stopChild(child),
        cpuSeconds: () => cpuSeconds(child.pid ?? 0),
      });
    });
  });
}
