/** Exponential back-off with jitter: each delay doubles up to a ceiling, less up to a quarter at random. */
export class Backoff {
  private current: number;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {
    this.current = minMs;
  }

  /** The next delay in milliseconds. */
  next(): number {
    const base = this.current;
    this.current = Math.min(this.maxMs, this.current * 2);
    return Math.max(1, Math.round(base * (1 - 0.25 * this.random())));
  }

  reset(): void {
    this.current = this.minMs;
  }
}
