/** Known answers for the transit engine's hand-written primitives, checked against node:crypto. */
import assert from "node:assert/strict";
import {
  constants,
  createECDH,
  createHash,
  generateKeyPair,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { before, test } from "node:test";
import { promisify } from "node:util";
import { hkdfSha256 } from "../../../src/engines/transit/aead.js";
import { decodeBase64, decodeBase64Url } from "../../../src/engines/transit/b64.js";
import { parseVersioned } from "../../../src/engines/transit/ciphertext.js";
import {
  bigIntToBytes,
  bytesToBigInt,
  CURVES,
  onCurve,
  signDigest,
  verifyDigest,
} from "../../../src/engines/transit/ec-math.js";
import { digestInfoPrefix } from "../../../src/engines/transit/hashes.js";
import { pssSignDigest, pssVerifyDigest } from "../../../src/engines/transit/rsa-padding.js";

let rsa: { privateKey: KeyObject; publicKey: KeyObject };
before(async () => {
  rsa = await promisify(generateKeyPair)("rsa", { modulusLength: 2048 });
});

test("base64 is Go's strict standard encoding", () => {
  assert.equal(decodeBase64("aGk=").toString(), "hi");
  assert.equal(decodeBase64("aG\r\nk=").toString(), "hi");
  assert.equal(decodeBase64("").length, 0);
  assert.equal(decodeBase64("YQ==").toString(), "a");
  const random = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7919) % 256));
  for (let n = 0; n < 300; n += 37)
    assert.deepEqual(decodeBase64(random.subarray(0, n).toString("base64")), random.subarray(0, n));
  for (const bad of [
    "aGk",
    "a Gk=",
    "aGk=aGk=",
    "aGl=",
    "aG-k",
    "aG_k",
    "====",
    "a===",
    "aG=k",
    "aGk\u00e9",
    "YQ==" + "x",
  ]) {
    assert.throws(() => decodeBase64(bad), /illegal base64 data at input byte \d+/, bad);
  }
  assert.equal(decodeBase64Url("aGk").toString(), "hi");
  assert.throws(() => decodeBase64Url("aGk="), /invalid base64 signature value/);
});

test("HKDF-SHA256 matches node's, and takes contexts longer than node's 1024-byte limit", () => {
  const ikm = Buffer.alloc(32, 7);
  const info = Buffer.from("tenant-42");
  for (const len of [16, 32, 48, 64]) {
    assert.deepEqual(
      hkdfSha256(ikm, info, len),
      Buffer.from(hkdfSync("sha256", ikm, Buffer.alloc(0), info, len)),
    );
  }
  assert.equal(hkdfSha256(ikm, Buffer.alloc(5000, 1), 32).length, 32);
});

test("ciphertext prefix parsing", () => {
  assert.deepEqual(parseVersioned("vault:v12:abc", "ciphertext"), { version: 12, payload: "abc" });
  assert.throws(() => parseVersioned("vault:12:abc", "ciphertext"), /invalid ciphertext: no prefix/);
  assert.throws(() => parseVersioned("vault:v12", "ciphertext"), /wrong number of fields/);
  assert.throws(
    () => parseVersioned("vault:vX:abc", "signature"),
    /invalid signature: version number could not/,
  );
});

test("curve constants: G is on the curve and is OpenSSL's generator, n is its order", () => {
  for (const c of Object.values(CURVES)) {
    assert.ok(onCurve(c, c.gx, c.gy));
    const one = createECDH(c.openssl);
    one.setPrivateKey(bigIntToBytes(1n, c.size));
    assert.deepEqual(one.getPublicKey().subarray(1, 1 + c.size), bigIntToBytes(c.gx, c.size));
    const minusOne = createECDH(c.openssl);
    minusOne.setPrivateKey(bigIntToBytes(c.n - 1n, c.size));
    assert.deepEqual(minusOne.getPublicKey().subarray(1, 1 + c.size), bigIntToBytes(c.gx, c.size));
  }
});

test("ECDSA over a digest: our signatures verify with node, node's verify with ours", () => {
  for (const [name, c] of Object.entries(CURVES)) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: name });
    const jwk = privateKey.export({ format: "jwk" });
    const d = bytesToBigInt(Buffer.from(jwk.d!, "base64url"));
    const q = {
      x: bytesToBigInt(Buffer.from(jwk.x!, "base64url")),
      y: bytesToBigInt(Buffer.from(jwk.y!, "base64url")),
    };
    for (const hash of ["sha256", "sha512"]) {
      const message = Buffer.from(`message for ${name} ${hash}`);
      const digest = createHash(hash).update(message).digest();
      const ours = signDigest(c, d, digest);
      const p1363 = Buffer.concat([bigIntToBytes(ours.r, c.size), bigIntToBytes(ours.s, c.size)]);
      assert.ok(
        verify(hash, message, { key: publicKey, dsaEncoding: "ieee-p1363" }, p1363),
        `${name} ${hash}`,
      );
      const theirs = sign(hash, message, { key: privateKey, dsaEncoding: "ieee-p1363" });
      const r = bytesToBigInt(theirs.subarray(0, c.size));
      const s = bytesToBigInt(theirs.subarray(c.size));
      assert.ok(verifyDigest(c, q, digest, r, s));
      assert.ok(!verifyDigest(c, q, digest, r, s + 1n));
      assert.ok(!verifyDigest(c, q, createHash(hash).update("other").digest(), r, s));
    }
  }
});

test("RSA-PSS over a digest: our signatures verify with node, node's verify with ours", () => {
  const message = Buffer.from("pss message");
  const digest = createHash("sha256").update(message).digest();
  const ours = pssSignDigest(rsa.privateKey, 2048, "sha2-256", digest, 222);
  const padding = constants.RSA_PKCS1_PSS_PADDING;
  assert.ok(verify("sha256", message, { key: rsa.publicKey, padding, saltLength: 222 }, ours));
  for (const saltLength of [0, 32, 222]) {
    const theirs = sign("sha256", message, { key: rsa.privateKey, padding, saltLength });
    assert.ok(pssVerifyDigest(rsa.publicKey, 2048, "sha2-256", digest, theirs, "auto"));
    assert.ok(pssVerifyDigest(rsa.publicKey, 2048, "sha2-256", digest, theirs, saltLength));
    assert.ok(!pssVerifyDigest(rsa.publicKey, 2048, "sha2-256", digest, theirs, saltLength + 1));
  }
  const flipped = Buffer.from(ours);
  flipped[10]! ^= 1;
  assert.ok(!pssVerifyDigest(rsa.publicKey, 2048, "sha2-256", digest, flipped, "auto"));
});

test("DigestInfo prefixes are the DER ones of RFC 8017", () => {
  assert.equal(digestInfoPrefix("sha2-256").toString("hex"), "3031300d060960864801650304020105000420");
  assert.equal(digestInfoPrefix("sha1").toString("hex"), "3021300906052b0e03021a05000414");
  assert.equal(digestInfoPrefix("sha2-512").toString("hex"), "3051300d060960864801650304020305000440");
});
