/**
 * Group commit: writes issued in the same event-loop turn are applied in one SQL transaction and
 * share one fsync. No write's promise settles before the commit that contains it has returned.
 */

/** What the committer needs from a synchronous SQL connection (better-sqlite3). */
export interface TransactionalConnection {
  begin(): void;
  commit(): void;
  rollback(): void;
  /** False once SQLite has rolled the transaction back on its own (SQLITE_FULL, IOERR, ...). */
  readonly inTransaction: boolean;
}

interface PendingWrite {
  /** Applies the write inside the open transaction and returns its result. */
  apply(): unknown;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

type Outcome =
  | { write: PendingWrite; ok: true; result: unknown }
  | { write: PendingWrite; ok: false; error: unknown };

export class GroupCommitter {
  private queue: PendingWrite[] = [];
  private scheduled = false;

  constructor(
    private readonly connection: TransactionalConnection,
    /** Bounds how long one commit holds the event loop; the rest waits for the next turn. */
    private readonly maxBatch = 512,
  ) {}

  /** Queues a write; resolves with its result once the transaction holding it is durable. */
  submit<T>(apply: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ apply, resolve: resolve as (result: unknown) => void, reject });
      this.schedule();
    });
  }

  /** Commits everything queued so far, synchronously (used by close()). */
  flushAll(): void {
    while (this.queue.length > 0) this.commitNextBatch();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate rather than a microtask: writes arriving from other I/O callbacks of the same
    // poll phase (many HTTP requests at once) join the batch too.
    setImmediate(() => {
      this.scheduled = false;
      this.commitNextBatch();
      if (this.queue.length > 0) this.schedule();
    });
  }

  private commitNextBatch(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    try {
      this.connection.begin();
    } catch (error) {
      for (const write of batch) write.reject(error);
      return;
    }
    const outcomes: Outcome[] = [];
    for (let i = 0; i < batch.length; i++) {
      const write = batch[i];
      try {
        outcomes.push({ write, ok: true, result: write.apply() });
      } catch (error) {
        if (this.connection.inTransaction) {
          // The failed statement (or its savepoint) was undone; the batch goes on without it.
          outcomes.push({ write, ok: false, error });
          continue;
        }
        // SQLite rolled the whole transaction back: only this write is at fault. The others took
        // no effect and have not been answered, so they go back to the front of the queue.
        write.reject(error);
        this.queue.unshift(...batch.slice(0, i), ...batch.slice(i + 1));
        return;
      }
    }
    try {
      this.connection.commit();
    } catch (error) {
      this.rollbackQuietly();
      for (const outcome of outcomes) outcome.write.reject(outcome.ok ? error : outcome.error);
      return;
    }
    for (const outcome of outcomes) {
      if (outcome.ok) outcome.write.resolve(outcome.result);
      else outcome.write.reject(outcome.error);
    }
  }

  private rollbackQuietly(): void {
    if (!this.connection.inTransaction) return;
    try {
      this.connection.rollback();
    } catch {
      // The commit error is the one worth reporting; a failed rollback leaves nothing committed.
    }
  }
}
