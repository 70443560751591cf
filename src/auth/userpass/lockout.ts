/**
 * User lockout (Vault's user_lockout settings): after `threshold` failed logins, each within
 * `counterReset` seconds of the previous one, the user is locked for `duration` seconds, during
 * which even the right password is refused with the usual error. A success clears the count.
 * Counts are kept in memory per server node (a restart forgets them) and keyed by the normalised
 * username, so variant spellings share one count. Memory is bounded by `maxUsers`.
 */
import type { Clock } from "../../util/clock.js";

export interface LockoutSettings {
  threshold: number;
  /** seconds */
  duration: number;
  /** seconds */
  counterReset: number;
  disabled: boolean;
}

export const DEFAULT_LOCKOUT: LockoutSettings = {
  threshold: 5,
  duration: 15 * 60,
  counterReset: 15 * 60,
  disabled: false,
};

interface FailureRecord {
  count: number;
  lastFailure: number;
  lockedUntil: number;
}

export class LockoutTracker {
  private readonly failures = new Map<string, FailureRecord>();

  constructor(
    private readonly clock: Clock,
    private readonly maxUsers = 10_000,
  ) {}

  isLocked(name: string, settings: LockoutSettings): boolean {
    if (settings.disabled) return false;
    const record = this.failures.get(name);
    return record !== undefined && record.lockedUntil > this.clock.now();
  }

  /** Counts a failed login; returns true when this failure locks the user. */
  recordFailure(name: string, settings: LockoutSettings): boolean {
    if (settings.disabled) return false;
    const now = this.clock.now();
    const previous = this.failures.get(name);
    if (previous && previous.lockedUntil > now) return false;
    const fresh = !previous || now - previous.lastFailure >= settings.counterReset * 1000;
    const count = fresh ? 1 : previous.count + 1;
    const lockedUntil = count >= settings.threshold ? now + settings.duration * 1000 : 0;
    this.failures.delete(name);
    this.failures.set(name, { count: lockedUntil > 0 ? 0 : count, lastFailure: now, lockedUntil });
    if (this.failures.size > this.maxUsers) this.evictOne(now);
    return lockedUntil > 0;
  }

  recordSuccess(name: string): void {
    this.failures.delete(name);
  }

  /** Ends a lockout early (operator action). Returns whether the user was locked. */
  unlock(name: string): boolean {
    const record = this.failures.get(name);
    this.failures.delete(name);
    return record !== undefined && record.lockedUntil > this.clock.now();
  }

  clear(): void {
    this.failures.clear();
  }

  /** Drops the oldest record that is not a running lockout (or the oldest of all). */
  private evictOne(now: number): void {
    for (const [name, record] of this.failures) {
      if (record.lockedUntil <= now) {
        this.failures.delete(name);
        return;
      }
    }
    const oldest = this.failures.keys().next().value;
    if (oldest !== undefined) this.failures.delete(oldest);
  }
}
