/** transit/keys over HTTP: create, read, list, config, rotate, trim, delete, auto-rotation, ACLs. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { tokenWith } from "../../helpers/server.js";
import { b64, errorsOf, startTransit, type TransitServer } from "./helpers.js";

let t: TransitServer;
before(async () => {
  t = await startTransit();
});
after(() => t.close());

const pt = b64("attack at dawn");

test("a key is created with Vault's defaults, read back, listed, and a second create changes nothing", async () => {
  const created = await t.ok("POST", "transit/keys/orders", {});
  assert.equal(created.data.type, "aes256-gcm96");
  assert.equal(created.data.latest_version, 1);
  assert.equal(created.data.min_decryption_version, 1);
  assert.equal(created.data.min_encryption_version, 0);
  assert.equal(created.data.exportable, false);
  assert.equal(created.data.deletion_allowed, false);
  assert.equal(created.data.supports_encryption, true);
  assert.equal(created.data.supports_signing, false);
  assert.deepEqual(Object.keys(created.data.keys), ["1"]);
  assert.equal(typeof created.data.keys["1"], "number");
  const again = await t.ok("POST", "transit/keys/orders", { type: "rsa-2048", exportable: true });
  assert.deepEqual(again.warnings, ["key orders already existed"]);
  assert.equal(again.data.type, "aes256-gcm96");
  assert.equal(again.data.exportable, false);
  const read = await t.ok("GET", "transit/keys/orders");
  assert.deepEqual(read.data, created.data);
  assert.ok((await t.ok("LIST", "transit/keys")).data.keys.includes("orders"));
  assert.equal((await t.call("GET", "transit/keys/missing")).status, 404);
});

test("create refuses bad settings with Vault's messages and creates nothing", async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ type: "aes512" }, /unknown key type aes512/],
    [{ type: "ecdsa-p256", derived: true }, /key derivation and convergent encryption not supported/],
    [{ type: "ed25519", derived: true, convergent_encryption: true }, /convergent encryption not supported/],
    [{ convergent_encryption: true }, /convergent encryption requires derivation to be enabled/],
    [{ auto_rotate_period: "30m" }, /auto rotate period must be 0 to disable or at least an hour/],
    [{ type: "aes128-gcm96", key_size: 64 }, /key_size is not valid for algorithm aes128-gcm96/],
    [{ type: "hmac", key_size: 16 }, /invalid key_size 16/],
    [{ derived: "maybe" }, /derived/],
  ];
  for (const [body, message] of cases) {
    const r = await t.call("POST", "transit/keys/refused", body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.match(errorsOf(r).join(), message);
  }
  assert.equal((await t.call("GET", "transit/keys/refused")).status, 404);
  const hmac = await t.ok("POST", "transit/keys/mac", { type: "hmac", key_size: 64 });
  assert.equal(hmac.data.key_size, 64);
  assert.equal(hmac.data.keys, undefined);
});

test("rotation, min_decryption_version and min_encryption_version", async () => {
  await t.ok("POST", "transit/keys/rot", {});
  const v1 = (await t.ok("POST", "transit/encrypt/rot", { plaintext: pt })).data.ciphertext;
  const rotated = await t.ok("POST", "transit/keys/rot/rotate");
  assert.equal(rotated.data.latest_version, 2);
  const v2 = (await t.ok("POST", "transit/encrypt/rot", { plaintext: pt })).data;
  assert.equal(v2.key_version, 2);
  assert.match(v2.ciphertext, /^vault:v2:/);
  const pinned = await t.ok("POST", "transit/encrypt/rot", { plaintext: pt, key_version: 1 });
  assert.match(pinned.data.ciphertext, /^vault:v1:/);

  const config = await t.ok("POST", "transit/keys/rot/config", { min_decryption_version: 2 });
  assert.equal(config.data.min_decryption_version, 2);
  assert.deepEqual(Object.keys(config.data.keys), ["2"]);
  const old = await t.call("POST", "transit/decrypt/rot", { ciphertext: v1 });
  assert.equal(old.status, 400);
  assert.deepEqual(errorsOf(old), ["ciphertext or signature version is disallowed by policy (too old)"]);
  const tooOld = await t.call("POST", "transit/keys/rot/config", { min_encryption_version: 1 });
  assert.equal(tooOld.status, 400);
  assert.match(
    errorsOf(tooOld)[0]!,
    /min encryption version of 1 must be greater than or equal to min decryption/,
  );
  assert.equal((await t.ok("GET", "transit/keys/rot")).data.min_encryption_version, 0);
  const beyond = await t.call("POST", "transit/keys/rot/config", { min_decryption_version: 3 });
  assert.deepEqual(errorsOf(beyond), ["cannot set min decryption version of 3, latest key version is 2"]);

  await t.ok("POST", "transit/keys/rot/config", { min_decryption_version: 1 });
  assert.equal(
    (await t.ok("POST", "transit/decrypt/rot", { ciphertext: v1 })).data.plaintext,
    pt,
    "lowering min_decryption_version makes the old version usable again",
  );
  await t.ok("POST", "transit/keys/rot/config", { min_encryption_version: 2 });
  const refused = await t.call("POST", "transit/encrypt/rot", { plaintext: pt, key_version: 1 });
  assert.deepEqual(errorsOf(refused), [
    "requested version for encryption is less than the minimum encryption key version",
  ]);
  const future = await t.call("POST", "transit/encrypt/rot", { plaintext: pt, key_version: 9 });
  assert.deepEqual(errorsOf(future), [
    "requested version for encryption is higher than the latest key version",
  ]);
  assert.equal((await t.call("POST", "transit/keys/nope/rotate")).status, 400);
  assert.deepEqual(errorsOf(await t.call("POST", "transit/keys/nope/config", {})), [
    "no existing key named nope could be found",
  ]);
});

test("trim deletes old versions for good, within Vault's bounds", async () => {
  await t.ok("POST", "transit/keys/trimmed", {});
  const v1 = (await t.ok("POST", "transit/encrypt/trimmed", { plaintext: pt })).data.ciphertext;
  await t.ok("POST", "transit/keys/trimmed/rotate");
  await t.ok("POST", "transit/keys/trimmed/rotate");
  const unset = await t.call("POST", "transit/keys/trimmed/trim", { min_available_version: 2 });
  assert.deepEqual(errorsOf(unset), [
    "minimum available version cannot be set when minimum encryption version is not set",
  ]);
  await t.ok("POST", "transit/keys/trimmed/config", { min_encryption_version: 3, min_decryption_version: 2 });
  const high = await t.call("POST", "transit/keys/trimmed/trim", { min_available_version: 3 });
  assert.deepEqual(errorsOf(high), [
    "minimum available version cannot be greater than minimum decryption version",
  ]);
  const trimmed = await t.ok("POST", "transit/keys/trimmed/trim", { min_available_version: 2 });
  assert.equal(trimmed.data.min_available_version, 2);
  const back = await t.call("POST", "transit/keys/trimmed/config", { min_decryption_version: 1 });
  assert.deepEqual(errorsOf(back), ["min decryption version should not be less then min available version"]);
  assert.equal((await t.call("POST", "transit/decrypt/trimmed", { ciphertext: v1 })).status, 400);
  const down = await t.call("POST", "transit/keys/trimmed/trim", { min_available_version: 1 });
  assert.deepEqual(errorsOf(down), ["minimum available version cannot be decremented"]);
  assert.deepEqual(errorsOf(await t.call("POST", "transit/keys/trimmed/trim", {})), [
    "missing min_available_version",
  ]);
});

test("a key is deleted only when allowed, and its ciphertexts can no longer be decrypted", async () => {
  await t.ok("POST", "transit/keys/doomed", {});
  const ct = (await t.ok("POST", "transit/encrypt/doomed", { plaintext: pt })).data.ciphertext;
  const refused = await t.call("DELETE", "transit/keys/doomed");
  assert.equal(refused.status, 400);
  assert.deepEqual(errorsOf(refused), ["error deleting policy doomed: deletion is not allowed for this key"]);
  assert.equal((await t.ok("POST", "transit/decrypt/doomed", { ciphertext: ct })).data.plaintext, pt);
  await t.ok("POST", "transit/keys/doomed/config", { deletion_allowed: true });
  await t.ok("DELETE", "transit/keys/doomed", undefined, 204);
  assert.equal((await t.call("GET", "transit/keys/doomed")).status, 404);
  const gone = await t.call("POST", "transit/decrypt/doomed", { ciphertext: ct });
  assert.equal(gone.status, 400);
  assert.deepEqual(errorsOf(gone), ["encryption key not found"]);
  await t.ok("POST", "transit/keys/doomed", {});
  const fresh = await t.call("POST", "transit/decrypt/doomed", { ciphertext: ct });
  assert.deepEqual(errorsOf(fresh), ["cipher: message authentication failed"], "a new key of the same name");
  assert.equal((await t.call("DELETE", "transit/keys/never")).status, 400);
});

test("exportable and allow_plaintext_backup cannot be turned off once on", async () => {
  await t.ok("POST", "transit/keys/sticky", {});
  await t.ok("POST", "transit/keys/sticky/config", { exportable: true, allow_plaintext_backup: true });
  const off = await t.ok("POST", "transit/keys/sticky/config", {
    exportable: false,
    allow_plaintext_backup: false,
  });
  assert.equal(off.data.exportable, true);
  assert.equal(off.data.allow_plaintext_backup, true);
});

test("auto_rotate_period rotates on the periodic pass once the latest version is that old", async () => {
  const clock = new ManualClock();
  const s = await startTransit({ clock });
  try {
    const k = await s.ok("POST", "transit/keys/auto", { auto_rotate_period: "1h" });
    assert.equal(k.data.auto_rotate_period, 3600);
    await s.ok("POST", "transit/keys/manual", {});
    await s.ok("POST", "transit/keys/later", {});
    await s.ok("POST", "transit/keys/later/config", { auto_rotate_period: "2h" });
    clock.advance(3599_000);
    await s.server.core.periodic.runOnce();
    assert.equal((await s.ok("GET", "transit/keys/auto")).data.latest_version, 1);
    clock.advance(1000);
    await s.server.core.periodic.runOnce();
    assert.equal((await s.ok("GET", "transit/keys/auto")).data.latest_version, 2);
    await s.server.core.periodic.runOnce();
    assert.equal(
      (await s.ok("GET", "transit/keys/auto")).data.latest_version,
      2,
      "not again before the next hour",
    );
    clock.advance(3600_000);
    await s.server.core.periodic.runOnce();
    assert.equal((await s.ok("GET", "transit/keys/auto")).data.latest_version, 3);
    assert.equal((await s.ok("GET", "transit/keys/later")).data.latest_version, 2);
    assert.equal((await s.ok("GET", "transit/keys/manual")).data.latest_version, 1);
  } finally {
    await s.close();
  }
});

test("a policy-bound token may do only what its policy grants; upsert needs create", async () => {
  const policy = `
    path "transit/encrypt/app" { capabilities = ["update"] }
    path "transit/decrypt/app" { capabilities = ["update"] }
    path "transit/encrypt/auto-*" { capabilities = ["create", "update"] }`;
  await t.ok("PUT", "sys/policies/acl/transit-app", { policy }, 204);
  const token = await tokenWith(t.server, ["transit-app"]);
  const as = (method: string, path: string, body?: unknown) =>
    t.server.request(method, path, { token, body });
  await t.ok("POST", "transit/keys/app", {});
  const enc = await as("POST", "transit/encrypt/app", { plaintext: pt });
  assert.equal(enc.status, 200);
  const dec = await as("POST", "transit/decrypt/app", { ciphertext: enc.body.data.ciphertext });
  assert.equal(dec.body.data.plaintext, pt);
  for (const [method, path] of [
    ["GET", "transit/keys/app"],
    ["POST", "transit/keys/app/rotate"],
    ["POST", "transit/rewrap/app"],
    ["GET", "transit/export/encryption-key/app"],
    ["POST", "transit/encrypt/other"],
  ] as const) {
    const r = await as(method, path, method === "GET" ? undefined : { plaintext: pt });
    assert.equal(r.status, 403, `${method} ${path}`);
  }
  assert.equal(
    (await t.server.request("POST", "transit/encrypt/app", { body: { plaintext: pt } })).status,
    403,
  );
  assert.equal((await t.ok("GET", "transit/keys/app")).data.latest_version, 1);

  // encrypt on a missing key is a "create": the upsert needs that capability.
  const upsertDenied = await as("POST", "transit/encrypt/app2", { plaintext: pt });
  assert.equal(upsertDenied.status, 403);
  assert.equal((await t.call("GET", "transit/keys/app2")).status, 404);
  const upserted = await as("POST", "transit/encrypt/auto-1", { plaintext: pt, context: b64("tenant") });
  assert.equal(upserted.status, 200);
  const made = await t.ok("GET", "transit/keys/auto-1");
  assert.equal(made.data.derived, true);
  assert.equal(made.data.type, "aes256-gcm96");
});

test("encrypt upserts only symmetric key types", async () => {
  const chacha = await t.ok("POST", "transit/encrypt/upsert-chacha", {
    plaintext: pt,
    type: "chacha20-poly1305",
  });
  assert.match(chacha.data.ciphertext, /^vault:v1:/);
  assert.equal((await t.ok("GET", "transit/keys/upsert-chacha")).data.type, "chacha20-poly1305");
  const ec = await t.call("POST", "transit/encrypt/upsert-ec", { plaintext: pt, type: "ecdsa-p256" });
  assert.deepEqual(errorsOf(ec), ["key type ecdsa-p256 not supported for this operation"]);
  const conv = await t.call("POST", "transit/encrypt/upsert-conv", {
    plaintext: pt,
    convergent_encryption: true,
  });
  assert.deepEqual(errorsOf(conv), [
    "convergent encryption requires derivation to be enabled, so context is required",
  ]);
  assert.equal((await t.call("GET", "transit/keys/upsert-ec")).status, 404);
});
