import assert from "node:assert/strict";
import { test } from "node:test";
import {
  base32Decode,
  base32Encode,
  matchingStep,
  otpauthUrl,
  type TotpParams,
  totpAt,
} from "../../../src/engines/identity/mfa/totp.js";

const seed = (text: string) => base32Encode(Buffer.from(text, "ascii"));
const SHA1 = seed("12345678901234567890");
const SHA256 = seed("12345678901234567890123456789012");
const SHA512 = seed("1234567890123456789012345678901234567890123456789012345678901234");
const p = (algorithm: TotpParams["algorithm"]): TotpParams => ({ algorithm, digits: 8, period: 30, skew: 0 });

test("RFC 6238 appendix B test vectors", () => {
  const vectors: Array<[number, string, string, string]> = [
    [59, "94287082", "46119246", "90693936"],
    [1111111109, "07081804", "68084774", "25091201"],
    [1234567890, "89005924", "91819424", "93441116"],
    [20000000000, "65353130", "77737706", "47863826"],
  ];
  for (const [t, s1, s256, s512] of vectors) {
    assert.equal(totpAt(SHA1, t * 1000, p("SHA1")), s1);
    assert.equal(totpAt(SHA256, t * 1000, p("SHA256")), s256);
    assert.equal(totpAt(SHA512, t * 1000, p("SHA512")), s512);
  }
});

test("base32 round-trips and refuses foreign characters", () => {
  const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255, 17]);
  assert.deepEqual(base32Decode(base32Encode(bytes)), bytes);
  assert.throws(() => base32Decode("AB1C"));
});

test("a code matches its step and the skew either side, nothing else; malformed codes never match", () => {
  const params: TotpParams = { algorithm: "SHA1", digits: 6, period: 30, skew: 1 };
  const t = 1_700_000_000_000;
  const now = totpAt(SHA1, t, params);
  assert.equal(matchingStep(SHA1, now, t, params), Math.floor(t / 30_000));
  assert.notEqual(matchingStep(SHA1, totpAt(SHA1, t - 30_000, params), t, params), null);
  assert.notEqual(matchingStep(SHA1, totpAt(SHA1, t + 30_000, params), t, params), null);
  assert.equal(matchingStep(SHA1, totpAt(SHA1, t - 60_000, params), t, { ...params, skew: 0 }), null);
  assert.equal(matchingStep(SHA1, totpAt(SHA1, t - 90_000, params), t, params), null);
  for (const bad of ["", "12345", "1234567", "12a456", ` ${now.slice(1)}`]) {
    assert.equal(matchingStep(SHA1, bad, t, params), null, bad);
  }
});

test("otpauth URL carries issuer, account and parameters", () => {
  const url = otpauthUrl("JBSWY3DPEHPK3PXP", "Acme Co", "ent-1", {
    algorithm: "SHA256",
    digits: 8,
    period: 60,
    skew: 1,
  });
  assert.equal(
    url,
    "otpauth://totp/Acme%20Co:ent-1?algorithm=SHA256&digits=8&issuer=Acme+Co&period=60&secret=JBSWY3DPEHPK3PXP",
  );
});
