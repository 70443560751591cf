/**
 * transit sign/verify/hmac/hash/random over HTTP. Known answers both ways for every signing key
 * type: what cofre signs verifies with node:crypto given the exported public key, and what node
 * signs with the exported private key verifies with cofre.
 */
import assert from "node:assert/strict";
import {
  constants,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
} from "node:crypto";
import { after, before, test } from "node:test";
import { b64, errorsOf, startTransit, type TransitServer, unb64 } from "./helpers.js";

let t: TransitServer;
const SIGNING = ["ed25519", "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "rsa-2048", "rsa-3072", "rsa-4096"];
before(async () => {
  t = await startTransit();
  // Generated once per file, concurrently (RSA-4096 takes a while).
  await Promise.all(SIGNING.map((type) => t.ok("POST", `transit/keys/${type}`, { type, exportable: true })));
});
after(() => t.close());

const message = Buffer.from("the quick brown fox");
const sig = (text: string) => text.split(":")[2]!;

async function publicKey(name: string) {
  const exported = (await t.ok("GET", `transit/export/public-key/${name}`)).data.keys["1"] as string;
  if (name !== "ed25519") return createPublicKey(exported);
  return createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: unb64(exported).toString("base64url") },
    format: "jwk",
  });
}

async function privateKey(name: string) {
  const exported = (await t.ok("GET", `transit/export/signing-key/${name}`)).data.keys["1"] as string;
  if (name !== "ed25519") return createPrivateKey(exported);
  const goKey = unb64(exported);
  const jwk = {
    kty: "OKP",
    crv: "Ed25519",
    d: goKey.subarray(0, 32).toString("base64url"),
    x: goKey.subarray(32).toString("base64url"),
  };
  return createPrivateKey({ key: jwk, format: "jwk" });
}

const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO };

test("every signing type: cofre's signature verifies with node, node's verifies with cofre", async () => {
  for (const type of SIGNING) {
    const pub = await publicKey(type);
    const priv = await privateKey(type);
    const read = (await t.ok("GET", `transit/keys/${type}`)).data.keys["1"];
    assert.equal(read.name, type.startsWith("ecdsa") ? `P-${type.slice(7)}` : type);
    const signed = await t.ok("POST", `transit/sign/${type}`, { input: b64(message) });
    assert.equal(signed.data.key_version, 1);
    assert.match(signed.data.signature, /^vault:v1:/);
    const raw = unb64(sig(signed.data.signature));
    const alg = type === "ed25519" ? null : "sha256";
    const key = type.startsWith("rsa") ? { key: pub, ...pss } : pub;
    assert.ok(verify(alg, message, key, raw), `${type}: node verifies cofre's signature`);
    assert.ok(!verify(alg, Buffer.from("other"), key, raw));

    const mine = sign(alg, message, type.startsWith("rsa") ? { key: priv, ...pss } : priv);
    const body = { input: b64(message), signature: `vault:v1:${b64(mine)}` };
    assert.equal(
      (await t.ok("POST", `transit/verify/${type}`, body)).data.valid,
      true,
      `${type}: cofre verifies node's`,
    );
    const wrong = { ...body, input: b64("other") };
    assert.equal((await t.ok("POST", `transit/verify/${type}`, wrong)).data.valid, false);
  }
});

test("ECDSA: hash algorithms, jws marshaling and prehashed digests, checked with node", async () => {
  const pub = await publicKey("ecdsa-p384");
  for (const [vault, node] of [
    ["sha2-512", "sha512"],
    ["sha3-256", "sha3-256"],
    ["sha1", "sha1"],
  ]) {
    const s = await t.ok("POST", `transit/sign/ecdsa-p384/${vault}`, { input: b64(message) });
    assert.ok(verify(node!, message, pub, unb64(sig(s.data.signature))), vault);
    const v = await t.ok("POST", "transit/verify/ecdsa-p384", {
      input: b64(message),
      signature: s.data.signature,
      hash_algorithm: vault,
    });
    assert.equal(v.data.valid, true);
  }
  const jws = await t.ok("POST", "transit/sign/ecdsa-p384", {
    input: b64(message),
    marshaling_algorithm: "jws",
  });
  const jwsSig = Buffer.from(sig(jws.data.signature), "base64url");
  assert.equal(jwsSig.length, 96);
  assert.ok(verify("sha256", message, { key: pub, dsaEncoding: "ieee-p1363" }, jwsSig));
  const jwsVerify = { input: b64(message), signature: jws.data.signature, marshaling_algorithm: "jws" };
  assert.equal((await t.ok("POST", "transit/verify/ecdsa-p384", jwsVerify)).data.valid, true);

  const digest = createHash("sha384").update(message).digest();
  const pre = await t.ok("POST", "transit/sign/ecdsa-p384", { input: b64(digest), prehashed: true });
  assert.ok(verify("sha384", message, pub, unb64(sig(pre.data.signature))), "prehashed digest signed as is");
  const nodeSig = sign("sha384", message, await privateKey("ecdsa-p384"));
  const preVerify = { input: b64(digest), prehashed: true, signature: `vault:v1:${b64(nodeSig)}` };
  assert.equal((await t.ok("POST", "transit/verify/ecdsa-p384", preVerify)).data.valid, true);
  const extra = {
    input: b64(message),
    signature: `vault:v1:${b64(Buffer.concat([nodeSig, Buffer.from([0])]))}`,
  };
  assert.deepEqual(errorsOf(await t.call("POST", "transit/verify/ecdsa-p384", extra)), [
    "supplied signature contains extra data",
  ]);
});

