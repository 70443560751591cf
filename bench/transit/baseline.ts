/**
 * The in-process baseline: node:crypto AES-256-GCM encrypt and decrypt of the same 1 KiB, with a
 * random 96-bit nonce per encryption and Vault's nonce || ciphertext || tag layout, as cofre does.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

export function seal(key: Buffer, plaintext: Buffer): Buffer {
  const nonce = randomBytes(12);
  const c = createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([nonce, body, c.getAuthTag()]);
}

export function open(key: Buffer, sealed: Buffer): Buffer {
  const d = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12));
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
}

/** Runs `op` in a loop for `seconds`; returns operations and the seconds it really took. */
export function timeLoop(seconds: number, op: (i: number) => void): { ops: number; seconds: number } {
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let ops = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 256; i++) op(ops + i);
    ops += 256;
    now = process.hrtime.bigint();
  }
  return { ops, seconds: Number(now - start) / 1e9 };
}
