/** Collects distinct key shares until a threshold is reached, then combines them. */
import { timingSafeEqual } from "node:crypto";
import { combineShares } from "./key-share.js";

export class ShareCollector {
  private parts: Buffer[] = [];

  get size(): number {
    return this.parts.length;
  }

  /** True if this exact share was already given (constant-time comparison). */
  has(share: Uint8Array): boolean {
    let found = false;
    for (const p of this.parts) {
      if (p.length === share.length && timingSafeEqual(p, share)) found = true;
    }
    return found;
  }

  /** Keeps a copy of `share`. */
  add(share: Uint8Array): void {
    const copy = Buffer.alloc(share.length);
    copy.set(share);
    this.parts.push(copy);
  }

  /** Combines the collected shares and empties the collector, whatever the outcome. */
  async combine(totalShares: number): Promise<Buffer | null> {
    const parts = this.parts;
    this.parts = [];
    try {
      return await combineShares(parts, totalShares);
    } finally {
      for (const p of parts) p.fill(0);
    }
  }

  /** Zeroes and forgets every share. */
  clear(): void {
    for (const p of this.parts) p.fill(0);
    this.parts = [];
  }
}
