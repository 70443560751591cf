/**
 * Calls every mounted backend's periodic() hook (rotation, tidy, expiry work) about once a minute
 * while the core is unsealed. One run at a time; a failing backend is logged and does not stop
 * the others.
 */

import type { Logger } from "../util/logger.js";
import type { Router } from "./mounts/router.js";

export class PeriodicRunner {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly router: Router,
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass over every mount (tests call this directly instead of waiting for the timer). */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    for (const route of this.router.all()) {
      if (!route.backend.periodic) continue;
      try {
        await route.backend.periodic();
      } catch (err) {
        this.logger.warn("periodic work failed", { mount: route.mountPath, error: err });
      }
    }
  }
}
