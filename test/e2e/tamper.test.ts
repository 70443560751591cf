/**
 * Someone with write access to the database file changes stored values while the server is down:
 * one byte flipped (in each part of the value format), or another secret's value copied over a
 * secret (a value moved to another key). After a restart the server refuses those secrets with a
 * safe 5xx, never returns data, keeps serving everything else, and logs no plaintext.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import Database from "better-sqlite3";
import { type RunningServer, startServer } from "../../src/server/build.js";
import type { ServerConfig } from "../../src/server/config.js";
import { createLogger } from "../../src/util/logger.js";
import { mountKv2, type Requester, requester, unseal } from "./http.js";

/** Secret name -> its plaintext password. Every value is unique so a leak is recognisable. */
const SECRETS: Record<string, string> = {
  "flip/format": "plain-format-7f3a",
  "flip/term": "plain-term-91bc",
  "flip/nonce": "plain-nonce-2d4e",
  "flip/ciphertext": "plain-ciphertext-5a6b",
  "flip/tag": "plain-tag-c8d0",
  "flip/record": "plain-record-6e7f",
  "moved/target": "plain-target-e1f2",
  "moved/source": "plain-source-3b4c",
  untouched: "plain-untouched-0a9d",
};
/** Byte offsets in `[1 format][4 term][12 nonce][ciphertext][16 tag]`. */
const FLIP_AT: Record<string, (len: number) => number> = {
  "flip/format": () => 0,
  "flip/term": () => 4,
  "flip/nonce": () => 5 + 6,
  "flip/ciphertext": () => 17 + 3,
  "flip/tag": (len) => len - 1,
};

let dir: string;
let dbPath: string;
let logLines: string[] = [];
let server: RunningServer | undefined;
let req: Requester;
let unsealKey = "";
let rootToken = "";

function config(): ServerConfig {
  return {
    storage: { type: "sqlite", options: { path: dbPath } },
    listeners: [{ address: "127.0.0.1:0", tlsDisable: true }],
    ui: false,
    defaultLeaseTTL: 3600,
    maxLeaseTTL: 3600,
    logLevel: "debug",
    disableMlock: true,
    auditAllowedDirs: [],
    warnings: [],
  };
}

async function start(): Promise<void> {
  const logger = createLogger({ level: "debug", write: (line) => logLines.push(line) });
  server = await startServer(config(), logger);
  req = requester(`http://${server.addresses[0]}`);
}

/** The sqlite row key of a KV v2 secret's key record (its metadata and version states). */
function recordRowKey(db: Database.Database, path: string): string {
  const rows = db
    .prepare<{ s: string }, { key: string }>("SELECT key FROM kv WHERE substr(key, -length(@s)) = @s")
    .all({ s: `/meta/${path}` });
  assert.equal(rows.length, 1, `one stored key record for ${path}`);
  return rows[0].key;
}