test("RSA: pss salt lengths, pkcs1v15, prehashed and hash_algorithm=none, checked with node", async () => {
  const pub = await publicKey("rsa-2048");
  const priv = await privateKey("rsa-2048");
  const hashSalt = await t.ok("POST", "transit/sign/rsa-2048", { input: b64(message), salt_length: "hash" });
  const exact = { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
  assert.ok(verify("sha256", message, exact, unb64(sig(hashSalt.data.signature))));
  const v1 = await t.ok("POST", "transit/sign/rsa-2048", {
    input: b64(message),
    signature_algorithm: "pkcs1v15",
  });
  assert.ok(verify("sha256", message, pub, unb64(sig(v1.data.signature))));
  const digest = createHash("sha512").update(message).digest();
  for (const signature_algorithm of ["pss", "pkcs1v15"]) {
    const body = { input: b64(digest), prehashed: true, hash_algorithm: "sha2-512", signature_algorithm };
    const s = await t.ok("POST", "transit/sign/rsa-2048", body);
    const key = signature_algorithm === "pss" ? { key: pub, ...pss } : pub;
    assert.ok(verify("sha512", message, key, unb64(sig(s.data.signature))), signature_algorithm);
    const theirs = sign("sha512", message, signature_algorithm === "pss" ? { key: priv, ...pss } : priv);
    const v = await t.ok("POST", "transit/verify/rsa-2048", {
      ...body,
      signature: `vault:v1:${b64(theirs)}`,
    });
    assert.equal(v.data.valid, true);
  }
  // none: the caller supplies the whole DigestInfo; the result is a plain PKCS#1 v1.5 signature.
  const info = Buffer.concat([
    Buffer.from("3031300d060960864801650304020105000420", "hex"),
    createHash("sha256").update(message).digest(),
  ]);
  const none = { input: b64(info), prehashed: true, hash_algorithm: "none", signature_algorithm: "pkcs1v15" };
  const noneSig = await t.ok("POST", "transit/sign/rsa-2048", none);
  assert.ok(verify("sha256", message, pub, unb64(sig(noneSig.data.signature))));
  const refused = await t.call("POST", "transit/sign/rsa-2048", { input: b64(info), hash_algorithm: "none" });
  assert.deepEqual(errorsOf(refused), [
    "hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15",
  ]);
  const badSalt = await t.call("POST", "transit/sign/rsa-2048", { input: b64(message), salt_length: "9999" });
  assert.deepEqual(errorsOf(badSalt), ["requested salt length 9999 is invalid"]);
  const shortDigest = await t.call("POST", "transit/sign/rsa-2048", { input: b64("abc"), prehashed: true });
  assert.equal(shortDigest.status, 400);
});

test("derived ed25519: the signing key comes from the context and its public key is returned", async () => {
  await t.ok("POST", "transit/keys/ed-derived", { type: "ed25519", derived: true });
  const context = b64("device-9");
  const s = await t.ok("POST", "transit/sign/ed-derived", { input: b64(message), context });
  const pubRaw = unb64(s.data.public_key);
  const pub = createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: pubRaw.toString("base64url") },
    format: "jwk",
  });
  assert.ok(verify(null, message, pub, unb64(sig(s.data.signature))));
  const read = await t.ok("GET", `transit/keys/ed-derived?context=${encodeURIComponent(context)}`);
  assert.equal(read.data.keys["1"].public_key, s.data.public_key);
  assert.equal((await t.ok("GET", "transit/keys/ed-derived")).data.keys["1"].public_key, "");
  const verified = await t.ok("POST", "transit/verify/ed-derived", {
    input: b64(message),
    context,
    signature: s.data.signature,
  });
  assert.equal(verified.data.valid, true);
  const otherCtx = { input: b64(message), context: b64("device-10"), signature: s.data.signature };
  assert.equal((await t.ok("POST", "transit/verify/ed-derived", otherCtx)).data.valid, false);
  const noCtx = await t.call("POST", "transit/sign/ed-derived", { input: b64(message) });
  assert.match(errorsOf(noCtx)[0]!, /^missing 'context' for key derivation/);
});

