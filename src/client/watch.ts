import { EventEmitter, on } from "node:events";
import { type SecretValue, secretFingerprint } from "./secret-source.js";
import { realTimers, type Timers } from "./timers.js";

/** One change seen by a watcher. */
export interface SecretChange {
  path: string;
  /** The new secret; `null` when it was deleted. */
  value: SecretValue | null;
  previous: SecretValue | null;
}

export interface SecretWatcherEvents {
  change: [change: SecretChange];
  /** A poll failed (server unreachable, permission): polling goes on. Never carries a secret. */
  failed: [err: Error, path: string];
}

export interface SecretWatcherOptions {
  /** Milliseconds between polls (default 30000). */
  intervalMs?: number;
  timers?: Timers;
}

/**
 * Polls paths and emits `change` when a secret's content or version differs from the last poll.
 * Listen with `.on("change", ...)` or iterate: `for await (const change of watcher) ...`.
 * The first poll only records what is there. `poll()` runs one round now.
 */
export class SecretWatcher extends EventEmitter<SecretWatcherEvents> {
  private readonly last = new Map<string, { fingerprint: string; value: SecretValue | null }>();
  private readonly intervalMs: number;
  private readonly timers: Timers;
  private timer: unknown;
  private stopped = false;
  private readonly ending = new AbortController();

  constructor(
    readonly paths: readonly string[],
    private readonly read: (path: string) => Promise<SecretValue | null>,
    opts: SecretWatcherOptions = {},
  ) {
    super();
    this.intervalMs = Math.max(1, opts.intervalMs ?? 30_000);
    this.timers = opts.timers ?? realTimers;
  }

  /** Records the current values as the baseline (no event), then polls every interval. */
  async start(initial: Array<SecretValue | null> = []): Promise<this> {
    for (const value of initial) if (value) this.remember(value.path, value);
    for (const path of this.paths) {
      if (this.last.has(path)) continue;
      try {
        this.remember(path, await this.read(path));
      } catch (err) {
        this.emit("failed", err as Error, path);
      }
    }
    this.arm();
    return this;
  }

  /** One polling round; resolves to the changes it found (also emitted as events). */
  async poll(): Promise<SecretChange[]> {
    const changes: SecretChange[] = [];
    for (const path of this.paths) {
      let value: SecretValue | null;
      try {
        value = await this.read(path);
      } catch (err) {
        this.emit("failed", err as Error, path);
        continue;
      }
      if (this.stopped) break;
      const before = this.last.get(path);
      this.remember(path, value);
      if (before && before.fingerprint !== secretFingerprint(value)) {
        const change = { path, value, previous: before.value };
        changes.push(change);
        this.emit("change", change);
      }
    }
    return changes;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.ending.abort();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<SecretChange> {
    try {
      for await (const [change] of on(this, "change", { signal: this.ending.signal })) {
        yield change as SecretChange;
      }
    } catch (err) {
      if ((err as Error).name !== "AbortError") throw err;
    }
  }

  private remember(path: string, value: SecretValue | null): void {
    this.last.set(path, { fingerprint: secretFingerprint(value), value });
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      void this.poll().finally(() => this.arm());
    }, this.intervalMs);
  }
}
