/**
 * Transit key material lives only inside the barrier: the database file holds none of it (raw or
 * base64), a sealed server serves no transit path, and after a restart and unseal the keys still
 * decrypt what they encrypted.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import Database from "better-sqlite3";
import { type RunningServer, startServer } from "../../../src/server/build.js";
import type { ServerConfig } from "../../../src/server/config.js";
import { silentLogger } from "../../../src/util/logger.js";
import { initAndUnseal, type Requester, requester, unseal } from "../../e2e/http.js";
import { b64, unb64 } from "./helpers.js";

let dir: string;
let server: RunningServer | undefined;
let req: Requester;

async function start(): Promise<void> {
  const config: ServerConfig = {
    storage: { type: "sqlite", options: { path: join(dir, "cofre.db") } },
    listeners: [{ address: "127.0.0.1:0", tlsDisable: true }],
    ui: false,
    defaultLeaseTTL: 3600,
    maxLeaseTTL: 3600,
    logLevel: "error",
    disableMlock: true,
    auditAllowedDirs: [],
    warnings: [],
  };
  server = await startServer(config, silentLogger);
  req = requester(`http://${server.addresses[0]}`);
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cofre-transit-barrier-"));
  await start();
});
after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

test("keys are stored encrypted, unreachable while sealed, and usable again after a restart", async () => {
  const { keys, rootToken } = await initAndUnseal(req);
  const as = (method: string, path: string, body?: unknown) => req(method, path, { token: rootToken, body });
  assert.equal((await as("POST", "sys/mounts/transit", { type: "transit" })).status, 204);
  const material: Buffer[] = [];
  for (const type of ["aes256-gcm96", "ed25519", "hmac"]) {
    assert.equal((await as("POST", `transit/keys/k-${type}`, { type, exportable: true })).status, 200);
    const kind = type === "aes256-gcm96" ? "encryption-key" : type === "hmac" ? "hmac-key" : "signing-key";
    material.push(unb64((await as("GET", `transit/export/${kind}/k-${type}`)).body.data.keys["1"]));
    material.push(unb64((await as("GET", `transit/export/hmac-key/k-${type}`)).body.data.keys["1"]));
  }
  const ct = (await as("POST", "transit/encrypt/k-aes256-gcm96", { plaintext: b64("survives") })).body.data
    .ciphertext;

  assert.equal((await as("PUT", "sys/seal")).status, 204);
  const sealed = await as("POST", "transit/decrypt/k-aes256-gcm96", { ciphertext: ct });
  assert.equal(sealed.status, 503);
  await server?.close();
  server = undefined;

  const db = new Database(join(dir, "cofre.db"), { readonly: true });
  try {
    const rows = db.prepare<[], { key: string; value: Buffer }>("SELECT key, value FROM kv").all();
    assert.ok(
      rows.some((r) => r.key.includes("policy/k-aes256-gcm96")),
      "the key record is stored",
    );
    for (const row of rows) {
      const value = Buffer.from(row.value);
      for (const m of material) {
        assert.equal(value.indexOf(m), -1, `raw key bytes in ${row.key}`);
        assert.equal(value.indexOf(Buffer.from(b64(m))), -1, `base64 key in ${row.key}`);
      }
    }
  } finally {
    db.close();
  }

  await start();
  await unseal(req, keys);
  const back = await as("POST", "transit/decrypt/k-aes256-gcm96", { ciphertext: ct });
  assert.equal(back.status, 200);
  assert.equal(back.body.data.plaintext, b64("survives"));
});