test("signature versions follow rotation and min_decryption_version; bad requests are 400s", async () => {
  await t.ok("POST", "transit/keys/rotsig", { type: "ecdsa-p256" });
  const old = (await t.ok("POST", "transit/sign/rotsig", { input: b64(message) })).data.signature;
  await t.ok("POST", "transit/keys/rotsig/rotate");
  const fresh = await t.ok("POST", "transit/sign/rotsig", { input: b64(message) });
  assert.equal(fresh.data.key_version, 2);
  assert.equal(
    (await t.ok("POST", "transit/verify/rotsig", { input: b64(message), signature: old })).data.valid,
    true,
  );
  await t.ok("POST", "transit/keys/rotsig/config", { min_decryption_version: 2 });
  const tooOld = await t.call("POST", "transit/verify/rotsig", { input: b64(message), signature: old });
  assert.deepEqual(errorsOf(tooOld), ["ciphertext or signature version is disallowed by policy (too old)"]);
  await t.ok("POST", "transit/keys/aes-only", {});
  const cases: [string, Record<string, unknown>, string][] = [
    ["sign/nokey", { input: b64(message) }, "signing key not found"],
    ["verify/nokey", { input: b64(message), signature: old }, "signature verification key not found"],
    ["sign/aes-only", { input: b64(message) }, "key type aes256-gcm96 does not support signing"],
    ["sign/rotsig", { input: b64(message), hash_algorithm: "md5" }, 'invalid hash algorithm "md5"'],
    ["sign/rotsig", { input: b64(message), marshaling_algorithm: "xml" }, 'invalid marshaling type "xml"'],
    ["sign/rotsig", { input: "!!" }, "unable to decode input as base64"],
    ["sign/rotsig", { input: b64(message), key_version: 7 }, "higher than the latest key version"],
    ["verify/rotsig", { input: b64(message), signature: "vault:v2:@@" }, "invalid base64 signature value"],
    [
      "verify/rotsig",
      { input: b64(message), signature: "vault:v5:AAAA" },
      "invalid signature: version is too new",
    ],
    ["verify/rotsig", { input: b64(message) }, "neither a 'signature' nor an 'hmac' were given to verify"],
    [
      "verify/rotsig",
      { input: b64(message), signature: old, hmac: "vault:v1:AA==" },
      "provide one of 'signature' or 'hmac'",
    ],
    [
      "sign/ed25519",
      { input: b64(message), prehashed: true },
      "prehashed input is not supported for ed25519 keys",
    ],
  ];
  for (const [path, body, text] of cases) {
    const r = await t.call("POST", `transit/${path}`, body);
    assert.equal(r.status, 400, `${path}: ${r.text}`);
    assert.ok(errorsOf(r)[0]?.includes(text), `${path}: ${errorsOf(r)[0]} should say ${text}`);
  }
});

test("batch sign and verify: bad items fail alone", async () => {
  const s = await t.ok("POST", "transit/sign/ecdsa-p256", {
    batch_input: [{ input: b64("a"), reference: "A" }, { input: "%%", reference: "B" }, { reference: "C" }],
  });
  const [a, b, c] = s.data.batch_results;
  assert.match(a.signature, /^vault:v1:/);
  assert.equal(a.reference, "A");
  assert.match(b.error, /unable to decode input as base64/);
  assert.deepEqual(c, { key_version: 0, error: "missing input", reference: "C" });
  const v = await t.ok("POST", "transit/verify/ecdsa-p256", {
    batch_input: [
      { input: b64("a"), signature: a.signature, reference: "ok" },
      { input: b64("b"), signature: a.signature },
      { input: b64("a"), signature: "garbage" },
    ],
  });
  assert.deepEqual(v.data.batch_results[0], { valid: true, reference: "ok" });
  assert.deepEqual(v.data.batch_results[1], { valid: false, reference: "" });
  assert.deepEqual(v.data.batch_results[2], {
    valid: false,
    error: "invalid signature: no prefix",
    reference: "",
  });
  const mixed = await t.call("POST", "transit/verify/ecdsa-p256", {
    batch_input: [
      { input: b64("a"), signature: a.signature },
      { input: b64("a"), hmac: "vault:v1:AA==" },
    ],
  });
  assert.deepEqual(errorsOf(mixed), [
    "elements of batch_input must all provide 'signature' or all provide 'hmac'",
  ]);
});

