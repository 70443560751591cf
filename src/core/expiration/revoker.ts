import { CofreError, UpstreamError } from "../../errors.js";
import { DueQueue } from "./due-queue.js";
import { KeyedLock } from "./keyed-lock.js";
import type { LeaseStore } from "./lease-store.js";
import type { ExpirationDeps, FailedRevocation, LeaseRecord } from "./types.js";

export interface RevokerOptions {
  retryBaseMs: number;
  retryMaxMs: number;
  reportAfter: number;
}

export interface TickResult {
  revoked: number;
  failed: number;
}

/** When a lease needs attention next: its pending revocation attempt, else its expiry (0 = never). */
export function dueOf(rec: LeaseRecord): number {
  return rec.revocation ? rec.revocation.nextAttempt : rec.expireTime;
}

/** A failure description safe for logs and storage: typed errors carry safe messages, others only a name. */
function describeError(err: unknown): string {
  if (err instanceof CofreError) return err.messages.join("; ") || err.code;
  if (err instanceof Error) return `${err.name} (details withheld)`;
  return "unknown error";
}

/**
 * Revocation of leases: attempts, pending revocations, retries with exponential back-off, and the
 * due queue the expiry timer drains. A failed revocation is persisted with its failure count and
 * retried forever (at most every `retryMaxMs`); it is never dropped unless forced.
 *
 * Locking: work on a secret lease runs under its per-lease lock. Auth leases take no lock, because
 * revoking a token calls back into revokeByToken, which removes that same auth lease.
 */
export class Revoker {
  readonly queue = new DueQueue();
  private readonly lock = new KeyedLock();
  private readonly failing = new Map<string, FailedRevocation>();
  private ticking: Promise<TickResult> | null = null;
  /** Called whenever a lease is scheduled, with its due time (the timer re-arms if earlier). */
  onScheduled: (due: number) => void = () => {};

  constructor(
    private readonly store: LeaseStore,
    private readonly deps: Pick<ExpirationDeps, "clock" | "logger" | "revokeSecret" | "revokeToken">,
    private readonly opts: RevokerOptions,
  ) {}

  /** Runs `fn` under the lease's lock when the lease is a secret. */
  guarded<T>(rec: Pick<LeaseRecord, "kind" | "leaseId">, fn: () => Promise<T>): Promise<T> {
    return rec.kind === "secret" ? this.lock.run(rec.leaseId, fn) : fn();
  }

  schedule(rec: LeaseRecord): void {
    const due = dueOf(rec);
    if (due === 0) this.queue.delete(rec.leaseId);
    else {
      this.queue.set(rec.leaseId, due);
      this.onScheduled(due);
    }
    if (rec.revocation && rec.revocation.failures > 0) {
      const { failures, nextAttempt, lastError } = rec.revocation;
      this.failing.set(rec.leaseId, {
        leaseId: rec.leaseId,
        kind: rec.kind,
        mountAccessor: rec.mountAccessor,
        failures,
        nextAttempt,
        lastError,
      });
    } else this.failing.delete(rec.leaseId);
  }

  /** Forgets every schedule (before a restore). */
  reset(): void {
    this.queue.clear();
    this.failing.clear();
  }

  forget(leaseId: string): void {
    this.queue.delete(leaseId);
    this.failing.delete(leaseId);
  }

  /** Leases whose revocation failed at least `reportAfter` times (still pending, still retried). */
  failed(): FailedRevocation[] {
    return [...this.failing.values()].filter((f) => f.failures >= this.opts.reportAfter);
  }

  /** Revokes now and deletes the lease. On failure records it (retry with back-off) and rethrows. */
  async attempt(rec: LeaseRecord): Promise<void> {
    try {
      if (rec.kind === "secret") await this.deps.revokeSecret(rec);
      else await this.deps.revokeToken(rec.tokenHash);
    } catch (err) {
      await this.recordFailure(rec, err);
      throw err;
    }
    await this.store.remove(rec);
    this.forget(rec.leaseId);
    this.deps.logger.debug("revoked lease", { lease_id: rec.leaseId });
  }

  /** Marks a lease expired now and due for revocation (persisted, so a restart keeps it). */
  async markPending(rec: LeaseRecord): Promise<LeaseRecord> {
    const now = this.deps.clock.now();
    const updated: LeaseRecord = {
      ...rec,
      expireTime: rec.expireTime === 0 ? now : Math.min(rec.expireTime, now),
      revocation: rec.revocation ?? { failures: 0, nextAttempt: now, lastError: "" },
    };
    await this.store.put(updated);
    this.schedule(updated);
    return updated;
  }

