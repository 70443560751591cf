/**
 * Login rate limiting per client address: a token bucket per address (`burst` attempts at once,
 * refilled at `rate` per second), on the injected clock. Memory is bounded: past `maxClients`
 * addresses, the least recently seen one is forgotten. Every auth method's login uses one.
 */
import { RateLimitedError } from "../../errors.js";
import type { Clock } from "../../util/clock.js";

export interface RateLimitSettings {
  /** Attempts per second an address regains. */
  rate: number;
  /** Attempts an address may make at once. */
  burst: number;
  disabled: boolean;
}

export const DEFAULT_LOGIN_RATE_LIMIT: RateLimitSettings = { rate: 1, burst: 10, disabled: false };

interface Bucket {
  tokens: number;
  at: number;
}

export class LoginRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly maxClients = 10_000,
  ) {}

  /** Takes one attempt for `address`, or throws RateLimitedError (429) when it has none left. */
  take(address: string, settings: RateLimitSettings): void {
    if (settings.disabled) return;
    const now = this.clock.now();
    const previous = this.buckets.get(address);
    let tokens = settings.burst;
    if (previous) {
      const regained = (Math.max(0, now - previous.at) / 1000) * settings.rate;
      tokens = Math.min(settings.burst, previous.tokens + regained);
      this.buckets.delete(address);
    }
    if (tokens < 1) {
      this.buckets.set(address, { tokens, at: now });
      throw new RateLimitedError("too many login attempts from this address; try again later");
    }
    this.buckets.set(address, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
  }

  clear(): void {
    this.buckets.clear();
  }
}
