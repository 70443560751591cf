/** What file devices write for real requests over HTTP: pairs, HMAC'd values, log_raw, audit-hash. */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";
import { logEntries } from "./helpers.js";

const SECRET = "correct-horse-battery-staple-71";
let s: TestServer;
let dir: string;
const hashedLog = () => join(dir, "hashed.log");
const rawLog = () => join(dir, "raw.log");

async function enable(path: string, options: Record<string, string>): Promise<void> {
  const r = await s.request("PUT", `sys/audit/${path}`, {
    token: s.rootToken,
    body: { type: "file", options },
  });
  assert.equal(r.status, 204, r.text);
}

async function auditHash(device: string, input: string): Promise<string> {
  const r = await s.request("POST", `sys/audit-hash/${device}`, { token: s.rootToken, body: { input } });
  assert.equal(r.status, 200, r.text);
  return r.body.data.hash;
}

/** The request and response lines of one request id. */
async function linesOf(file: string, id: string) {
  const all = (await logEntries(file)).filter((e) => e.request?.id === id);
  const request = all.find((e) => e.type === "request");
  const response = all.find((e) => e.type === "response");
  assert.ok(request && response, `a request and a response line for ${id}`);
  return { request, response };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cofre-audit-http-"));
  s = await startTestServer({ auditAllowedDirs: [dir] });
  await enable("file", { file_path: hashedLog() });
  await enable("raw", { file_path: rawLog(), log_raw: "true" });
  await enable("elided", { file_path: join(dir, "elided.log"), elide_list_responses: "true" });
});
after(async () => {
  await s.close();
  await rm(dir, { recursive: true, force: true });
});

