import type { LeaseStore } from "./lease-store.js";
import type { Revoker } from "./revoker.js";
import type { ExpirationDeps } from "./types.js";

export interface LeaseTidyReport {
  danglingIndexEntries: number;
  orphanedTokens: number;
}

/**
 * Drops by-token index entries that point at no lease (or at a lease of another token), and
 * revokes the leases of tokens that no longer exist when `tokenExists` is available.
 */
export async function tidyLeases(
  store: LeaseStore,
  revoker: Revoker,
  deps: Pick<ExpirationDeps, "logger" | "tokenExists">,
): Promise<LeaseTidyReport> {
  const report: LeaseTidyReport = { danglingIndexEntries: 0, orphanedTokens: 0 };
  for (const tokenHash of await store.indexedTokens()) {
    for (const leaseId of await store.leasesOfToken(tokenHash)) {
      const rec = await store.get(leaseId);
      if (rec && rec.tokenHash === tokenHash) continue;
      await store.removeIndex(tokenHash, leaseId);
      report.danglingIndexEntries++;
    }
    if (deps.tokenExists && !(await deps.tokenExists(tokenHash))) {
      await revoker.revokeByToken(tokenHash);
      report.orphanedTokens++;
    }
  }
  deps.logger.info("lease tidy finished", { ...report });
  return report;
}
