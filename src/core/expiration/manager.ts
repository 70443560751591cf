import { InvalidRequestError, UpstreamError } from "../../errors.js";
import { ExpiryTimer } from "./expiry-timer.js";
import {
  assertTokenHash,
  authLeaseId,
  isValidLeaseId,
  isValidLeasePrefix,
  newSecretLeaseId,
} from "./lease-id.js";
import { capAt, isRenewable } from "./lease-rules.js";
import { LeaseStore } from "./lease-store.js";
import { type LeaseTidyReport, tidyLeases } from "./lease-tidy.js";
import { Revoker, revocationError, type TickResult } from "./revoker.js";
import { formatTime, secondsLeft } from "./time.js";
import { calculateTTL } from "./ttl.js";
import type {
  ExpirationDeps,
  ExpirationOptions,
  FailedRevocation,
  LeaseLookupData,
  LeaseRecord,
  RegisterAuthInput,
  RegisteredLease,
  RegisterSecretInput,
} from "./types.js";

export type RevokeOutcome = "revoked" | "queued" | "absent";

/**
 * Leases of secrets (dynamic credentials) and of tokens: registration, lookup, renewal,
 * revocation (one, by prefix, by owning token), and expiry in the background with retries.
 * Storage: `id/<leaseId>` records plus a `token/<tokenHash>/` index (see LeaseStore).
 */
export class ExpirationManager {
  private readonly store: LeaseStore;
  private readonly revoker: Revoker;
  private readonly timer: ExpiryTimer;

  constructor(
    private readonly deps: ExpirationDeps,
    options: ExpirationOptions = {},
  ) {
    this.store = new LeaseStore(deps.storage);
    this.revoker = new Revoker(this.store, deps, {
      retryBaseMs: options.retryBaseMs ?? 10_000,
      retryMaxMs: options.retryMaxMs ?? 300_000,
      reportAfter: options.reportAfter ?? 6,
    });
    this.timer = new ExpiryTimer({
      clock: deps.clock,
      logger: deps.logger,
      minMs: options.minTimerMs ?? 1000,
      maxMs: options.maxTimerMs ?? 60_000,
      timers: options.timers ?? {
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      },
      next: () => this.revoker.queue.peek(),
      tick: () => this.tick(),
    });
    this.revoker.onScheduled = (due) => this.timer.notify(due);
  }

  /** Registers a leased secret. The TTL is the secret's (else the mount default), capped by the maxima. */
  async registerSecret(input: RegisterSecretInput): Promise<RegisteredLease> {
    if (input.tokenHash !== "") assertTokenHash(input.tokenHash);
    const now = this.deps.clock.now();
    const { secret } = input;
    const calc = calculateTTL({
      ttls: input.ttls,
      increment: 0,
      backendTTL: secret.ttl,
      period: 0,
      backendMaxTTL: secret.maxTTL,
      explicitMaxTTL: 0,
      startTime: now,
      now,
    });
    const notAfter = input.notAfter ?? 0;
    const { ttl, expireTime } = capAt(calc.ttl, now, notAfter);
    const record: LeaseRecord = {
      leaseId: newSecretLeaseId(input.path),
      kind: "secret",
      path: input.path,
      mountAccessor: input.mountAccessor,
      tokenHash: input.tokenHash,
      issueTime: now,
      expireTime,
      lastRenewal: 0,
      ttl,
      renewable: secret.renewable,
      ttls: { ...input.ttls },
      backendMaxTTL: secret.maxTTL,
      notAfter,
      internal: secret.internal,
    };
    try {
      await this.store.put(record);
    } catch (err) {
      // Not tracked means never revoked: drop the credential rather than leak it.
      await this.deps.revokeSecret(record).catch(() => {});
      throw err;
    }
    this.revoker.schedule(record);
    return { leaseId: record.leaseId, ttl, renewable: isRenewable(record, now), warnings: calc.warnings };
  }

  /** Creates or replaces a token's lease (the token store calls it on creation and renewal). */
  async registerAuth(input: RegisterAuthInput): Promise<string> {
    const leaseId = authLeaseId(input.path, input.tokenHash);
    const record: LeaseRecord = {
      leaseId,
      kind: "auth",
      path: input.path,
      mountAccessor: input.mountAccessor,
      tokenHash: input.tokenHash,
      issueTime: input.issueTime,
      expireTime: input.expireTime,
      lastRenewal: input.lastRenewal ?? 0,
      ttl: input.ttl,
      renewable: input.renewable,
      ttls: { defaultLeaseTTL: 0, maxLeaseTTL: 0 },
      backendMaxTTL: 0,
      notAfter: 0,
      internal: {},
    };
    await this.store.put(record);
    this.revoker.schedule(record);
    return leaseId;
  }

  async lookup(leaseId: string): Promise<LeaseLookupData> {
    const rec = isValidLeaseId(leaseId) ? await this.store.get(leaseId) : null;
    if (!rec) throw new InvalidRequestError("invalid lease");
    const now = this.deps.clock.now();
    return {
      id: rec.leaseId,
      issue_time: formatTime(rec.issueTime),
      expire_time: rec.expireTime === 0 ? null : formatTime(rec.expireTime),
      last_renewal: rec.lastRenewal === 0 ? null : formatTime(rec.lastRenewal),
      renewable: isRenewable(rec, now),
      ttl: secondsLeft(rec.expireTime, now),
    };
  }