describe("audit entries over HTTP", () => {
  it("an unwrap answers with the wrapped request's own ID (as Vault's), kept across a rewrap", async () => {
    await s.request("POST", "secret/data/wrap-test", { token: s.rootToken, body: { data: { k: "v" } } });
    const w = await s.request("GET", "secret/data/wrap-test", {
      token: s.rootToken,
      headers: { "x-vault-wrap-ttl": "5m" },
    });
    assert.equal(w.status, 200, w.text);
    assert.equal(w.body.request_id, "");
    const read = (await logEntries(hashedLog())).find(
      (e) =>
        e.type === "response" && e.request?.path === "secret/data/wrap-test" && e.request?.wrap_ttl === 300,
    );
    assert.ok(read, "the wrapped read is audited with its wrap TTL");
    const rw = await s.request("POST", "sys/wrapping/rewrap", {
      token: s.rootToken,
      body: { token: w.body.wrap_info.token },
    });
    assert.equal(rw.status, 200, rw.text);
    const u = await s.request("POST", "sys/wrapping/unwrap", { token: rw.body.wrap_info.token });
    assert.equal(u.status, 200, u.text);
    assert.equal(u.body.request_id, read.request.id);
    assert.deepEqual(u.body.data.data, { k: "v" });
  });

  it("a write and a read are each a request/response pair with the value only HMAC'd", async () => {
    const w = await s.request("POST", "secret/data/app/db", {
      token: s.rootToken,
      body: { data: { password: SECRET } },
    });
    assert.equal(w.status, 200);
    const r = await s.request("GET", "secret/data/app/db", { token: s.rootToken });
    assert.equal(r.body.data.data.password, SECRET);
    const hash = await auditHash("file", SECRET);
    assert.match(hash, /^hmac-sha256:[0-9a-f]{64}$/);

    const write = await linesOf(hashedLog(), w.body.request_id);
    assert.equal(write.request.request.operation, "create");
    assert.equal(write.request.request.path, "secret/data/app/db");
    assert.equal(write.request.request.mount_point, "secret/");
    assert.equal(write.request.request.mount_type, "kv");
    assert.equal(write.request.request.data.data.password, hash);
    assert.equal(write.request.request.remote_address, "127.0.0.1");
    assert.equal(typeof write.request.request.remote_port, "number");
    assert.match(write.request.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok(write.response, "the write has a response line");
    assert.equal(write.response.response.data.version, 1);
    // RFC3339 times stay readable; other strings (even "") are hashed.
    assert.match(write.response.response.data.created_time, /^\d{4}-/);
    assert.match(write.response.response.data.deletion_time, /^hmac-sha256:/);

    const read = await linesOf(hashedLog(), r.body.request_id);
    assert.equal(read.request.request.operation, "read");
    assert.equal(read.response.response.data.data.password, hash);
    assert.equal(read.request.auth.display_name, "root");
    assert.deepEqual(read.request.auth.policies, ["root"]);
    assert.equal(read.request.auth.client_token, await auditHash("file", s.rootToken));

    const text = await readFile(hashedLog(), "utf8");
    assert.ok(!text.includes(SECRET), "the secret value never appears in the hashed log");
    assert.ok(!text.includes(s.rootToken), "the token never appears in the hashed log");
  });

  it("log_raw writes values and tokens as they are; each device hashes with its own salt", async () => {
    const raw = await readFile(rawLog(), "utf8");
    assert.ok(raw.includes(SECRET));
    assert.ok(raw.includes(s.rootToken));
    assert.notEqual(await auditHash("raw", SECRET), await auditHash("file", SECRET));
  });

  it("a token creation records the new token and its accessor only as HMACs", async () => {
    const c = await s.request("POST", "auth/token/create", {
      token: s.rootToken,
      body: { policies: ["default"] },
    });
    assert.equal(c.status, 200);
    const { client_token, accessor } = c.body.auth;
    const { request, response } = await linesOf(hashedLog(), c.body.request_id);
    assert.equal(request.request.path, "auth/token/create");
    assert.equal(response.response.auth.client_token, await auditHash("file", client_token));
    assert.equal(response.response.auth.accessor, await auditHash("file", accessor));
    assert.deepEqual(response.response.auth.policies, ["default"]);
    const text = await readFile(hashedLog(), "utf8");
    assert.ok(!text.includes(client_token));
    assert.ok(!text.includes(accessor));
  });

  it("a denied request is recorded with its error, as a request line only", async () => {
    const t = await tokenWith(s, ["default"]);
    const d = await s.request("GET", "secret/data/app/db", { token: t });
    assert.equal(d.status, 403);
    const entries = (await logEntries(hashedLog())).filter(
      (e) => e.request.path === "secret/data/app/db" && e.error === "permission denied",
    );
    assert.equal(entries.length, 1);
    assert.equal(entries[0].type, "request");
    assert.equal(entries[0].request.client_token, await auditHash("file", t));
    // Who was refused, on which mount.
    assert.deepEqual(entries[0].auth.policies, ["default"]);
    assert.equal(entries[0].auth.policy_results.allowed, false);
    assert.equal(entries[0].request.mount_point, "secret/");
    const ids = (await logEntries(hashedLog())).filter((e) => e.request.id === entries[0].request.id);
    assert.equal(ids.length, 1, "no response line for a refused request");
  });

  it("a request with an unknown token is recorded, the token only HMAC'd", async () => {
    const bogus = "hvs.AAAAAAAAAAAAAAAAAAAAAAAA";
    const d = await s.request("GET", "secret/data/app/db", { token: bogus });
    assert.equal(d.status, 403);
    const hashed = await auditHash("file", bogus);
    const entries = (await logEntries(hashedLog())).filter((e) => e.request.client_token === hashed);
    assert.equal(entries.length, 1);
    assert.match(entries[0].error, /invalid token/);
    assert.ok(!(await readFile(hashedLog(), "utf8")).includes(bogus));
  });

  it("a backend error is recorded in the response line", async () => {
    const e = await s.request("POST", "secret/data/app/db", {
      token: s.rootToken,
      body: { options: { cas: 0 }, data: { password: "other" } },
    });
    assert.equal(e.status, 400);
    const failed = (await logEntries(hashedLog())).filter(
      (x) => x.type === "response" && x.request.path === "secret/data/app/db" && x.error,
    );
    assert.equal(failed.length, 1);
    assert.match(failed[0].error, /check-and-set/);
    assert.equal(failed[0].request.data.options.cas, 0);
  });

  it("keys the mount exempts stay readable", async () => {
    const tune = await s.request("POST", "sys/mounts/secret/tune", {
      token: s.rootToken,
      body: { audit_non_hmac_request_keys: ["user"], audit_non_hmac_response_keys: ["user"] },
    });
    assert.equal(tune.status, 204, tune.text);
    const w = await s.request("POST", "secret/data/app/svc", {
      token: s.rootToken,
      body: { data: { user: "svc-billing", password: SECRET } },
    });
    const r = await s.request("GET", "secret/data/app/svc", { token: s.rootToken });
    const write = await linesOf(hashedLog(), w.body.request_id);
    assert.deepEqual(write.request.request.data.data, {
      user: "svc-billing",
      password: await auditHash("file", SECRET),
    });
    const read = await linesOf(hashedLog(), r.body.request_id);
    assert.equal(read.response.response.data.data.user, "svc-billing");
  });

  it("elide_list_responses writes the number of keys instead of the keys", async () => {
    const l = await s.request("LIST", "secret/metadata/app", { token: s.rootToken });
    assert.equal(l.status, 200);
    const elided = (await logEntries(join(dir, "elided.log"))).find(
      (e) => e.type === "response" && e.request.id === l.body.request_id,
    );
    assert.equal(elided?.response.data.keys, 2);
    const full = await linesOf(hashedLog(), l.body.request_id);
    assert.equal(full.response.response.data.keys.length, 2);
  });

  it("a wrapped response records the wrapping token as an HMAC", async () => {
    const w = await s.request("GET", "secret/data/app/db", {
      token: s.rootToken,
      headers: { "x-vault-wrap-ttl": "60s" },
    });
    const token = w.body.wrap_info.token;
    const lines = (await logEntries(hashedLog())).filter((e) => e.response?.wrap_info);
    const last = lines[lines.length - 1];
    assert.equal(last.response.wrap_info.token, await auditHash("file", token));
    assert.equal(last.request.wrap_ttl, 60);
    assert.ok(!(await readFile(hashedLog(), "utf8")).includes(token));
  });

  it("status paths are not audited", async () => {
    const before = (await logEntries(hashedLog())).length;
    await s.request("GET", "sys/health");
    await s.request("GET", "sys/seal-status");
    assert.equal((await logEntries(hashedLog())).length, before);
  });
});