  /** Revokes one lease now; with `force`, a backend failure is logged and the lease deleted anyway. */
  async revokeNow(leaseId: string, force: boolean): Promise<boolean> {
    const first = await this.store.get(leaseId);
    if (!first) return false;
    return this.guarded(first, async () => {
      const rec = await this.store.get(leaseId);
      if (!rec) return false;
      if (!force) {
        await this.attempt(rec);
        return true;
      }
      try {
        await this.attempt(rec);
      } catch (err) {
        this.deps.logger.warn("lease deleted by forced revocation although its backend failed", {
          lease_id: leaseId,
          error: describeError(err),
        });
        await this.store.remove(rec);
        this.forget(leaseId);
      }
      return true;
    });
  }

  /** Queues a lease for revocation by the timer. False if the lease does not exist. */
  async revokeLater(leaseId: string): Promise<boolean> {
    const first = await this.store.get(leaseId);
    if (!first) return false;
    return this.guarded(first, async () => {
      const rec = await this.store.get(leaseId);
      if (!rec) return false;
      await this.markPending(rec);
      return true;
    });
  }

  /** Revokes every lease of a token: its secrets (failures stay pending), and its own auth lease. */
  async revokeByToken(tokenHash: string): Promise<void> {
    for (const leaseId of await this.store.leasesOfToken(tokenHash)) {
      const rec = await this.store.get(leaseId);
      if (!rec || rec.tokenHash !== tokenHash) {
        await this.store.removeIndex(tokenHash, leaseId);
        continue;
      }
      if (rec.kind === "auth") {
        await this.store.remove(rec);
        this.forget(leaseId);
        continue;
      }
      await this.lock.run(leaseId, async () => {
        const current = await this.store.get(leaseId);
        if (!current) return;
        const pending = await this.markPending(current);
        await this.attempt(pending).catch(() => {});
      });
    }
  }

  /** Revokes every lease that is due per the clock. Concurrent calls share one run. */
  tick(): Promise<TickResult> {
    if (this.ticking) return this.ticking;
    const run = async (): Promise<TickResult> => {
      const now = this.deps.clock.now();
      const result = { revoked: 0, failed: 0 };
      for (const leaseId of this.queue.popDue(now)) {
        const outcome = await this.expireOne(leaseId, now).catch((err: unknown) => {
          this.deps.logger.error("lease expiry failed", { lease_id: leaseId, error: describeError(err) });
          this.queue.set(leaseId, now + this.opts.retryBaseMs);
          return "failed" as const;
        });
        if (outcome === "revoked") result.revoked++;
        else if (outcome === "failed") result.failed++;
      }
      return result;
    };
    this.ticking = run().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  /** Resolves once a running tick (if any) has finished. */
  async idle(): Promise<void> {
    await this.ticking?.catch(() => {});
  }

  private async expireOne(leaseId: string, now: number): Promise<"revoked" | "failed" | "skipped"> {
    const first = await this.store.get(leaseId);
    if (!first) {
      this.forget(leaseId);
      return "skipped";
    }
    return this.guarded(first, async () => {
      const rec = await this.store.get(leaseId);
      if (!rec) {
        this.forget(leaseId);
        return "skipped";
      }
      const due = dueOf(rec);
      if (due === 0 || due > now) {
        this.schedule(rec);
        return "skipped";
      }
      try {
        await this.attempt(rec);
        return "revoked";
      } catch {
        return "failed";
      }
    });
  }

  private async recordFailure(rec: LeaseRecord, err: unknown): Promise<void> {
    const now = this.deps.clock.now();
    const failures = (rec.revocation?.failures ?? 0) + 1;
    const delay = Math.min(this.opts.retryBaseMs * 2 ** (failures - 1), this.opts.retryMaxMs);
    const lastError = describeError(err);
    const updated: LeaseRecord = {
      ...rec,
      expireTime: rec.expireTime === 0 ? now : Math.min(rec.expireTime, now),
      revocation: { failures, nextAttempt: now + delay, lastError },
    };
    this.schedule(updated);
    this.deps.logger.warn("lease revocation failed; it stays pending and will be retried", {
      lease_id: rec.leaseId,
      kind: rec.kind,
      failures,
      retry_in_ms: delay,
      error: lastError,
      reported: failures >= this.opts.reportAfter,
    });
    try {
      await this.store.put(updated);
    } catch (storeErr) {
      this.deps.logger.error("could not persist a failed lease revocation", {
        lease_id: rec.leaseId,
        error: describeError(storeErr),
      });
    }
  }
}

/** The error a synchronous revocation reports to its caller. */
export function revocationError(err: unknown): CofreError {
  if (err instanceof CofreError) return err;
  return new UpstreamError("failed to revoke lease; it stays pending and will be retried");
}
