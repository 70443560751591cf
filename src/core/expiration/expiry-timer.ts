import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/logger.js";

export interface TimerFunctions {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ExpiryTimerOptions {
  clock: Clock;
  logger: Logger;
  minMs: number;
  maxMs: number;
  timers: TimerFunctions;
  /** Earliest due time, or undefined when nothing is scheduled. */
  next(): number | undefined;
  tick(): Promise<unknown>;
}

/**
 * One timer set to the next due lease (at least `minMs`, at most `maxMs` away). After each tick it
 * re-arms; a lease scheduled earlier than the armed time re-arms it sooner.
 */
export class ExpiryTimer {
  private handle: unknown = null;
  private armedFor = Number.POSITIVE_INFINITY;
  private running = false;

  constructor(private readonly opts: ExpiryTimerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  notify(due: number): void {
    if (this.running && this.handle !== null && due < this.armedFor) this.arm();
  }

  private clear(): void {
    if (this.handle !== null) this.opts.timers.clearTimeout(this.handle);
    this.handle = null;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  private arm(): void {
    this.clear();
    if (!this.running) return;
    const now = this.opts.clock.now();
    const next = this.opts.next();
    const wait = next === undefined ? this.opts.maxMs : next - now;
    const delay = Math.min(this.opts.maxMs, Math.max(this.opts.minMs, wait));
    this.armedFor = now + delay;
    const handle = this.opts.timers.setTimeout(() => {
      this.handle = null;
      this.armedFor = Number.POSITIVE_INFINITY;
      this.opts
        .tick()
        .catch((err: unknown) => this.opts.logger.error("lease expiry tick failed", { error: err }))
        .finally(() => this.arm());
    }, delay);
    (handle as { unref?: () => void } | null)?.unref?.();
    this.handle = handle;
  }
}
