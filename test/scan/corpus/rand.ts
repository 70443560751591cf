import { createHash } from "node:crypto";

/**
 * A seeded random source for the labelled corpus: every true positive is generated at test
 * time (no realistic secret is ever committed), and a fixed seed keeps runs reproducible.
 */
export const ALPHABETS = {
  alnum: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  lower: "abcdefghijklmnopqrstuvwxyz",
  letters: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  lowerAlnum: "0123456789abcdefghijklmnopqrstuvwxyz",
  upperAlnum: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  hex: "0123456789abcdef",
  upperHex: "0123456789ABCDEF",
  digits: "0123456789",
  base32: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
  b64: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  b64url: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
} as const;

export class Rand {
  private counter = 0;
  private pool = Buffer.alloc(0);
  private at = 0;

  constructor(private readonly seed: string) {}

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      if (this.at >= this.pool.length) {
        this.pool = createHash("sha256")
          .update(`${this.seed}:${this.counter++}`)
          .digest();
        this.at = 0;
      }
      out[i] = this.pool[this.at++];
    }
    return out;
  }

  int(max: number): number {
    return this.bytes(6).readUIntBE(0, 6) % max;
  }

  /** `n` characters of `alphabet`, uniformly. */
  str(n: number, alphabet: string = ALPHABETS.alnum): string {
    let out = "";
    while (out.length < n) {
      const b = this.bytes(1)[0];
      if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
    }
    return out;
  }

  hex(n: number): string {
    return this.str(n, ALPHABETS.hex);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }

  base64(n: number): string {
    return this.bytes(n).toString("base64");
  }

  base64url(n: number): string {
    return this.bytes(n).toString("base64url");
  }
}

/** Changes one character of `text` at `index` to another character of `alphabet`. */
export function mutate(text: string, index: number, alphabet: string = ALPHABETS.alnum): string {
  const i = index < 0 ? text.length + index : index;
  const c = text[i];
  const next = alphabet[(alphabet.indexOf(c) + 1) % alphabet.length];
  return text.slice(0, i) + next + text.slice(i + 1);
}
