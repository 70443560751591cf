import type { KeyedLock } from "../expiration/keyed-lock.js";
import type { TokenEntryStore } from "./entry-store.js";
import type { KeyedHasher } from "./keyed-hash.js";
import type { TokenStoreDeps } from "./types.js";

export interface TokenTidyReport {
  danglingChildIndexes: number;
  childrenOfMissingParents: number;
  danglingAccessors: number;
  expiredTokens: number;
}

/**
 * Revocation of service tokens. A tree is first tainted top-down (every token in it becomes
 * unusable at once, and a child created meanwhile sees its parent tainted and revokes itself),
 * then revoked bottom-up: leases through the expiration manager, then the entry and its indexes.
 * An interrupted revocation leaves tainted entries that a retry (or the token's lease) finishes.
 */
export class TokenRevocation {
  constructor(
    private readonly entries: TokenEntryStore,
    private readonly hasher: KeyedHasher,
    private readonly deps: Pick<TokenStoreDeps, "expiration" | "logger" | "clock" | "onRevoked">,
    private readonly lock: KeyedLock,
  ) {}

  /** Revokes a token, all its descendants, and their leases. Unknown tokens are not an error. */
  async revokeTree(hash: string): Promise<void> {
    const order: string[] = [];
    const seen = new Set<string>();
    const queue = [hash];
    while (queue.length > 0) {
      const h = queue.shift()!;
      if (seen.has(h)) continue;
      seen.add(h);
      await this.entries.taint(h);
      order.push(h);
      queue.push(...(await this.entries.children(h)));
    }
    for (const h of order.reverse()) await this.revokeOne(h);
  }

  /** Revokes one token and its leases; its children become orphans and survive. */
  async revokeOrphan(hash: string): Promise<void> {
    await this.entries.taint(hash);
    for (const child of await this.entries.children(hash)) await this.entries.orphan(child, hash);
    await this.revokeOne(hash);
  }

  private revokeOne(hash: string): Promise<void> {
    return this.lock.run(hash, async () => {
      await this.deps.expiration.revokeByToken(hash);
      const entry = await this.entries.get(hash);
      if (!entry) return;
      await this.entries.remove(entry, await this.hasher.accessor(entry.accessor));
      await this.deps.onRevoked?.(entry);
    });
  }

  /**
   * Cleans up after crashes: child index entries without a token, children whose parent is gone
   * (revoked, unlike Vault which orphans them), accessors without a token (their leases revoked),
   * and expired tokens whose lease was lost.
   */
  async tidy(): Promise<TokenTidyReport> {
    const report: TokenTidyReport = {
      danglingChildIndexes: 0,
      childrenOfMissingParents: 0,
      danglingAccessors: 0,
      expiredTokens: 0,
    };
    for (const parent of await this.entries.parents()) {
      const parentEntry = await this.entries.getStored(parent);
      for (const child of await this.entries.children(parent)) {
        if (!(await this.entries.getStored(child))) {
          await this.entries.removeChildIndex(parent, child);
          report.danglingChildIndexes++;
        } else if (!parentEntry) {
          await this.revokeTree(child);
          await this.entries.removeChildIndex(parent, child);
          report.childrenOfMissingParents++;
        }
      }
    }
    const now = this.deps.clock.now();
    for (const accessorHash of await this.entries.accessorHashes()) {
      const record = await this.entries.accessor(accessorHash);
      const entry = record ? await this.entries.getStored(record.tokenHash) : null;
      if (!entry) {
        if (record) await this.deps.expiration.revokeByToken(record.tokenHash);
        await this.entries.removeAccessor(accessorHash);
        report.danglingAccessors++;
      } else if (entry.expireTime !== 0 && entry.expireTime <= now) {
        await this.revokeTree(entry.hash);
        report.expiredTokens++;
      }
    }
    this.deps.logger.info("token tidy finished", { ...report });
    return report;
  }
}
