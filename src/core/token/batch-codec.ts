import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { encodeJSON } from "../../logical/storage-view.js";
import type { StorageView } from "../../logical/types.js";
import { BATCH_PREFIX, MAX_TOKEN_LENGTH } from "./token-strings.js";
import type { TokenEntry } from "./types.js";

const KEY_NAME = "batch-key";
const AAD = Buffer.from("cofre batch token v1");
const NONCE = 12;
const TAG = 16;

/** The fields a batch token carries (sealed, so clients cannot read or change them). */
type BatchFields = Omit<TokenEntry, "hash" | "accessor" | "type" | "numUses" | "internal">;

/**
 * Batch tokens: `hvb.` + base64url(nonce | AES-256-GCM ciphertext | tag) of the token's fields,
 * under a key kept in storage. Nothing is stored per token, so they cannot be revoked; they
 * expire. GCM's tag check rejects any altered or foreign token.
 */
export class BatchTokenCodec {
  private key: Promise<Buffer> | null = null;

  constructor(private readonly view: StorageView) {}

  async seal(entry: TokenEntry): Promise<string> {
    const { hash: _h, accessor: _a, type: _t, numUses: _n, internal: _i, ...fields } = entry;
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv("aes-256-gcm", await this.loadKey(), nonce);
    cipher.setAAD(AAD);
    const body = Buffer.concat([cipher.update(JSON.stringify(fields satisfies BatchFields)), cipher.final()]);
    return BATCH_PREFIX + Buffer.concat([nonce, body, cipher.getAuthTag()]).toString("base64url");
  }

  /** The entry sealed in a batch token, or null if the token is malformed, altered or foreign. */
  async open(token: string): Promise<TokenEntry | null> {
    if (!token.startsWith(BATCH_PREFIX) || token.length > MAX_TOKEN_LENGTH) return null;
    const text = token.slice(BATCH_PREFIX.length);
    if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
    const blob = Buffer.from(text, "base64url");
    if (blob.length <= NONCE + TAG) return null;
    try {
      const decipher = createDecipheriv("aes-256-gcm", await this.loadKey(), blob.subarray(0, NONCE));
      decipher.setAAD(AAD);
      decipher.setAuthTag(blob.subarray(blob.length - TAG));
      const plain = Buffer.concat([
        decipher.update(blob.subarray(NONCE, blob.length - TAG)),
        decipher.final(),
      ]);
      const fields = JSON.parse(plain.toString("utf8")) as BatchFields;
      return { ...fields, hash: "", accessor: "", type: "batch", numUses: 0, internal: {} };
    } catch {
      return null;
    }
  }

  private loadKey(): Promise<Buffer> {
    this.key ??= this.readOrCreate().catch((err: unknown) => {
      this.key = null;
      throw err;
    });
    return this.key;
  }

  private async readOrCreate(): Promise<Buffer> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await this.view.getJSON<{ key: string }>(KEY_NAME);
      if (stored) return Buffer.from(stored.key, "base64");
      const fresh = randomBytes(32);
      const created = await this.view.transaction(
        [{ type: "put", key: KEY_NAME, value: encodeJSON({ key: fresh.toString("base64") }) }],
        [{ key: KEY_NAME, absent: true }],
      );
      if (created) return fresh;
    }
    throw new Error("could not create the batch token key");
  }
}
