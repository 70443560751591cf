import { ExpirationManager } from "../../../src/core/expiration/manager.js";
import type { ExpirationOptions, LeaseRecord } from "../../../src/core/expiration/types.js";
import { UpstreamError } from "../../../src/errors.js";
import { PrefixedStorageView } from "../../../src/logical/storage-view.js";
import type { SecureStorage } from "../../../src/logical/types.js";
import { MemoryStorage } from "../../../src/storage/memory.js";
import { ManualClock } from "../../../src/util/clock.js";
import { silentLogger } from "../../../src/util/logger.js";

export const TTLS = { defaultLeaseTTL: 3600, maxLeaseTTL: 86400 };

export function secureOver(mem: MemoryStorage): SecureStorage {
  return {
    get: (k) => mem.get(k),
    put: (k, v) => mem.put(k, v),
    delete: (k) => mem.delete(k),
    list: (p) => mem.list(p),
    transaction: (ops, checks) => mem.transaction(ops, checks),
  };
}

/** A fake backend side: records revocations, fails those listed, answers renewals. */
export class FakeBackends {
  revokedSecrets: string[] = [];
  revokedTokens: string[] = [];
  failing = new Set<string>();
  renewTTL = 0;
  renewMaxTTL: number | undefined;
  renewSupported = true;

  async revokeSecret(lease: LeaseRecord): Promise<void> {
    if (this.failing.has(lease.leaseId)) throw new UpstreamError("database unreachable");
    this.revokedSecrets.push(lease.leaseId);
  }

  async renewSecret(
    _lease: LeaseRecord,
    _increment: number,
  ): Promise<{ ttl: number; maxTTL?: number } | null> {
    if (!this.renewSupported) return null;
    return { ttl: this.renewTTL, maxTTL: this.renewMaxTTL };
  }

  async revokeToken(hash: string): Promise<void> {
    if (this.failing.has(hash)) throw new Error("storage down: secret-ish detail");
    this.revokedTokens.push(hash);
  }
}

export interface Harness {
  mem: MemoryStorage;
  clock: ManualClock;
  backends: FakeBackends;
  mgr: ExpirationManager;
  /** Another manager over the same storage (a restart). */
  restart(options?: ExpirationOptions): ExpirationManager;
}

export function harness(options: ExpirationOptions = {}): Harness {
  const mem = new MemoryStorage();
  const clock = new ManualClock();
  const backends = new FakeBackends();
  const make = (opts: ExpirationOptions) =>
    new ExpirationManager(
      {
        storage: new PrefixedStorageView(secureOver(mem), "sys/expire/"),
        clock,
        logger: silentLogger,
        revokeSecret: (l) => backends.revokeSecret(l),
        renewSecret: (l, i) => backends.renewSecret(l, i),
        revokeToken: (h) => backends.revokeToken(h),
      },
      opts,
    );
  return { mem, clock, backends, mgr: make(options), restart: (opts = options) => make(opts) };
}

export const HASH_A = "a".repeat(64);
export const HASH_B = "b".repeat(64);

export function secret(ttl: number, renewable = true, maxTTL = 0) {
  return { ttl, maxTTL, renewable, internal: { username: "v-user-1" } };
}
