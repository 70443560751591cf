/**
 * Password hashing with scrypt (memory-hard). The parameters are stored with each hash so they can
 * be raised later without breaking old records. Verification compares in constant time.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { InvalidRequestError } from "../../errors.js";

export interface PasswordHash {
  alg: "scrypt";
  /** log2 of the CPU/memory cost N. */
  logN: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
  /** base64 */
  hash: string;
}

const PARAMS = { logN: 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
/** Longest password accepted, in bytes (hashing cost must not grow with hostile input). */
export const MAX_PASSWORD_BYTES = 1024;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    // scrypt needs 128 * N * r bytes; the default maxmem (32 MiB) is just below N=2^15, r=8.
    scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export function checkPasswordInput(password: string): void {
  if (password === "") throw new InvalidRequestError("missing password");
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) {
    throw new InvalidRequestError(`password is longer than ${MAX_PASSWORD_BYTES} bytes`);
  }
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS.logN, PARAMS.r, PARAMS.p);
  return { alg: "scrypt", ...PARAMS, salt: salt.toString("base64"), hash: key.toString("base64") };
}

/** True if `password` matches; takes the same time whatever the answer. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, "base64");
  const key = await derive(password, Buffer.from(stored.salt, "base64"), stored.logN, stored.r, stored.p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<PasswordHash> | undefined;

/** A hash of a random password, to verify against when the user does not exist (same cost). */
export function dummyPasswordHash(): Promise<PasswordHash> {
  dummy ??= hashPassword(randomBytes(24).toString("base64"));
  return dummy;
}
