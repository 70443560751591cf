/**
 * transit encrypt/decrypt/rewrap/datakey over HTTP, with known-answer checks: what cofre encrypts,
 * node:crypto decrypts with the exported key (Vault's nonce || ciphertext || tag layout), and
 * the other way round; batches with bad items; every kind of bad input is a 400 that changes nothing.
 */
import assert from "node:assert/strict";
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
} from "node:crypto";
import { after, before, test } from "node:test";
import { b64, errorsOf, startTransit, type TransitServer, unb64 } from "./helpers.js";

let t: TransitServer;
before(async () => {
  t = await startTransit();
});
after(() => t.close());

const CIPHERS = {
  "aes128-gcm96": "aes-128-gcm",
  "aes256-gcm96": "aes-256-gcm",
  "chacha20-poly1305": "chacha20-poly1305",
} as const;

function localOpen(cipher: string, key: Buffer, sealed: Buffer, aad?: Buffer): Buffer {
  const d = createDecipheriv(cipher as "aes-256-gcm", key, sealed.subarray(0, 12), { authTagLength: 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  if (aad) d.setAAD(aad);
  return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
}

function localSeal(cipher: string, key: Buffer, plaintext: Buffer, nonce = randomBytes(12)): Buffer {
  const c = createCipheriv(cipher as "aes-256-gcm", key, nonce, { authTagLength: 16 });
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([nonce, body, c.getAuthTag()]);
}

const payload = (ciphertext: string) => unb64(ciphertext.split(":")[2]!);

async function exportedKey(name: string, version = 1): Promise<Buffer> {
  return unb64((await t.ok("GET", `transit/export/encryption-key/${name}`)).data.keys[String(version)]);
}

test("each AEAD type: cofre's ciphertext opens with node:crypto and the exported key, and back", async () => {
  for (const [type, cipher] of Object.entries(CIPHERS)) {
    const name = `aead-${type}`;
    await t.ok("POST", `transit/keys/${name}`, { type, exportable: true });
    const key = await exportedKey(name);
    assert.equal(key.length, type === "aes128-gcm96" ? 16 : 32);
    const plaintext = randomBytes(1024);
    const enc = await t.ok("POST", `transit/encrypt/${name}`, { plaintext: b64(plaintext) });
    assert.match(enc.data.ciphertext, /^vault:v1:[A-Za-z0-9+/]+=*$/);
    assert.equal(enc.data.key_version, 1);
    assert.deepEqual(localOpen(cipher, key, payload(enc.data.ciphertext)), plaintext, type);
    const mine = `vault:v1:${b64(localSeal(cipher, key, Buffer.from("made by node")))}`;
    const dec = await t.ok("POST", `transit/decrypt/${name}`, { ciphertext: mine });
    assert.equal(unb64(dec.data.plaintext).toString(), "made by node");
    const again = await t.ok("POST", `transit/encrypt/${name}`, { plaintext: b64(plaintext) });
    assert.notEqual(again.data.ciphertext, enc.data.ciphertext, "random nonces");
  }
});

test("derived keys: HKDF-SHA256(key, context); a context is required", async () => {
  await t.ok("POST", "transit/keys/derived", { derived: true, exportable: true });
  const info = await t.ok("GET", "transit/keys/derived");
  assert.equal(info.data.kdf, "hkdf_sha256");
  assert.equal(info.data.convergent_encryption, false);
  const key = await exportedKey("derived");
  const context = Buffer.from("customer-17");
  const enc = await t.ok("POST", "transit/encrypt/derived", {
    plaintext: b64("per tenant"),
    context: b64(context),
  });
  const derivedKey = Buffer.from(hkdfSync("sha256", key, Buffer.alloc(0), context, 32));
  assert.equal(localOpen("aes-256-gcm", derivedKey, payload(enc.data.ciphertext)).toString(), "per tenant");
  const missing = await t.call("POST", "transit/decrypt/derived", { ciphertext: enc.data.ciphertext });
  assert.equal(missing.status, 400);
  assert.match(errorsOf(missing)[0]!, /^missing 'context' for key derivation/);
  const noCtxEnc = await t.call("POST", "transit/encrypt/derived", { plaintext: b64("x") });
  assert.match(errorsOf(noCtxEnc)[0]!, /^missing 'context' for key derivation/);
  const wrong = await t.call("POST", "transit/decrypt/derived", {
    ciphertext: enc.data.ciphertext,
    context: b64("customer-18"),
  });
  assert.deepEqual(errorsOf(wrong), ["cipher: message authentication failed"]);
});

test("convergent encryption: same plaintext and context give the same ciphertext (Vault's v3 nonce)", async () => {
  await t.ok("POST", "transit/keys/conv", { derived: true, convergent_encryption: true, exportable: true });
  assert.equal((await t.ok("GET", "transit/keys/conv")).data.convergent_encryption_version, 3);
  const context = Buffer.from("ssn-index");
  const body = { plaintext: b64("078-05-1120"), context: b64(context) };
  const one = (await t.ok("POST", "transit/encrypt/conv", body)).data.ciphertext;
  const two = (await t.ok("POST", "transit/encrypt/conv", body)).data.ciphertext;
  assert.equal(one, two);
  const other = (await t.ok("POST", "transit/encrypt/conv", { ...body, plaintext: b64("other") })).data
    .ciphertext;
  assert.notEqual(one, other);
  const okm = Buffer.from(hkdfSync("sha256", await exportedKey("conv"), Buffer.alloc(0), context, 64));
  const nonce = createHmac("sha256", okm.subarray(32)).update("078-05-1120").digest().subarray(0, 12);
  assert.deepEqual(payload(one).subarray(0, 12), nonce);
  assert.equal(localOpen("aes-256-gcm", okm.subarray(0, 32), payload(one)).toString(), "078-05-1120");
  const nonceGiven = await t.call("POST", "transit/encrypt/conv", { ...body, nonce: b64(randomBytes(12)) });
  assert.deepEqual(errorsOf(nonceGiven), ["nonce provided when not allowed"]);
});

test("associated_data is authenticated with AEAD keys and refused for RSA", async () => {
  await t.ok("POST", "transit/keys/aad", { exportable: true });
  const aad = Buffer.from("row 7");
  const enc = await t.ok("POST", "transit/encrypt/aad", { plaintext: b64("v"), associated_data: b64(aad) });
  assert.equal(
    localOpen("aes-256-gcm", await exportedKey("aad"), payload(enc.data.ciphertext), aad).toString(),
    "v",
  );
  const without = await t.call("POST", "transit/decrypt/aad", { ciphertext: enc.data.ciphertext });
  assert.deepEqual(errorsOf(without), ["cipher: message authentication failed"]);
  const withIt = { ciphertext: enc.data.ciphertext, associated_data: b64(aad) };
  assert.equal((await t.ok("POST", "transit/decrypt/aad", withIt)).data.plaintext, b64("v"));
  await t.ok("POST", "transit/keys/rsa-enc", { type: "rsa-2048", exportable: true });
  const rsaAad = await t.call("POST", "transit/encrypt/rsa-enc", {
    plaintext: b64("v"),
    associated_data: b64(aad),
  });
  assert.deepEqual(errorsOf(rsaAad), ["associated_data provided for non-AEAD cipher suite rsa-2048"]);
});

test("RSA keys encrypt with OAEP SHA-256: node decrypts with the exported key, and back", async () => {
  await t.ok("POST", "transit/keys/rsa-enc", { type: "rsa-2048", exportable: true });
  const priv = (await t.ok("GET", "transit/export/encryption-key/rsa-enc")).data.keys["1"];
  assert.match(priv, /^-----BEGIN RSA PRIVATE KEY-----\n/);
  const enc = await t.ok("POST", "transit/encrypt/rsa-enc", { plaintext: b64("for rsa") });
  const oaep = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha256" };
  assert.equal(privateDecrypt({ key: priv, ...oaep }, payload(enc.data.ciphertext)).toString(), "for rsa");
  const pub = (await t.ok("GET", "transit/export/public-key/rsa-enc")).data.keys["1"];
  const mine = publicEncrypt({ key: pub, ...oaep }, Buffer.from("to cofre"));
  const dec = await t.ok("POST", "transit/decrypt/rsa-enc", { ciphertext: `vault:v1:${b64(mine)}` });
  assert.equal(unb64(dec.data.plaintext).toString(), "to cofre");
  const tooLong = await t.call("POST", "transit/encrypt/rsa-enc", { plaintext: b64(randomBytes(300)) });
  assert.equal(tooLong.status, 400);
});

test("batch encrypt: bad items get their own error, good ones are done; 400 unless partial_failure_response_code", async () => {
  await t.ok("POST", "transit/keys/batch", {});
  const batch_input = [
    { plaintext: b64("one"), reference: "r1" },
    { plaintext: "not base64!", reference: "r2" },
    { reference: "r3" },
    { plaintext: b64("four"), key_version: 5, reference: "r4" },
    { plaintext: b64("five") },
  ];
  const r = await t.call("POST", "transit/encrypt/batch", { batch_input });
  assert.equal(r.status, 400);
  const results = r.body.data.batch_results;
  assert.equal(results.length, 5);
  assert.match(results[0].ciphertext, /^vault:v1:/);
  assert.equal(results[0].key_version, 1);
  assert.equal(results[0].reference, "r1");
  assert.deepEqual(results[1], { error: "illegal base64 data at input byte 3", reference: "r2" });
  assert.deepEqual(results[2], { error: "missing plaintext to encrypt", reference: "r3" });
  assert.deepEqual(results[3], {
    error: "requested version for encryption is higher than the latest key version",
    reference: "r4",
  });
  assert.equal(results[4].reference, "");
  const dec = await t.ok("POST", "transit/decrypt/batch", {
    batch_input: [
      { ciphertext: results[0].ciphertext },
      { ciphertext: results[4].ciphertext, reference: "x" },
    ],
  });
  assert.deepEqual(
    dec.data.batch_results.map((x: { plaintext: string }) => unb64(x.plaintext).toString()),
    ["one", "five"],
  );
  assert.equal(dec.data.batch_results[1].reference, "x");

  const partial = await t.call("POST", "transit/encrypt/batch", {
    batch_input,
    partial_failure_response_code: 207,
  });
  assert.equal(partial.status, 207);
  assert.equal(partial.body.data.batch_results.length, 5);
  const allBad = await t.call("POST", "transit/encrypt/batch", {
    batch_input: [{ plaintext: "@@@@" }],
    partial_failure_response_code: 207,
  });
  assert.equal(allBad.status, 400, "when every item fails the answer stays 400");
  const mixed = await t.call("POST", "transit/encrypt/batch", {
    batch_input: [{ plaintext: b64("a"), context: b64("c") }, { plaintext: b64("b") }],
  });
  assert.deepEqual(errorsOf(mixed), ["context should be set either in all the request blocks or in none"]);
  assert.deepEqual(errorsOf(await t.call("POST", "transit/encrypt/batch", { batch_input: [] })), [
    "missing batch input to process",
  ]);
});

test("batch decrypt: tampered, foreign and malformed items fail alone", async () => {
  await t.ok("POST", "transit/keys/bd-a", {});
  await t.ok("POST", "transit/keys/bd-b", {});
  const good = (await t.ok("POST", "transit/encrypt/bd-a", { plaintext: b64("good") })).data.ciphertext;
  const foreign = (await t.ok("POST", "transit/encrypt/bd-b", { plaintext: b64("b's") })).data.ciphertext;
  const raw = payload(good);
  raw[14]! ^= 0x01;
  const tampered = `vault:v1:${b64(raw)}`;
  const r = await t.call("POST", "transit/decrypt/bd-a", {
    batch_input: [
      { ciphertext: good },
      { ciphertext: tampered },
      { ciphertext: foreign },
      { ciphertext: "vault:v1:%%%" },
      { ciphertext: "" },
    ],
  });
  assert.equal(r.status, 400);
  const out = r.body.data.batch_results;
  assert.deepEqual(out[0], { plaintext: b64("good"), reference: "" });
  assert.equal(out[1].error, "cipher: message authentication failed");
  assert.equal(out[2].error, "cipher: message authentication failed");
  assert.equal(out[3].error, "invalid ciphertext: could not decode base64");
  assert.equal(out[4].error, "missing ciphertext to decrypt");
});

test("bad input is a clear 400 and changes nothing", async () => {
  await t.ok("POST", "transit/keys/strict", { derived: true });
  await t.ok("POST", "transit/keys/strict-other", {});
  const ctx = b64("ctx");
  const ct = (await t.ok("POST", "transit/encrypt/strict", { plaintext: b64("x"), context: ctx })).data
    .ciphertext;
  const foreign = (await t.ok("POST", "transit/encrypt/strict-other", { plaintext: b64("x") })).data
    .ciphertext;
  await t.ok("POST", "transit/keys/strict/rotate");
  await t.ok("POST", "transit/keys/strict/config", { min_decryption_version: 2 });
  const before = (await t.ok("GET", "transit/keys/strict")).data;
  const tampered = payload(foreign);
  tampered[tampered.length - 1]! ^= 0x80;
  const cases: [string, Record<string, unknown>, string][] = [
    ["encrypt/strict", { plaintext: "a$b=", context: ctx }, "illegal base64 data at input byte 1"],
    ["encrypt/strict", { plaintext: b64("x") }, "missing 'context' for key derivation"],
    ["encrypt/strict", { plaintext: b64("x"), context: "%%" }, "illegal base64 data at input byte 0"],
    ["decrypt/nosuchkey", { ciphertext: ct, context: ctx }, "encryption key not found"],
    ["decrypt/strict", { ciphertext: ct, context: ctx }, "(too old)"],
    [
      "decrypt/strict",
      { ciphertext: foreign.replace("v1", "v2"), context: ctx },
      "message authentication failed",
    ],
    ["decrypt/strict-other", { ciphertext: `vault:v1:${b64(tampered)}` }, "message authentication failed"],
    ["decrypt/strict", { ciphertext: "v1:abc", context: ctx }, "invalid ciphertext: no prefix"],
    [
      "decrypt/strict",
      { ciphertext: "vault:v9:abc=", context: ctx },
      "invalid ciphertext: version is too new",
    ],
    ["decrypt/strict", { ciphertext: "vault:v2:AAAA", context: ctx }, "invalid ciphertext length"],
    ["decrypt/strict", { ciphertext: "vault:v2:AAAA" }, "missing 'context' for key derivation"],
    ["decrypt/strict", {}, "missing ciphertext to decrypt"],
    ["encrypt/strict", { context: ctx }, "missing plaintext to encrypt"],
    ["rewrap/strict", { ciphertext: ct, context: ctx }, "(too old)"],
    ["encrypt/strict", { batch_input: "nope" }, "batch_input must be a list of objects"],
  ];
  for (const [path, body, message] of cases) {
    const r = await t.call("POST", `transit/${path}`, body);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
    assert.ok(errorsOf(r)[0]?.includes(message), `${path}: ${errorsOf(r)[0]} should say ${message}`);
  }
  const typed = await t.call("POST", "transit/encrypt/strict", {
    batch_input: [{ plaintext: 5, context: ctx }],
  });
  assert.equal(typed.status, 400);
  assert.deepEqual(typed.body.data.batch_results, [
    { error: "'[0].plaintext' expected type 'string'", reference: "" },
  ]);
  assert.deepEqual((await t.ok("GET", "transit/keys/strict")).data, before);
  assert.equal(
    (await t.call("GET", "transit/keys/nosuchkey")).status,
    404,
    "a failed decrypt creates nothing",
  );
});

test("rewrap moves ciphertexts to the latest version without showing the plaintext", async () => {
  await t.ok("POST", "transit/keys/rw", {});
  const v1 = (await t.ok("POST", "transit/encrypt/rw", { plaintext: b64("keep me") })).data.ciphertext;
  await t.ok("POST", "transit/keys/rw/rotate");
  const re = await t.ok("POST", "transit/rewrap/rw", { ciphertext: v1 });
  assert.equal(re.data.key_version, 2);
  assert.match(re.data.ciphertext, /^vault:v2:/);
  assert.equal(re.data.plaintext, undefined);
  assert.equal(
    (await t.ok("POST", "transit/decrypt/rw", { ciphertext: re.data.ciphertext })).data.plaintext,
    b64("keep me"),
  );
  const batch = await t.ok("POST", "transit/rewrap/rw", {
    batch_input: [
      { ciphertext: v1, reference: "a" },
      { ciphertext: "junk", reference: "b" },
    ],
  });
  assert.match(batch.data.batch_results[0].ciphertext, /^vault:v2:/);
  assert.deepEqual(batch.data.batch_results[1], { error: "invalid ciphertext: no prefix", reference: "b" });
});

test("datakey: a fresh key encrypted by the named key, in the clear only on datakey/plaintext", async () => {
  await t.ok("POST", "transit/keys/dk", {});
  const plain = await t.ok("POST", "transit/datakey/plaintext/dk", {});
  assert.equal(unb64(plain.data.plaintext).length, 32);
  assert.equal(plain.data.key_version, 1);
  const opened = await t.ok("POST", "transit/decrypt/dk", { ciphertext: plain.data.ciphertext });
  assert.equal(opened.data.plaintext, plain.data.plaintext);
  const wrapped = await t.ok("POST", "transit/datakey/wrapped/dk", { bits: 512 });
  assert.equal(wrapped.data.plaintext, undefined);
  const unwrapped = await t.ok("POST", "transit/decrypt/dk", { ciphertext: wrapped.data.ciphertext });
  assert.equal(unb64(unwrapped.data.plaintext).length, 64);
  assert.deepEqual(errorsOf(await t.call("POST", "transit/datakey/plaintext/dk", { bits: 100 })), [
    "invalid bit length",
  ]);
  assert.deepEqual(errorsOf(await t.call("POST", "transit/datakey/clear/dk", {})), [
    "Invalid path, must be 'plaintext' or 'wrapped'",
  ]);
  assert.deepEqual(errorsOf(await t.call("POST", "transit/datakey/wrapped/none", {})), [
    "encryption key not found",
  ]);
});
