/**
 * The keyring: key terms (1, 2, ...) -> 256-bit data keys, each with its install time. New writes
 * use the newest term; older terms stay to decrypt what they wrote. Encoded in a binary form so the
 * plaintext can be zeroed after use:
 * `[1 byte version][4 bytes count]` then per term `[4 bytes term][8 bytes install ms][32 bytes key]`.
 */
import { randomBytes } from "node:crypto";
import { InternalError } from "../errors.js";
import { KEY_BYTES } from "./value-format.js";

const ENCODING_VERSION = 1;
const HEADER_BYTES = 5;
const ENTRY_BYTES = 4 + 8 + KEY_BYTES;
const MAX_TERM = 0xffffffff;

export interface KeyTerm {
  readonly term: number;
  /** Milliseconds since the epoch. */
  readonly installTime: number;
  readonly key: Buffer;
}

export class Keyring {
  private readonly terms: Map<number, KeyTerm>;
  private active: KeyTerm;

  private constructor(terms: KeyTerm[]) {
    if (terms.length === 0) throw new InternalError("keyring has no keys");
    this.terms = new Map(terms.map((t) => [t.term, t]));
    this.active = terms.reduce((a, b) => (b.term > a.term ? b : a));
  }

  /** A new keyring holding term 1. */
  static create(now: number): Keyring {
    return new Keyring([{ term: 1, installTime: now, key: randomBytes(KEY_BYTES) }]);
  }

  static decode(encoded: Uint8Array): Keyring {
    const bytes = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.length);
    if (bytes.length < HEADER_BYTES || bytes[0] !== ENCODING_VERSION) {
      throw new InternalError("keyring has an unknown encoding");
    }
    const count = bytes.readUInt32BE(1);
    if (count === 0 || bytes.length !== HEADER_BYTES + count * ENTRY_BYTES) {
      throw new InternalError("keyring has an unknown encoding");
    }
    const terms: KeyTerm[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < count; i++) {
      const at = HEADER_BYTES + i * ENTRY_BYTES;
      const term = bytes.readUInt32BE(at);
      if (term === 0 || seen.has(term)) {
        for (const t of terms) t.key.fill(0);
        throw new InternalError("keyring has an unknown encoding");
      }
      seen.add(term);
      const key = Buffer.alloc(KEY_BYTES);
      bytes.copy(key, 0, at + 12, at + ENTRY_BYTES);
      terms.push({ term, installTime: Number(bytes.readBigUInt64BE(at + 4)), key });
    }
    return new Keyring(terms);
  }

  /** The term new writes use. */
  get activeTerm(): KeyTerm {
    return this.active;
  }

  key(term: number): Buffer | undefined {
    return this.terms.get(term)?.key;
  }

  get size(): number {
    return this.terms.size;
  }

  /** A copy of this keyring with one more term (the new active one). Keys are copied, not shared. */
  rotated(now: number): Keyring {
    const next = this.active.term + 1;
    if (next > MAX_TERM) throw new InternalError("keyring has no terms left");
    const copies = [...this.terms.values()].map((t) => ({ ...t, key: copyKey(t.key) }));
    copies.push({ term: next, installTime: now, key: randomBytes(KEY_BYTES) });
    return new Keyring(copies);
  }

  /** The binary form; the caller zeroes it once stored. */
  encode(): Buffer {
    const out = Buffer.alloc(HEADER_BYTES + this.terms.size * ENTRY_BYTES);
    out[0] = ENCODING_VERSION;
    out.writeUInt32BE(this.terms.size, 1);
    let at = HEADER_BYTES;
    for (const t of [...this.terms.values()].sort((a, b) => a.term - b.term)) {
      out.writeUInt32BE(t.term, at);
      out.writeBigUInt64BE(BigInt(Math.max(0, Math.trunc(t.installTime))), at + 4);
      t.key.copy(out, at + 12);
      at += ENTRY_BYTES;
    }
    return out;
  }

  /** Zeroes every key and forgets them. The keyring is unusable afterwards. */
  destroy(): void {
    for (const t of this.terms.values()) t.key.fill(0);
    this.terms.clear();
  }
}

function copyKey(key: Buffer): Buffer {
  const copy = Buffer.alloc(KEY_BYTES);
  key.copy(copy);
  return copy;
}
