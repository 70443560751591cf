/**
 * AWS access key ids: a four-letter type prefix and 16 base32 characters (A-Z, 2-7) that encode
 * the owning account number. An id whose decoded account number is not a 12-digit account cannot
 * have been issued by AWS.
 */
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function awsAccountFromKeyId(keyId: string): number | null {
  if (!/^[A-Z]{4}[A-Z2-7]{16}$/.test(keyId)) return null;
  // 10 base32 characters = 50 bits; the account id sits in bits 40..1 of the first 48 (6 bytes).
  let bits = 0n;
  for (const c of keyId.slice(4, 14)) bits = (bits << 5n) | BigInt(BASE32.indexOf(c));
  const first48 = bits >> 2n;
  return Number((first48 & 0x7fffffffff80n) >> 7n);
}

export function isPlausibleAwsKeyId(keyId: string): boolean {
  const account = awsAccountFromKeyId(keyId);
  return account !== null && account < 1e12;
}

/** Encodes an account number into a key id body (for tests): 16 base32 chars after the prefix. */
export function awsKeyIdBodyFor(account: number, randomTail: string): string {
  const first48 = BigInt(account) << 7n;
  const bits = first48 << 2n;
  let out = "";
  for (let i = 9; i >= 0; i--) out += BASE32[Number((bits >> BigInt(5 * i)) & 31n)];
  return out + randomTail.slice(0, 6);
}