  /** Renews a secret's lease through its backend; the new TTL is capped by the lease's maxima. */
  async renew(leaseId: string, increment: number): Promise<RegisteredLease> {
    const first = isValidLeaseId(leaseId) ? await this.store.get(leaseId) : null;
    if (!first) throw new InvalidRequestError("lease not found");
    return this.revoker.guarded(first, async () => {
      const rec = await this.store.get(leaseId);
      if (!rec) throw new InvalidRequestError("lease not found");
      const now = this.deps.clock.now();
      if ((rec.revocation?.failures ?? 0) > 0) {
        throw new InvalidRequestError("lease is expired and has failed previous revocation attempts");
      }
      if (rec.expireTime === 0) throw new InvalidRequestError("lease is not renewable");
      if (rec.expireTime <= now || rec.revocation) throw new InvalidRequestError("lease expired");
      if (rec.kind === "auth")
        throw new InvalidRequestError("tokens cannot be renewed through this endpoint");
      if (!rec.renewable) throw new InvalidRequestError("lease is not renewable");
      const answer = await this.deps.renewSecret(rec, increment);
      if (!answer) throw new InvalidRequestError("lease is not renewable");
      const backendMaxTTL = answer.maxTTL ?? rec.backendMaxTTL;
      const calc = calculateTTL({
        ttls: rec.ttls,
        increment,
        backendTTL: answer.ttl,
        period: 0,
        backendMaxTTL,
        explicitMaxTTL: 0,
        startTime: rec.issueTime,
        now,
      });
      const { ttl, expireTime } = capAt(calc.ttl, now, rec.notAfter);
      const updated: LeaseRecord = { ...rec, ttl, expireTime, lastRenewal: now, backendMaxTTL };
      await this.store.put(updated);
      this.revoker.schedule(updated);
      return { leaseId, ttl, renewable: isRenewable(updated, now), warnings: calc.warnings };
    });
  }

  /**
   * Revokes one lease. sync (default): now, through its backend; a failure is kept pending (retried
   * with back-off) and reported to the caller. Not sync: queued for the expiry timer. Revoking an
   * unknown lease synchronously is not an error ("absent").
   */
  async revoke(leaseId: string, opts: { sync?: boolean } = {}): Promise<RevokeOutcome> {
    if (!isValidLeaseId(leaseId)) throw new InvalidRequestError("invalid lease ID");
    if (opts.sync === false) {
      if (!(await this.revoker.revokeLater(leaseId))) throw new InvalidRequestError("lease not found");
      return "queued";
    }
    try {
      return (await this.revoker.revokeNow(leaseId, false)) ? "revoked" : "absent";
    } catch (err) {
      throw revocationError(err);
    }
  }

  /**
   * Revokes every lease under a prefix (or the one lease whose id is exactly `prefix`). `force`
   * deletes leases whose backend fails anyway (recovery); without it failures stay pending, are
   * retried, and make the call fail after all others were tried.
   */
  async revokePrefix(
    prefix: string,
    opts: { force?: boolean; sync?: boolean } = {},
  ): Promise<{ revoked: number; failed: number }> {
    if (prefix === "" || !isValidLeasePrefix(prefix)) throw new InvalidRequestError("invalid lease prefix");
    const force = opts.force === true;
    const sync = opts.sync !== false || force;
    const one = async (leaseId: string): Promise<boolean> =>
      sync ? this.revoker.revokeNow(leaseId, force) : this.revoker.revokeLater(leaseId);
    if (!prefix.endsWith("/")) {
      if (await this.store.get(prefix)) {
        try {
          await one(prefix);
          return { revoked: 1, failed: 0 };
        } catch (err) {
          throw revocationError(err);
        }
      }
      prefix = `${prefix}/`;
    }
    const result = { revoked: 0, failed: 0 };
    for await (const leaseId of this.store.walk(prefix)) {
      try {
        if (await one(leaseId)) result.revoked++;
      } catch {
        result.failed++;
      }
    }
    if (result.failed > 0) {
      throw new UpstreamError(
        `failed to revoke ${result.failed} of ${result.failed + result.revoked} leases; they stay pending and will be retried`,
      );
    }
    return result;
  }

  /** Keys one level under a prefix, Vault-style (sub-prefixes end in "/"). */
  async listPrefix(prefix: string): Promise<string[]> {
    if (!isValidLeasePrefix(prefix)) throw new InvalidRequestError("invalid lease prefix");
    const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    return this.store.list(folder);
  }

  /** Revokes the leases of a token (its secrets now, failures kept pending) and drops its own lease. */
  revokeByToken(tokenHash: string): Promise<void> {
    assertTokenHash(tokenHash);
    return this.revoker.revokeByToken(tokenHash);
  }

  /** Revokes everything due per the clock (expired leases, pending revocations whose retry is due). */
  tick(): Promise<TickResult> {
    return this.revoker.tick();
  }

  /** Starts the background timer (after restore()). */
  start(): void {
    this.timer.start();
  }

  /** Stops the timer and waits for a running tick to finish. */
  async stop(): Promise<void> {
    this.timer.stop();
    await this.revoker.idle();
  }

  /** Reloads every lease's schedule from storage (after unseal or restart). Returns the lease count. */
  async restore(): Promise<number> {
    this.revoker.reset();
    let count = 0;
    for await (const leaseId of this.store.walk("")) {
      const rec = await this.store.get(leaseId);
      if (!rec) continue;
      this.revoker.schedule(rec);
      count++;
    }
    return count;
  }

  /** Leases whose revocation keeps failing (still pending and retried), for health and metrics. */
  failedRevocations(): FailedRevocation[] {
    return this.revoker.failed();
  }

  /**
   * Drops index entries that point at no lease, and revokes the leases of tokens that no longer
   * exist (needs deps.tokenExists).
   */
  tidy(): Promise<LeaseTidyReport> {
    return tidyLeases(this.store, this.revoker, this.deps);
  }
}
