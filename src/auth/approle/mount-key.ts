/**
 * The mount's HMAC key: 32 random bytes created on first use and kept in the mount's barrier
 * storage, so role IDs, secret IDs and accessors are stored and looked up only as keyed hashes.
 * Several nodes racing to create it agree on one (the first transaction wins).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { InternalError } from "../../errors.js";
import type { StorageView } from "../../logical/types.js";

const KEY_PATH = "hmac_key";

export class MountKey {
  private key: Buffer | null = null;

  constructor(private readonly storage: StorageView) {}

  /** Loads the key, creating it if the mount has none yet. */
  async load(): Promise<void> {
    for (let attempt = 0; attempt < 3 && this.key === null; attempt++) {
      const stored = await this.storage.get(KEY_PATH);
      if (stored) {
        this.key = Buffer.from(stored);
        break;
      }
      const fresh = randomBytes(32);
      const created = await this.storage.transaction(
        [{ type: "put", key: KEY_PATH, value: fresh }],
        [{ key: KEY_PATH, absent: true }],
      );
      if (created) this.key = fresh;
    }
    if (this.key === null) throw new InternalError("could not load the AppRole mount key");
  }

  forget(): void {
    this.key?.fill(0);
    this.key = null;
  }

  /** Hex HMAC-SHA256 of `value` under the mount key (domain-separated by `kind`). */
  async hmac(kind: "role_id" | "secret_id" | "accessor", value: string): Promise<string> {
    if (this.key === null) await this.load();
    return createHmac("sha256", this.key as Buffer)
      .update(`${kind}\0${value}`)
      .digest("hex");
  }
}

/** Constant-time equality of two strings (false when their lengths differ). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
