import { encodeJSON } from "../../logical/storage-view.js";
import type { StorageView } from "../../logical/types.js";
import type { TxOp } from "../../storage/types.js";
import { decodeIndexSegment, encodeIndexSegment } from "./lease-id.js";
import type { LeaseRecord } from "./types.js";

const EMPTY = encodeJSON(1);

/**
 * Persistence of leases: `id/<leaseId>` holds the record, `token/<tokenHash>/<encoded leaseId>`
 * indexes the leases of each token. A record and its index entry are written and removed together.
 */
export class LeaseStore {
  constructor(private readonly view: StorageView) {}

  get(leaseId: string): Promise<LeaseRecord | null> {
    return this.view.getJSON<LeaseRecord>(`id/${leaseId}`);
  }

  async put(record: LeaseRecord): Promise<void> {
    const ops: TxOp[] = [{ type: "put", key: `id/${record.leaseId}`, value: encodeJSON(record) }];
    if (record.tokenHash !== "") ops.push({ type: "put", key: this.indexKey(record), value: EMPTY });
    await this.view.transaction(ops);
  }

  async remove(record: LeaseRecord): Promise<void> {
    const ops: TxOp[] = [{ type: "delete", key: `id/${record.leaseId}` }];
    if (record.tokenHash !== "") ops.push({ type: "delete", key: this.indexKey(record) });
    await this.view.transaction(ops);
  }

  async leasesOfToken(tokenHash: string): Promise<string[]> {
    const keys = await this.view.list(`token/${tokenHash}/`);
    return keys.filter((k) => !k.endsWith("/")).map(decodeIndexSegment);
  }

  removeIndex(tokenHash: string, leaseId: string): Promise<void> {
    return this.view.delete(`token/${tokenHash}/${encodeIndexSegment(leaseId)}`);
  }

  /** Token hashes that have at least one index entry. */
  async indexedTokens(): Promise<string[]> {
    const keys = await this.view.list("token/");
    return keys.filter((k) => k.endsWith("/")).map((k) => k.slice(0, -1));
  }

  /** One level under `prefix` (which is "" or ends in "/"), Vault-style. */
  list(prefix: string): Promise<string[]> {
    return this.view.list(`id/${prefix}`);
  }

  /** Every lease id under `prefix` (which is "" or ends in "/"), depth first. */
  async *walk(prefix: string): AsyncGenerator<string> {
    const stack = [prefix];
    while (stack.length > 0) {
      const folder = stack.pop()!;
      const children = await this.view.list(`id/${folder}`);
      for (let i = children.length - 1; i >= 0; i--) {
        const child = children[i];
        if (child.endsWith("/")) stack.push(folder + child);
        else yield folder + child;
      }
    }
  }

  private indexKey(record: LeaseRecord): string {
    return `token/${record.tokenHash}/${encodeIndexSegment(record.leaseId)}`;
  }
}
