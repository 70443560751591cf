/** transit export/, backup/ and restore over HTTP: formats, refusals, and a restored key that works. */
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, verify } from "node:crypto";
import { after, before, test } from "node:test";
import { b64, errorsOf, startTransit, type TransitServer, unb64 } from "./helpers.js";

let t: TransitServer;
before(async () => {
  t = await startTransit();
  await Promise.all(
    ["aes256-gcm96", "ed25519", "ecdsa-p256", "rsa-2048"].map((type) =>
      t.ok("POST", `transit/keys/x-${type}`, { type, exportable: true, allow_plaintext_backup: true }),
    ),
  );
});
after(() => t.close());

const exported = async (type: string, name: string, query = "") =>
  (await t.ok("GET", `transit/export/${type}/${name}${query}`)).data;

test("default export formats are Vault's", async () => {
  const aes = await exported("encryption-key", "x-aes256-gcm96");
  assert.deepEqual(Object.keys(aes), ["name", "type", "keys"]);
  assert.equal(aes.type, "aes256-gcm96");
  assert.equal(unb64(aes.keys["1"]).length, 32);
  const ed = await exported("signing-key", "x-ed25519");
  assert.equal(unb64(ed.keys["1"]).length, 64, "Go's seed || public key");
  const edPub = await exported("public-key", "x-ed25519");
  assert.deepEqual(unb64(edPub.keys["1"]), unb64(ed.keys["1"]).subarray(32));
  const ec = await exported("signing-key", "x-ecdsa-p256");
  assert.match(ec.keys["1"], /^-----BEGIN EC PRIVATE KEY-----\n[\s\S]+-----END EC PRIVATE KEY-----$/);
  assert.equal(createPrivateKey(ec.keys["1"]).asymmetricKeyDetails?.namedCurve, "prime256v1");
  const rsa = await exported("signing-key", "x-rsa-2048");
  assert.match(rsa.keys["1"], /^-----BEGIN RSA PRIVATE KEY-----\n/);
  const rsaPub = await exported("public-key", "x-rsa-2048");
  assert.match(rsaPub.keys["1"], /^-----BEGIN PUBLIC KEY-----\n/);
  const read = await t.ok("GET", "transit/keys/x-rsa-2048");
  assert.equal(read.data.keys["1"].public_key, rsaPub.keys["1"]);
});

test("der and pem formats give PKCS#8 and SubjectPublicKeyInfo", async () => {
  for (const name of ["x-ed25519", "x-ecdsa-p256", "x-rsa-2048"]) {
    const pem = (await exported("signing-key", name, "?format=pem")).keys["1"];
    assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);
    const der = unb64((await exported("signing-key", name, "?format=der")).keys["1"]);
    const fromDer = createPrivateKey({ key: der, format: "der", type: "pkcs8" });
    assert.deepEqual(
      createPrivateKey(pem).export({ format: "jwk" }),
      fromDer.export({ format: "jwk" }),
      `${name}: pem and der hold the same key`,
    );
    const pubDer = unb64((await exported("public-key", name, "?format=der")).keys["1"]);
    const pub = createPublicKey({ key: pubDer, format: "der", type: "spki" });
    assert.deepEqual(pub.export({ format: "jwk" }), createPublicKey(fromDer).export({ format: "jwk" }));
  }
  const raw = await t.call("GET", "transit/export/signing-key/x-rsa-2048?format=raw");
  assert.equal(raw.status, 400);
  const aesPem = await t.call("GET", "transit/export/encryption-key/x-aes256-gcm96?format=pem");
  assert.equal(aesPem.status, 400);
});

test("versions: all live ones, latest, vN; below min_decryption_version refused", async () => {
  await t.ok("POST", "transit/keys/x-versions", { exportable: true });
  await t.ok("POST", "transit/keys/x-versions/rotate");
  await t.ok("POST", "transit/keys/x-versions/rotate");
  const all = await exported("encryption-key", "x-versions");
  assert.deepEqual(Object.keys(all.keys), ["1", "2", "3"]);
  assert.deepEqual(Object.keys((await exported("encryption-key", "x-versions/latest")).keys), ["3"]);
  assert.equal((await exported("encryption-key", "x-versions/v2")).keys["2"], all.keys["2"]);
  await t.ok("POST", "transit/keys/x-versions/config", { min_decryption_version: 2 });
  assert.deepEqual(Object.keys((await exported("encryption-key", "x-versions")).keys), ["2", "3"]);
  const low = await t.call("GET", "transit/export/encryption-key/x-versions/1");
  assert.deepEqual(errorsOf(low), ["version for export is below minimum decryption version"]);
  const high = await t.call("GET", "transit/export/encryption-key/x-versions/9");
  assert.deepEqual(errorsOf(high), ["version does not exist or cannot be found"]);
  assert.deepEqual(errorsOf(await t.call("GET", "transit/export/encryption-key/x-versions/two")), [
    "invalid key version",
  ]);
});

