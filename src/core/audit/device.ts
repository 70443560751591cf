/**
 * An enabled audit device: hashes each entry under its own salt, queues the line, and writes
 * queued lines in batches, one batch at a time, in order. Every write has a deadline; while a
 * write hangs past it the device refuses new entries at once instead of queueing them, so a
 * blackholed socket or a stuck disk makes requests fail fast (or fall to another device).
 */
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/logger.js";
import { EntrySerializer } from "./entry-serializer.js";
import type { ExemptKeys } from "./hash-entry.js";
import { AuditHasher } from "./hmac.js";
import type { AuditSink } from "./sinks/types.js";
import { reasonOf, type Timers, withTimeout } from "./timeout.js";
import type { AuditDeviceEntry, AuditEntry, CommonSettings, DeviceHealth } from "./types.js";

export interface DeviceDeps {
  clock: Clock;
  logger: Logger;
  timers: Timers;
}

export interface Pending {
  json: string;
  resolve(): void;
  reject(err: unknown): void;
}

export class DeviceStalledError extends Error {
  readonly code = "ESTALLED";
  constructor() {
    super("an earlier write is still hanging");
  }
}

const LOG_EVERY_MS = 60_000;

export abstract class AuditDevice {
  readonly hasher: AuditHasher;
  private readonly serializer: EntrySerializer;
  private queue: Pending[] = [];
  private writing = false;
  private stalled = false;
  /** A re-open waiting for the batch being written. */
  private reopenWaiter: (() => void) | null = null;
  private writes = 0;
  private failures = 0;
  private consecutive = 0;
  private lastFailureMs = 0;
  private lastError = "";
  private lastLoggedMs = 0;

  constructor(
    readonly entry: AuditDeviceEntry,
    salt: string,
    readonly settings: CommonSettings,
    protected readonly sink: AuditSink,
    protected readonly deps: DeviceDeps,
  ) {
    this.hasher = new AuditHasher(salt);
    this.serializer = new EntrySerializer(this.hasher, settings);
  }

  /** Lines for a batch, and what to remember once they are written. */
  protected abstract render(batch: readonly Pending[]): { lines: Buffer[]; commit(): void };

  /** Runs after the sink opened (a file device resumes its chain here). */
  protected async afterOpen(): Promise<void> {}

  /** Opens (or re-opens) the target within the write deadline. */
  async open(): Promise<void> {
    await withTimeout(this.sink.open(), this.settings.writeTimeoutMs, this.deps.timers, () =>
      this.sink.abort(),
    );
    await this.afterOpen();
  }

  /**
   * Re-opens the target (SIGHUP) between two batches: the batch being written lands whole in the
   * old file, and entries logged meanwhile wait and go to the new one.
   */
  async reopen(): Promise<void> {
    if (this.writing) await new Promise<void>((resolve) => (this.reopenWaiter = resolve));
    this.writing = true;
    try {
      await this.open();
    } finally {
      this.writing = false;
      if (this.queue.length > 0) this.flush();
    }
  }

  async close(): Promise<void> {
    await this.sink.close();
  }

  /** Records `plain` as this device sees it; rejects when the line could not be written in time. */
  log(plain: AuditEntry, exempt: ExemptKeys): Promise<void> {
    if (this.stalled) {
      const err = new DeviceStalledError();
      this.failed(err);
      return Promise.reject(err);
    }
    const json = this.serializer.serialize(plain, exempt);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ json, resolve, reject });
      if (!this.writing) this.flush();
    });
  }

  health(): DeviceHealth {
    return {
      path: this.entry.path,
      type: this.entry.type,
      healthy: this.consecutive === 0,
      writes: this.writes,
      failures: this.failures,
      consecutiveFailures: this.consecutive,
      lastFailureTime: this.lastFailureMs ? new Date(this.lastFailureMs).toISOString() : "",
      lastError: this.lastError,
    };
  }

  private flush(): void {
    const batch = this.queue.splice(0);
    if (batch.length === 0) return;
    this.writing = true;
    const work = (async () => {
      if (!this.sink.isOpen) await this.open();
      const { lines, commit } = this.render(batch);
      await this.sink.write(lines);
      commit();
    })();
    const settle = () => {
      this.writing = false;
      this.stalled = false;
      const reopen = this.reopenWaiter;
      this.reopenWaiter = null;
      if (reopen) reopen();
      else if (this.queue.length > 0) this.flush();
    };
    work.then(settle, settle);
    withTimeout(work, this.settings.writeTimeoutMs, this.deps.timers, () => {
      this.stalled = true;
      this.sink.abort();
    }).then(
      () => {
        this.succeeded(batch.length);
        for (const p of batch) p.resolve();
      },
      (err: unknown) => {
        this.failed(err);
        for (const p of batch) p.reject(err);
      },
    );
  }

  private succeeded(n: number): void {
    this.writes += n;
    if (this.consecutive > 0) {
      this.deps.logger.info("audit device recovered", {
        device: this.entry.path,
        kind: this.entry.type,
        failed_writes: this.consecutive,
      });
    }
    this.consecutive = 0;
  }

  private failed(err: unknown): void {
    const now = this.deps.clock.now();
    this.failures++;
    this.consecutive++;
    this.lastFailureMs = now;
    this.lastError = reasonOf(err);
    if (this.consecutive === 1 || now - this.lastLoggedMs >= LOG_EVERY_MS) {
      this.lastLoggedMs = now;
      this.deps.logger.warn("audit device failed to write", {
        device: this.entry.path,
        kind: this.entry.type,
        reason: this.lastError,
        failed_writes: this.consecutive,
      });
    }
  }
}