test("hmac: node computes the same HMAC with the exported hmac key; verify checks it", async () => {
  await t.ok("POST", "transit/keys/mac-aes", { exportable: true });
  await t.ok("POST", "transit/keys/mac-hmac", { type: "hmac", key_size: 48, exportable: true });
  for (const name of ["mac-aes", "mac-hmac", "ed25519"]) {
    const key = unb64((await t.ok("GET", `transit/export/hmac-key/${name}`)).data.keys["1"]);
    assert.equal(key.length, name === "mac-hmac" ? 48 : 32);
    const mac = await t.ok("POST", `transit/hmac/${name}/sha2-512`, { input: b64(message) });
    assert.equal(mac.data.hmac, `vault:v1:${createHmac("sha512", key).update(message).digest("base64")}`);
    const ok = { input: b64(message), hmac: mac.data.hmac, algorithm: "sha2-512" };
    assert.equal((await t.ok("POST", `transit/verify/${name}`, ok)).data.valid, true);
    assert.equal(
      (await t.ok("POST", `transit/verify/${name}`, { ...ok, input: b64("x") })).data.valid,
      false,
    );
    assert.equal((await t.ok("POST", `transit/verify/${name}/sha2-256`, ok)).data.valid, false);
  }
  const batch = await t.ok("POST", "transit/hmac/mac-aes", {
    batch_input: [{ input: b64("1") }, { input: "?" }],
  });
  assert.match(batch.data.batch_results[0].hmac, /^vault:v1:/);
  assert.match(batch.data.batch_results[1].error, /unable to decode input as base64/);
  assert.deepEqual(errorsOf(await t.call("POST", "transit/hmac/mac-aes", {})), ["missing input for HMAC"]);
  assert.deepEqual(errorsOf(await t.call("POST", "transit/hmac/mac-aes/md5", { input: b64("1") })), [
    "unsupported algorithm md5",
  ]);
  const bad = await t.call("POST", "transit/verify/mac-aes", { input: b64("1"), hmac: "v1:abc" });
  assert.deepEqual(errorsOf(bad), ["invalid HMAC to verify: no prefix"]);
});

test("hash and random", async () => {
  const data = Buffer.from("hash me");
  for (const [vault, node] of [
    ["sha2-256", "sha256"],
    ["sha2-224", "sha224"],
    ["sha3-512", "sha3-512"],
  ]) {
    const r = await t.ok("POST", `transit/hash/${vault}`, { input: b64(data) });
    assert.equal(r.data.sum, createHash(node!).update(data).digest("hex"));
  }
  const asB64 = await t.ok("POST", "transit/hash", {
    input: b64(data),
    algorithm: "sha2-384",
    format: "base64",
  });
  assert.equal(asB64.data.sum, createHash("sha384").update(data).digest("base64"));
  assert.deepEqual(errorsOf(await t.call("POST", "transit/hash", {})), ["input missing"]);
  assert.equal((await t.call("POST", "transit/hash/sha1", { input: b64(data) })).status, 400);
  assert.equal((await t.call("POST", "transit/hash", { input: b64(data), format: "raw" })).status, 400);

  assert.equal(unb64((await t.ok("POST", "transit/random", {})).data.random_bytes).length, 32);
  assert.match(
    (await t.ok("POST", "transit/random/16", { format: "hex" })).data.random_bytes,
    /^[0-9a-f]{32}$/,
  );
  assert.equal(unb64((await t.ok("POST", "transit/random/all/8", {})).data.random_bytes).length, 8);
  assert.equal(unb64((await t.ok("POST", "transit/random/seal", { bytes: 5 })).data.random_bytes).length, 5);
  assert.deepEqual(errorsOf(await t.call("POST", "transit/random", { bytes: 0 })), [
    '"bytes" cannot be less than 1',
  ]);
  assert.equal((await t.call("POST", "transit/random/200000", {})).status, 400);
  assert.equal((await t.call("POST", "transit/random/moon/8", {})).status, 400);
});
