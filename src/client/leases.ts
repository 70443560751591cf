import { EventEmitter } from "node:events";
import type { CofreClient } from "./client.js";
import type { LeaseInfo } from "./secret-source.js";
import { realTimers, type Timers } from "./timers.js";

/** `sys/leases/` endpoints. */
export class LeaseApi {
  constructor(private readonly client: CofreClient) {}

  /** Renews a lease; `increment` in seconds (the server may grant less, up to its max TTL). */
  async renew(leaseId: string, increment?: number): Promise<LeaseInfo> {
    const res = await this.client.write("sys/leases/renew", { lease_id: leaseId, increment });
    return {
      id: res?.lease_id || leaseId,
      duration: res?.lease_duration ?? 0,
      renewable: res?.renewable ?? false,
    };
  }

  async revoke(leaseId: string): Promise<void> {
    await this.client.write("sys/leases/revoke", { lease_id: leaseId });
  }
}

interface Kept {
  lease: LeaseInfo;
  /** The duration to ask for at each renewal: the lease's first duration. */
  increment: number;
  timer?: unknown;
}

export interface LeaseKeeperEvents {
  renewed: [lease: LeaseInfo];
  /** The lease can no longer be extended (not renewable, or capped by its max TTL). */
  expiring: [lease: LeaseInfo];
  /**
   * A renewal failed; it is retried while time remains. (Not `error`, which would throw when no
   * listener is attached.)
   */
  failed: [err: Error, leaseId: string];
}

/**
 * Keeps leases alive: each is renewed when two thirds of its duration have passed, asking for its
 * original duration again. When the server grants less (max TTL reached) or the lease is not
 * renewable, `expiring` is emitted and renewal stops. `revokeAll` ends every kept lease.
 */
export class LeaseKeeper extends EventEmitter<LeaseKeeperEvents> {
  private readonly kept = new Map<string, Kept>();

  constructor(
    /** What renews and revokes: `sys/leases/` (LeaseApi), or anything with the same two calls (a token's renew-self). */
    private readonly api: Pick<LeaseApi, "renew" | "revoke">,
    private readonly timers: Timers = realTimers,
  ) {
    super();
  }

  /** Lease ids being kept. */
  get ids(): string[] {
    return [...this.kept.keys()];
  }

  keep(lease: LeaseInfo): void {
    if (this.kept.has(lease.id)) return;
    const entry: Kept = { lease, increment: lease.duration };
    this.kept.set(lease.id, entry);
    this.schedule(entry, lease.duration);
  }

  /** Stops renewing `leaseId` (the lease itself lives on until its TTL). */
  release(leaseId: string): void {
    const entry = this.kept.get(leaseId);
    if (!entry) return;
    if (entry.timer !== undefined) this.timers.clear(entry.timer);
    this.kept.delete(leaseId);
  }

  /** Stops renewing and revokes one lease. */
  async revoke(leaseId: string): Promise<void> {
    this.release(leaseId);
    await this.api.revoke(leaseId);
  }

  /** Stops renewing and revokes every kept lease; reports which revocations failed. */
  async revokeAll(): Promise<{ revoked: string[]; failed: Array<{ id: string; error: Error }> }> {
    const ids = this.ids;
    for (const id of ids) this.release(id);
    const results = await Promise.allSettled(ids.map((id) => this.api.revoke(id)));
    const revoked: string[] = [];
    const failed: Array<{ id: string; error: Error }> = [];
    results.forEach((r, i) => {
      if (r.status === "fulfilled") revoked.push(ids[i]);
      else failed.push({ id: ids[i], error: r.reason as Error });
    });
    return { revoked, failed };
  }

  /** Stops all renewal timers without revoking. */
  stop(): void {
    for (const id of this.ids) this.release(id);
  }

  private schedule(entry: Kept, seconds: number): void {
    if (!entry.lease.renewable || seconds <= 0) {
      this.emit("expiring", entry.lease);
      return;
    }
    entry.timer = this.timers.set(
      () => void this.renew(entry, seconds),
      Math.floor((seconds * 1000 * 2) / 3),
    );
  }

  private async renew(entry: Kept, lastDuration: number): Promise<void> {
    entry.timer = undefined;
    if (this.kept.get(entry.lease.id) !== entry) return;
    try {
      const lease = await this.api.renew(entry.lease.id, entry.increment);
      if (this.kept.get(entry.lease.id) !== entry) return;
      entry.lease = lease;
      this.emit("renewed", lease);
      if (lease.duration < entry.increment) {
        this.emit("expiring", lease);
        return;
      }
      this.schedule(entry, lease.duration);
    } catch (err) {
      if (this.kept.get(entry.lease.id) !== entry) return;
      this.emit("failed", err as Error, entry.lease.id);
      // A third of the last duration remained when this renewal started: retry within it.
      const remaining = lastDuration / 3;
      if (remaining >= 1) this.schedule(entry, remaining);
      else this.emit("expiring", entry.lease);
    }
  }
}
