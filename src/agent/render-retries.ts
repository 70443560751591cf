/**
 * Failed renders: how many tries are left (`vault { retry { num_retries } }`: 12 by default, -1
 * none), the back-off before the next (250ms doubling to 1m), and logging each distinct set of
 * errors once.
 */
import type { Logger } from "../util/logger.js";
import { Backoff } from "./backoff.js";
import type { RenderOutcome } from "./render.js";

export function failureText(outcome: RenderOutcome): string {
  return outcome.failures.map((f) => f.message).join("\n");
}

export class RenderRetries {
  private attempts = 0;
  private lastLogged = "";
  private readonly backoff: Backoff;

  constructor(
    private readonly numRetries: number,
    private readonly logger: Logger,
    random?: () => number,
  ) {
    this.backoff = new Backoff(250, 60_000, random);
  }

  succeeded(): void {
    this.attempts = 0;
    this.backoff.reset();
    this.lastLogged = "";
  }

  /** Counts a failure: `null` when the retries are used up, else the delay before the next try. */
  failed(): number | null {
    this.attempts++;
    return this.attempts > Math.max(0, this.numRetries) ? null : this.backoff.next();
  }

  /** Logs the failures unless the same ones were the last logged. */
  log(outcome: RenderOutcome, retryInMs: number): void {
    const text = failureText(outcome);
    if (text === this.lastLogged) return;
    this.lastLogged = text;
    for (const f of outcome.failures) this.logger.error(f.message, { retry_in_ms: retryInMs });
  }
}
