import assert from "node:assert/strict";
import { test } from "node:test";
import { awsAccountFromKeyId, isPlausibleAwsKeyId } from "../../src/scan/validate/aws.js";
import { decodeBase62, encodeBase62 } from "../../src/scan/validate/base62.js";
import { isValidBech32 } from "../../src/scan/validate/bech32.js";
import {
  checksumSuffix,
  hasValidCrcSuffix,
  isCofreToken,
  makeCofreToken,
} from "../../src/scan/validate/checksum-tokens.js";
import { crc32 } from "../../src/scan/validate/crc32.js";
import { checkJwt } from "../../src/scan/validate/jwt.js";
import { checkDerKey, checkOpenSshKey, crc24 } from "../../src/scan/validate/pem.js";
import { opensshKeyPem, rsaKeyPem } from "./corpus/makers.js";
import { mutate, Rand } from "./corpus/rand.js";

test("CRC-32 and CRC-24 match their published check values", () => {
  assert.equal(crc32("123456789"), 0xcbf43926);
  assert.equal(crc32(""), 0);
  assert.equal(crc24(new Uint8Array(0)), 0xb704ce);
});

test("base62 round-trips and pads the way GitHub and npm checksums need", () => {
  assert.equal(encodeBase62(0, 6), "000000");
  assert.equal(encodeBase62(61, 2), "0z");
  assert.equal(encodeBase62(62, 1), "10");
  assert.equal(decodeBase62(encodeBase62(0xffffffff, 6)), 0xffffffff);
  assert.equal(decodeBase62("a-b"), -1);
});

test("a CRC suffix validates only the token it was computed for", () => {
  const r = new Rand("validate");
  const random = r.str(30);
  const token = `ghp_${random}${checksumSuffix(random)}`;
  assert.ok(hasValidCrcSuffix(token, 4));
  assert.ok(!hasValidCrcSuffix(mutate(token, 10), 4), "a changed random part fails");
  assert.ok(!hasValidCrcSuffix(mutate(token, -1), 4), "a changed checksum fails");
});

test("cofre tokens carry a checksum Vault's random tokens lack", () => {
  const r = new Rand("cofre-token");
  const token = makeCofreToken(r.str(18));
  assert.match(token, /^hvs\.[0-9A-Za-z]{24}$/);
  assert.ok(isCofreToken(token));
  assert.ok(!isCofreToken(`hvs.${r.str(24)}`));
  assert.ok(!isCofreToken(`${token}x`));
});

test("AWS key ids decode to their account number", () => {
  // A published example id, split so that no scanner sees a key id in this file.
  const published = ["ASIA", "Y34FZKBOKMUTVV7A"].join("");
  assert.equal(awsAccountFromKeyId(published), 609629065308);
  assert.ok(isPlausibleAwsKeyId(published));
  assert.ok(!isPlausibleAwsKeyId("AKIA7777777777777777"), "an account number beyond 12 digits");
  assert.equal(awsAccountFromKeyId("AKIA1234"), null);
});

test("bech32 accepts valid strings and rejects a changed character or mixed case", () => {
  assert.ok(isValidBech32("A12UEL5L"));
  assert.ok(isValidBech32("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"));
  assert.ok(!isValidBech32("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx"));
  assert.ok(!isValidBech32("A12uEL5L"));
});

test("JWTs need JSON header and payload; unsigned ones are low confidence", () => {
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const sig = Buffer.alloc(32, 7).toString("base64url");
  assert.equal(checkJwt(`${part({ alg: "RS256" })}.${part({ sub: "1" })}.${sig}`), "high");
  assert.equal(checkJwt(`${part({ alg: "none" })}.${part({ sub: "1" })}.${sig}`), "low");
  assert.equal(checkJwt(`${part({ typ: "JWT" })}.${part({ sub: "1" })}.${sig}`), null, "no alg");
  assert.equal(checkJwt(`eyJub3Rqc29u.${part({ sub: "1" })}.${sig}`), null, "header is not JSON");
});

test("key blocks are checked for the structure their label promises", () => {
  const inner = (pem: string) => pem.split("\n").slice(1, -1).join("\n");
  assert.equal(checkDerKey(inner(rsaKeyPem()), false), "high");
  assert.equal(checkDerKey(Buffer.alloc(80, 1).toString("base64"), false), null);
  assert.equal(checkOpenSshKey(inner(opensshKeyPem(new Rand("ssh")))), "high");
  assert.equal(checkOpenSshKey(Buffer.alloc(80, 1).toString("base64")), null);
  const pasted = inner(rsaKeyPem())
    .split("\n")
    .map((l) => `"${l}\\n" +`)
    .join("\n");
  assert.equal(checkDerKey(pasted, false), "high", "a key pasted into code as string literals");
});