/** The sqlite row key of version 1 of a KV v2 secret (`.../versions/<sha256(path)>/1`). */
function versionRowKey(db: Database.Database, path: string): string {
  const suffix = `/versions/${createHash("sha256").update(path).digest("hex")}/1`;
  const rows = db
    .prepare<{ s: string }, { key: string }>("SELECT key FROM kv WHERE substr(key, -length(@s)) = @s")
    .all({ s: suffix });
  assert.equal(rows.length, 1, `one stored version row for ${path}`);
  return rows[0].key;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cofre-tamper-"));
  dbPath = join(dir, "cofre.db");
  await start();
  const init = await req("PUT", "sys/init", { body: { secret_shares: 1, secret_threshold: 1 } });
  unsealKey = init.body.keys_base64[0];
  rootToken = init.body.root_token;
  await unseal(req, [unsealKey]);
  await mountKv2(req, rootToken);
  for (const [path, password] of Object.entries(SECRETS)) {
    const w = await req("POST", `secret/data/${path}`, { token: rootToken, body: { data: { password } } });
    assert.equal(w.status, 200);
  }
  await server?.close();
  server = undefined;

  const db = new Database(dbPath);
  try {
    const select = db.prepare<[string], { value: Buffer }>("SELECT value FROM kv WHERE key = ?");
    const update = db.prepare<[Buffer, string]>("UPDATE kv SET value = ? WHERE key = ?");
    for (const [path, at] of Object.entries(FLIP_AT)) {
      const key = versionRowKey(db, path);
      const value = Buffer.from(select.get(key)?.value ?? Buffer.alloc(0));
      value[at(value.length)] ^= 0x01;
      assert.equal(update.run(value, key).changes, 1);
    }
    const record = recordRowKey(db, "flip/record");
    const recordValue = Buffer.from(select.get(record)?.value ?? Buffer.alloc(0));
    recordValue[20] ^= 0x80;
    assert.equal(update.run(recordValue, record).changes, 1);
    const source = select.get(versionRowKey(db, "moved/source"))?.value;
    assert.ok(source);
    assert.equal(update.run(source, versionRowKey(db, "moved/target")).changes, 1);
  } finally {
    db.close();
  }

  logLines = [];
  await start();
  await unseal(req, [unsealKey]);
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function assertNoPlaintext(text: string, where: string): void {
  for (const password of Object.values(SECRETS)) {
    assert.ok(!text.includes(password), `${where} holds a plaintext secret`);
  }
}

for (const path of Object.keys(FLIP_AT)) {
  test(`one byte flipped (${path.slice(5)}) is refused with a safe error, never returned`, async () => {
    for (const sub of ["data", "subkeys"]) {
      const r = await req("GET", `secret/${sub}/${path}`, { token: rootToken });
      assert.ok(r.status >= 500 && r.status < 600, `${sub}: status ${r.status}`);
      assert.ok(Array.isArray(r.body?.errors) && r.body.errors.length > 0, r.text);
      assert.equal(r.body.data, undefined);
      assertNoPlaintext(r.text, "the error response");
    }
  });
}

test("a flipped byte in a secret's key record refuses its data and its metadata", async () => {
  for (const sub of ["data", "metadata"]) {
    const r = await req("GET", `secret/${sub}/flip/record`, { token: rootToken });
    assert.ok(r.status >= 500 && r.status < 600, `${sub}: status ${r.status}`);
    assert.equal(r.body.data, undefined);
    assertNoPlaintext(r.text, "the error response");
  }
});

test("a value copied from another key is refused, though it is a valid ciphertext elsewhere", async () => {
  const r = await req("GET", "secret/data/moved/target", { token: rootToken });
  assert.ok(r.status >= 500 && r.status < 600, `status ${r.status}`);
  assert.equal(r.body.data, undefined);
  assertNoPlaintext(r.text, "the error response");
  const again = await req("GET", "secret/data/moved/target?version=1", { token: rootToken });
  assert.ok(again.status >= 500, "refused every time");
});

test("the other secrets still read fine and the server keeps serving", async () => {
  for (const path of ["moved/source", "untouched"]) {
    const r = await req("GET", `secret/data/${path}`, { token: rootToken });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.data.data, { password: SECRETS[path] });
  }
  const list = await req("LIST", "secret/metadata/flip/", { token: rootToken });
  assert.deepEqual(list.body.data.keys, ["ciphertext", "format", "nonce", "record", "tag", "term"]);
  const w = await req("POST", "secret/data/flip/tag", {
    token: rootToken,
    body: { data: { password: "new" } },
  });
  assert.equal(w.status, 200, "a tampered secret can be overwritten with a new version");
  const r = await req("GET", "secret/data/flip/tag", { token: rootToken });
  assert.deepEqual(r.body.data.data, { password: "new" });
  assert.equal((await req("GET", "sys/health")).status, 200);
});

test("the server log holds no plaintext of any secret", () => {
  assert.ok(logLines.length > 0, "the server logged something");
  assertNoPlaintext(logLines.join("\n"), "the server log");
});