test("export refusals: not exportable, wrong kind of key, unknown type; public keys always", async () => {
  await t.ok("POST", "transit/keys/x-locked", { type: "ecdsa-p256" });
  assert.deepEqual(errorsOf(await t.call("GET", "transit/export/signing-key/x-locked")), [
    "private key material is not exportable",
  ]);
  assert.deepEqual(errorsOf(await t.call("GET", "transit/export/hmac-key/x-locked")), [
    "private key material is not exportable",
  ]);
  const pub = await exported("public-key", "x-locked");
  const s = await t.ok("POST", "transit/sign/x-locked", { input: b64("m") });
  assert.ok(verify("sha256", Buffer.from("m"), pub.keys["1"], unb64(s.data.signature.split(":")[2])));
  assert.deepEqual(errorsOf(await t.call("GET", "transit/export/signing-key/x-aes256-gcm96")), [
    "signing not supported for the key",
  ]);
  assert.deepEqual(errorsOf(await t.call("GET", "transit/export/encryption-key/x-ed25519")), [
    "encryption not supported for the key",
  ]);
  assert.deepEqual(errorsOf(await t.call("GET", "transit/export/secret-key/x-ed25519")), [
    "invalid export type: secret-key",
  ]);
  assert.equal((await t.call("GET", "transit/export/encryption-key/x-nothing")).status, 404);
});

test("backup and restore: the restored key decrypts and verifies what the original made", async () => {
  const ct = (await t.ok("POST", "transit/encrypt/x-aes256-gcm96", { plaintext: b64("kept") })).data
    .ciphertext;
  const sig = (await t.ok("POST", "transit/sign/x-rsa-2048", { input: b64("signed") })).data.signature;
  for (const [name, copy] of [
    ["x-aes256-gcm96", "restored-aes"],
    ["x-rsa-2048", "restored-rsa"],
  ] as const) {
    const { backup } = (await t.ok("GET", `transit/backup/${name}`)).data;
    assert.equal(typeof backup, "string");
    assert.equal((await t.ok("GET", `transit/keys/${name}`)).data.backup_info.version, 1);
    await t.ok("POST", `transit/restore/${copy}`, { backup }, 204);
    const info = (await t.ok("GET", `transit/keys/${copy}`)).data;
    assert.equal(info.name, copy);
    assert.equal(info.restore_info.version, 1);
    const again = await t.call("POST", `transit/restore/${copy}`, { backup });
    assert.deepEqual(errorsOf(again), [`key "${copy}" already exists`]);
    await t.ok("POST", `transit/restore/${copy}`, { backup, force: true }, 204);
  }
  assert.equal(
    (await t.ok("POST", "transit/decrypt/restored-aes", { ciphertext: ct })).data.plaintext,
    b64("kept"),
  );
  const v = await t.ok("POST", "transit/verify/restored-rsa", { input: b64("signed"), signature: sig });
  assert.equal(v.data.valid, true);
  const { backup } = (await t.ok("GET", "transit/backup/x-aes256-gcm96")).data;
  await t.ok("POST", "transit/keys/x-aes256-gcm96/config", { deletion_allowed: true });
  await t.ok("DELETE", "transit/keys/x-aes256-gcm96", undefined, 204);
  assert.equal((await t.call("POST", "transit/decrypt/x-aes256-gcm96", { ciphertext: ct })).status, 400);
  await t.ok("POST", "transit/restore", { backup }, 204);
  const back = await t.ok("POST", "transit/decrypt/x-aes256-gcm96", { ciphertext: ct });
  assert.equal(back.data.plaintext, b64("kept"), "restored under the name in the backup");
});

test("backup needs exportable and allow_plaintext_backup; a bad backup is refused and stores nothing", async () => {
  await t.ok("POST", "transit/keys/x-nobackup", { exportable: true });
  assert.deepEqual(errorsOf(await t.call("GET", "transit/backup/x-nobackup")), [
    "plaintext backup is disallowed on the policy",
  ]);
  await t.ok("POST", "transit/keys/x-noexport", { allow_plaintext_backup: true });
  assert.deepEqual(errorsOf(await t.call("GET", "transit/backup/x-noexport")), [
    "exporting is disallowed on the policy",
  ]);
  assert.equal((await t.call("GET", "transit/backup/x-missing")).status, 400);

  const { backup } = (await t.ok("GET", "transit/backup/x-ecdsa-p256")).data;
  const decoded = JSON.parse(unb64(backup).toString());
  const forged = structuredClone(decoded);
  forged.key.type = "ecdsa-p384";
  const wrongLength = structuredClone((await t.ok("GET", "transit/backup/restored-aes")).data.backup);
  const shortKey = JSON.parse(unb64(wrongLength).toString());
  shortKey.key.versions["1"].key = b64("short");
  const holes = structuredClone(decoded);
  holes.key.latestVersion = 3;
  const cases: [unknown, string][] = [
    ["", "'backup' must be supplied"],
    ["!!!", "invalid backup: not base64-encoded JSON"],
    [b64("{}"), "invalid backup: not a transit key backup"],
    [b64(JSON.stringify(forged)), "invalid backup: version 1 does not hold a valid ecdsa-p384 key"],
    [b64(JSON.stringify(shortKey)), "invalid backup: version 1 does not hold a valid aes256-gcm96 key"],
    [b64(JSON.stringify(holes)), "invalid backup: version 2 is missing"],
  ];
  for (const [bad, message] of cases) {
    const r = await t.call("POST", "transit/restore/x-forged", { backup: bad });
    assert.equal(r.status, 400);
    assert.deepEqual(errorsOf(r), [message]);
  }
  assert.equal((await t.call("GET", "transit/keys/x-forged")).status, 404);
});
