import { createHmac, randomBytes } from "node:crypto";
import { encodeJSON } from "../../logical/storage-view.js";
import type { StorageView } from "../../logical/types.js";

const SALT_KEY = "salt";

/**
 * Keyed hashes (HMAC-SHA256) of tokens and accessors under a per-store random salt kept in
 * storage and created on first use. Storage keys are hashes, so no raw token appears in a key or
 * value, and lookups compare no secret in JavaScript.
 */
export class KeyedHasher {
  private salt: Promise<Buffer> | null = null;

  constructor(private readonly view: StorageView) {}

  async token(raw: string): Promise<string> {
    return this.hmac("token", raw);
  }

  async accessor(accessor: string): Promise<string> {
    return this.hmac("accessor", accessor);
  }

  private async hmac(domain: string, value: string): Promise<string> {
    const salt = await this.loadSalt();
    return createHmac("sha256", salt).update(`${domain}\u0000${value}`).digest("hex");
  }

  private loadSalt(): Promise<Buffer> {
    this.salt ??= this.readOrCreate().catch((err: unknown) => {
      this.salt = null;
      throw err;
    });
    return this.salt;
  }

  private async readOrCreate(): Promise<Buffer> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await this.view.getJSON<{ salt: string }>(SALT_KEY);
      if (stored) return Buffer.from(stored.salt, "base64");
      const fresh = randomBytes(32);
      const created = await this.view.transaction(
        [{ type: "put", key: SALT_KEY, value: encodeJSON({ salt: fresh.toString("base64") }) }],
        [{ key: SALT_KEY, absent: true }],
      );
      if (created) return fresh;
    }
    throw new Error("could not create the token store salt");
  }
}
