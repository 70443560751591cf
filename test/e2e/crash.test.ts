/**
 * A real `cofre server -config=FILE` child on sqlite takes concurrent KV v2 writes over HTTP and is
 * SIGKILLed while writes are in flight. A new child on the same database, unsealed with the same
 * shares, serves every acknowledged write with its value and version, and nothing is corrupt.
 */
import assert from "node:assert/strict";
import { randomInt, randomUUID } from "node:crypto";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { type ChildServer, makeServerDir, type ServerDir, startChildServer } from "./child-server.js";
import { initAndUnseal, mountKv2, requester, unseal } from "./http.js";

const WRITERS = 20;
const KEYS_PER_WRITER = 4;

interface Ack {
  key: string;
  version: number;
  value: string;
}

let dir: ServerDir | undefined;
const children: ChildServer[] = [];
after(async () => {
  for (const c of children) await c.stop("SIGKILL");
  await dir?.remove();
});

test("SIGKILL during concurrent KV v2 writes loses no acknowledged write and corrupts nothing", async () => {
  dir = await makeServerDir();
  const first = await startChildServer(dir.configPath);
  children.push(first);
  const req1 = requester(first.addr);
  const { keys, rootToken } = await initAndUnseal(req1);
  await mountKv2(req1, rootToken);
  const policy = 'path "secret/data/crash/*" { capabilities = ["read"] }';
  assert.equal(
    (await req1("PUT", "sys/policies/acl/reader", { token: rootToken, body: { policy } })).status,
    204,
  );
  const created = await req1("POST", "auth/token/create", {
    token: rootToken,
    body: { policies: ["reader"] },
  });
  const readerToken = created.body.auth.client_token as string;

  const round = randomUUID().slice(0, 8);
  const acks: Ack[] = [];
  const sent = new Map<string, Set<string>>(); // key -> every value sent for it, acknowledged or not
  const unexpected: string[] = [];
  const killAfter = 100 + randomInt(300); // a random moment, with writes in flight on every writer
  let killing: Promise<unknown> | undefined;

  const writer = async (w: number) => {
    for (let n = 0; killing === undefined; n++) {
      const key = `crash/w${w}/k${n % KEYS_PER_WRITER}`;
      const value = `${round}:${w}:${n}`;
      if (!sent.has(key)) sent.set(key, new Set());
      sent.get(key)?.add(value);
      let res: Response;
      try {
        res = await fetch(`${first.addr}/v1/secret/data/${key}`, {
          method: "POST",
          headers: { "x-vault-token": rootToken, "content-type": "application/json" },
          body: JSON.stringify({ data: { value } }),
        });
      } catch {
        return; // the server is gone: this write was never acknowledged
      }
      const text = await res.text().catch(() => "");
      if (res.status !== 200) {
        unexpected.push(`${key}: ${res.status}`);
        return;
      }
      acks.push({ key, version: JSON.parse(text).data.version, value });
      if (acks.length >= killAfter && killing === undefined) killing = first.stop("SIGKILL");
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  const exit = await killing;
  assert.deepEqual(exit, { code: null, signal: "SIGKILL" });
  assert.deepEqual(unexpected, [], "every write before the kill succeeded");
  assert.ok(acks.length >= killAfter, `${acks.length} acknowledged writes`);

  const acked = new Set(acks.map((a) => `${a.key}@${a.version}`));
  assert.equal(acked.size, acks.length, "no version was acknowledged twice");

  const second = await startChildServer(dir.configPath);
  children.push(second);
  const req = requester(second.addr);
  const sealed = await req("GET", "sys/seal-status");
  assert.equal(sealed.body.sealed, true, "a restarted server starts sealed");
  await unseal(req, [keys[1], keys[2]]);

  // Read back every version of every key under the prefix (nothing is corrupt: each lists, and
  // reads as a value really sent for that key), then check each acknowledged write among them.
  const stored = new Map<string, string>(); // "key@version" -> value read back
  const writersListed = await req("LIST", "secret/metadata/crash/", { token: rootToken });
  assert.equal(writersListed.status, 200);
  assert.equal(writersListed.body.data.keys.length, WRITERS);
  const readKey = async (key: string) => {
    const meta = await req("GET", `secret/metadata/${key}`, { token: rootToken });
    assert.equal(meta.status, 200, `metadata of ${key}`);
    for (let v = 1; v <= meta.body.data.current_version; v++) {
      const r = await req("GET", `secret/data/${key}?version=${v}`, { token: rootToken });
      assert.equal(r.status, 200, `${key}@${v}: ${r.status} ${r.text}`);
      assert.equal(r.body.data.metadata.version, v);
      const value = r.body.data.data.value as string;
      assert.ok(sent.get(key)?.has(value), `${key}@${v} holds a value never sent for it`);
      stored.set(`${key}@${v}`, value);
    }
  };
  const readFolder = async (folder: string) => {
    const listed = await req("LIST", `secret/metadata/crash/${folder}`, { token: rootToken });
    assert.equal(listed.status, 200);
    await Promise.all((listed.body.data.keys as string[]).map((name) => readKey(`crash/${folder}${name}`)));
  };
  await Promise.all((writersListed.body.data.keys as string[]).map(readFolder));
  for (const a of acks) {
    assert.equal(stored.get(`${a.key}@${a.version}`), a.value, `acknowledged write ${a.key}@${a.version}`);
  }

  // policies and tokens survived too
  const last = acks[acks.length - 1];
  const asReader = await req("GET", `secret/data/${last.key}?version=${last.version}`, {
    token: readerToken,
  });
  assert.equal(asReader.status, 200);
  assert.deepEqual(asReader.body.data.data, { value: last.value });
  assert.equal((await req("GET", "sys/mounts", { token: readerToken })).status, 403);

  // the restarted server takes new writes, and stops cleanly on SIGTERM
  const more = await req("POST", "secret/data/crash/after", {
    token: rootToken,
    body: { data: { value: "x" } },
  });
  assert.equal(more.status, 200);
  assert.deepEqual(await second.stop("SIGTERM"), { code: 0, signal: null });
  for (const log of [first.log(), second.log()]) {
    assert.ok(
      !log.includes(rootToken) && !log.includes(readerToken) && !log.includes(round),
      "no secret logged",
    );
  }

  const db = new Database(dir.dbPath, { readonly: true });
  try {
    assert.equal(db.pragma("integrity_check", { simple: true }), "ok");
  } finally {
    db.close();
  }
});
