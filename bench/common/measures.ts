/**
 * Totals of operation-rate measures summed over interleaved rounds, and one HTTP measure of a
 * server child under autocannon load (successes, failures and the child's CPU time).
 */
import autocannon, { type AutocannonOptions } from "autocannon";
import type { CofreChild } from "./child.js";

/** What one measure adds up to over its rounds. */
export interface MeasureTotal {
  ops: number;
  seconds: number;
  failures: number;
  /** Server CPU seconds (0 when not measured). */
  cpu: number;
}

export class MeasureTotals<M extends string> {
  private readonly totals = new Map<M, MeasureTotal>();

  add(m: M, ops: number, seconds: number, failures = 0, cpu = 0): void {
    const t = this.totals.get(m) ?? { ops: 0, seconds: 0, failures: 0, cpu: 0 };
    this.totals.set(m, {
      ops: t.ops + ops,
      seconds: t.seconds + seconds,
      failures: t.failures + failures,
      cpu: t.cpu + cpu,
    });
  }

  get(m: M): MeasureTotal | undefined {
    return this.totals.get(m);
  }

  /** Operations per second over all rounds (0 when the measure never ran). */
  rate(m: M): number {
    const t = this.totals.get(m);
    return t && t.seconds > 0 ? t.ops / t.seconds : 0;
  }

  anyFailures(): boolean {
    return [...this.totals.values()].some((t) => t.failures > 0);
  }
}

/** Runs autocannon with `options` against `server`; 2xx answers count as done, anything else failed. */
export async function measureHttp(
  server: Pick<CofreChild, "cpuSeconds">,
  options: AutocannonOptions,
): Promise<MeasureTotal> {
  const cpuBefore = await server.cpuSeconds();
  const r = await autocannon(options);
  const cpu = (await server.cpuSeconds()) - cpuBefore;
  return { ops: r["2xx"], seconds: r.duration, failures: r.non2xx + r.errors + r.timeouts, cpu };
}
