/**
 * The SDK (`import { Cofre } from "cofre"`) against a real server: KV get/put on v1 and v2, the TTL
 * cache (manual clock), change events (manual timers), dynamic credentials kept alive and revoked,
 * and the approle/kubernetes/jwt login helpers (a test login backend accepting their bodies).
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ApiError, Cofre, type SecretChange } from "../../src/index.js";
import { ManualClock } from "../../src/util/clock.js";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { ManualTimers } from "../inject/manual-timers.js";
import { addTestBackends, type LeaseLog, LOGIN } from "../inject/test-backends.js";

let s: TestServer;
let leases: LeaseLog;
let dir: string;

before(async () => {
  s = await startTestServer();
  leases = await addTestBackends(s, { loginMounts: ["approle", "kubernetes", "jwt"] });
  const v1 = await s.request("POST", "sys/mounts/kv1", { token: s.rootToken, body: { type: "kv" } });
  assert.equal(v1.status, 204, v1.text);
  dir = await mkdtemp(join(tmpdir(), "cofre-sdk-"));
});
after(async () => {
  await s.close();
  await rm(dir, { recursive: true, force: true });
});

const rootWrite = async (path: string, data: Record<string, unknown>) => {
  const r = await s.request("POST", path, {
    token: s.rootToken,
    body: path.includes("/data/") ? { data } : data,
  });
  assert.ok(r.status === 200 || r.status === 204, r.text);
};

describe("Cofre.kv", () => {
  it("puts and gets on KV v2 and v1 mounts; absent is null; no permission is a 403 ApiError", async () => {
    const cofre = new Cofre({ address: s.addr, token: s.rootToken });
    try {
      assert.deepEqual(await cofre.kv.put("secret/sdk/app", { password: "pw-one-1234" }), { version: 1 });
      assert.deepEqual(await cofre.kv.put("secret/sdk/app", { password: "pw-two-1234" }), { version: 2 });
      assert.deepEqual(await cofre.kv.get("secret/sdk/app"), { password: "pw-two-1234" });
      assert.deepEqual(await cofre.kv.get("secret/sdk/app", { version: 1 }), { password: "pw-one-1234" });
      const read = await cofre.kv.read("secret/sdk/app");
      assert.equal(read?.version, 2);
      assert.equal(read?.apiPath, "secret/data/sdk/app");
      assert.deepEqual(await cofre.kv.put("kv1/app", { user: "bob" }), {});
      assert.deepEqual(await cofre.kv.get("kv1/app"), { user: "bob" });
      assert.equal(await cofre.kv.get("secret/sdk/nothing-here"), null);
    } finally {
      await cofre.close();
    }
    const limited = new Cofre({ address: s.addr, token: await tokenWith(s, ["default"]) });
    try {
      await assert.rejects(
        limited.kv.get("secret/sdk/app"),
        (e) => e instanceof ApiError && e.status === 403,
      );
    } finally {
      await limited.close();
    }
  });

  it("caches reads for cacheTtl by the injected clock; its own writes and fresh reads bypass the cache", async () => {
    const clock = new ManualClock();
    const cofre = new Cofre({ address: s.addr, token: s.rootToken, cacheTtl: "30s", clock });
    try {
      await rootWrite("secret/data/sdk/cached", { v: "first-value" });
      assert.deepEqual(await cofre.kv.get("secret/sdk/cached"), { v: "first-value" });
      await rootWrite("secret/data/sdk/cached", { v: "second-value" });
      assert.deepEqual(await cofre.kv.get("secret/sdk/cached"), { v: "first-value" }, "served from cache");
      assert.deepEqual(await cofre.kv.get("secret/sdk/cached", { fresh: true }), { v: "second-value" });
      await rootWrite("secret/data/sdk/cached", { v: "third-value" });
      clock.advance(29_000);
      assert.deepEqual(await cofre.kv.get("secret/sdk/cached"), { v: "second-value" });
      clock.advance(1_000);
      assert.deepEqual(await cofre.kv.get("secret/sdk/cached"), { v: "third-value" }, "expired after 30 s");
      await cofre.kv.put("secret/sdk/cached", { v: "fourth-value" });
      assert.deepEqual(
        await cofre.kv.get("secret/sdk/cached"),
        { v: "fourth-value" },
        "own write invalidates",
      );
    } finally {
      await cofre.close();
    }
  });
});

describe("Cofre.watch", () => {
  it("emits change (event and async iterator) when a new version is written, then on deletion", async () => {
    const timers = new ManualTimers();
    const cofre = new Cofre({ address: s.addr, token: s.rootToken, timers });
    try {
      await rootWrite("secret/data/sdk/watched", { key: "value-1111" });
      const watcher = await cofre.watch("secret/sdk/watched", { interval: "250ms" });
      assert.deepEqual(timers.delays, [250]);
      const iterator = watcher[Symbol.asyncIterator]();
      const nextFromIterator = iterator.next();

      assert.deepEqual(await watcher.poll(), [], "nothing changed yet");
      await rootWrite("secret/data/sdk/watched", { key: "value-2222" });
      const event = once(watcher, "change");
      timers.fireAll();
      const [change] = (await event) as [SecretChange];
      assert.equal(change.path, "secret/sdk/watched");
      assert.deepEqual(change.value?.data, { key: "value-2222" });
      assert.equal(change.value?.version, 2);
      assert.deepEqual(change.previous?.data, { key: "value-1111" });
      const iterated = await nextFromIterator;
      assert.equal(iterated.done, false);
      assert.equal((iterated.value as SecretChange).value?.version, 2);

      const del = await s.request("DELETE", "secret/data/sdk/watched", { token: s.rootToken });
      assert.equal(del.status, 204);
      const changes = await watcher.poll();
      assert.equal(changes.length, 1);
      assert.equal(changes[0].value, null);
    } finally {
      await cofre.close();
    }
    assert.deepEqual(timers.delays, [], "close stops the polling timer");
  });
});

describe("Cofre.database", () => {
  it("hands out credentials, renews their lease at two thirds of its TTL, revokes on release and close", async () => {
    const timers = new ManualTimers();
    const cofre = new Cofre({ address: s.addr, token: s.rootToken, timers });
    let closed = false;
    try {
      leases.ttl = 90;
      const creds = await cofre.database.creds("app");
      assert.match(creds.username, /^v-app-\d+$/);
      assert.match(creds.password, /^pw-v-app-/);
      assert.equal(creds.lease.duration, 90);
      assert.match(creds.lease.id, /^database\/creds\/app\//);
      assert.deepEqual(timers.delays, [60_000]);

      const renewed = once(cofre.leases, "renewed");
      const atServer = leases.nextRenewal();
      timers.fireAll();
      await renewed;
      assert.equal(await atServer, creds.username);
      assert.deepEqual(timers.delays, [60_000], "scheduled again");

      const other = await cofre.database.creds("other");
      const revoked = leases.nextRevocation();
      await other.release();
      assert.equal(await revoked, other.username);

      await cofre.close();
      closed = true;
      assert.ok(leases.revoked.includes(creds.username), "close revokes the kept lease");
      assert.deepEqual(timers.delays, []);
    } finally {
      leases.ttl = 60;
      if (!closed) await cofre.close();
    }
  });
});

describe("Cofre.auth", () => {
  it("approle, kubernetes (token file) and jwt logins set the client's token; a refused login changes nothing", async () => {
    const jwtPath = join(dir, "sa-token");
    await writeFile(jwtPath, `${LOGIN.jwt}\n`);
    const cofre = new Cofre({ address: s.addr });
    try {
      const auth = await cofre.auth.approle({ roleId: LOGIN.roleId, secretId: LOGIN.secretId });
      assert.equal(cofre.client.getToken(), auth.client_token);
      const self = await cofre.client.tokens.lookupSelf();
      assert.deepEqual(self.data?.meta, { role: LOGIN.roleId });

      const k8s = await cofre.auth.kubernetes({ role: "app", jwtPath });
      assert.equal(cofre.client.getToken(), k8s.client_token);
      const jwt = await cofre.auth.jwt({ role: "app", jwt: LOGIN.jwt });
      assert.equal(cofre.client.getToken(), jwt.client_token);

      await assert.rejects(
        cofre.auth.approle({ roleId: LOGIN.roleId, secretId: "wrong-secret-id" }),
        (e) => e instanceof ApiError && e.status === 400 && !e.message.includes("wrong-secret-id"),
      );
      assert.equal(cofre.client.getToken(), jwt.client_token);
      await assert.rejects(cofre.auth.kubernetes({ role: "app", jwtPath: join(dir, "absent") }), /ENOENT/);
    } finally {
      await cofre.close();
    }
  });

  it("fromEnv reads COFRE_ADDR and COFRE_TOKEN", async () => {
    const cofre = await Cofre.fromEnv({ COFRE_ADDR: s.addr, COFRE_TOKEN: s.rootToken });
    try {
      assert.equal(cofre.client.address, s.addr);
      await cofre.kv.put("secret/sdk/env", { a: "from-env" });
      assert.deepEqual(await cofre.kv.get("secret/sdk/env"), { a: "from-env" });
    } finally {
      await cofre.close();
    }
  });
});
