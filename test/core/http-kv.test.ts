/**
 * KV v2 over real HTTP on SQLite storage: the envelope and status rules of reference 1.3 and 5.1
 * (the engine's own rules have backend-level tests in test/engines/kv).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import {
  assertBadRequest,
  assertDenied,
  assertEnvelope,
  ENVELOPE_KEYS,
  writePolicy,
} from "./http-helpers.js";

let s: TestServer;
let root: string;
before(async () => {
  s = await startTestServer({ storage: "sqlite" });
  root = s.rootToken;
});
after(() => s.close());

const put = (path: string, body: unknown, token = root) =>
  s.request("POST", `secret/data/${path}`, { token, body });
const get = (path: string, token = root) => s.request("GET", `secret/data/${path}`, { token });
const NOT_FOUND = { errors: [] };
const CAS_MISMATCH = "check-and-set parameter did not match the current version";

test("write, read and ?version= answer Vault's envelope", async () => {
  const w1 = await put("app/db", { data: { user: "a", pw: "one" } });
  assertEnvelope(w1);
  assert.deepEqual(Object.keys(w1.body.data).sort(), [
    "created_time",
    "custom_metadata",
    "deletion_time",
    "destroyed",
    "version",
  ]);
  assert.equal(w1.body.data.version, 1);
  assert.equal(w1.body.data.deletion_time, "");
  assert.match(w1.body.data.created_time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.equal(w1.body.mount_type, "kv");
  await put("app/db", { data: { user: "a", pw: "two" } });

  const latest = await get("app/db");
  assertEnvelope(latest);
  assert.equal(latest.body.lease_id, "");
  assert.equal(latest.body.lease_duration, 0);
  assert.deepEqual(latest.body.data.data, { user: "a", pw: "two" });
  assert.deepEqual(latest.body.data.metadata, {
    created_time: latest.body.data.metadata.created_time,
    custom_metadata: null,
    deletion_time: "",
    destroyed: false,
    version: 2,
  });
  const v1 = await get("app/db?version=1");
  assert.deepEqual(v1.body.data.data, { user: "a", pw: "one" });
  assert.equal(v1.body.data.metadata.version, 1);
  assertBadRequest(await get("app/db?version=abc"), /version/);
});

test("a deleted or destroyed version is a 404 carrying the full envelope; a missing one is {errors:[]}", async () => {
  await put("gone/x", { data: { k: "v1" } });
  await put("gone/x", { data: { k: "v2" } });
  assert.equal((await s.request("DELETE", "secret/data/gone/x", { token: root })).status, 204);
  const deleted = await get("gone/x");
  assert.equal(deleted.status, 404);
  assert.equal(deleted.headers.get("content-type"), "application/json");
  assert.deepEqual(Object.keys(deleted.body).sort(), ENVELOPE_KEYS);
  assert.equal(deleted.body.data.data, null);
  assert.equal(deleted.body.data.metadata.version, 2);
  assert.notEqual(deleted.body.data.metadata.deletion_time, "");
  assert.equal(deleted.body.data.metadata.destroyed, false);
  assert.equal(deleted.body.mount_type, "kv");

  const d = await s.request("POST", "secret/destroy/gone/x", { token: root, body: { versions: [1] } });
  assert.equal(d.status, 204, d.text);
  const destroyed = await get("gone/x?version=1");
  assert.equal(destroyed.status, 404);
  assert.equal(destroyed.body.data.data, null);
  assert.equal(destroyed.body.data.metadata.destroyed, true);

  assert.deepEqual((await get("never/written")).body, NOT_FOUND);
  const missing = await get("gone/x?version=9");
  assert.equal(missing.status, 404);
  assert.deepEqual(missing.body, NOT_FOUND);
  assertBadRequest(
    await s.request("POST", "secret/delete/gone/x", { token: root, body: {} }),
    "No version number provided",
  );
});

test("LIST by verb and by GET ?list=true|1|True; 404 when empty; a bad list flag is 400", async () => {
  await put("dir/a", { data: { k: 1 } });
  await put("dir/sub/b", { data: { k: 1 } });
  for (const r of [
    await s.request("LIST", "secret/metadata/dir", { token: root }),
    await s.request("LIST", "secret/metadata/dir/", { token: root }),
    await s.request("GET", "secret/metadata/dir?list=true", { token: root }),
    await s.request("GET", "secret/metadata/dir/?list=1", { token: root }),
    await s.request("GET", "secret/metadata/dir?list=True", { token: root }),
  ]) {
    assertEnvelope(r);
    assert.deepEqual(r.body.data, { keys: ["a", "sub/"] });
  }
  for (const r of [
    await s.request("LIST", "secret/metadata/empty", { token: root }),
    await s.request("GET", "secret/metadata/empty?list=true", { token: root }),
  ]) {
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, NOT_FOUND);
  }
  const notList = await s.request("GET", "secret/metadata/dir?list=false", { token: root });
  assert.equal(notList.status, 404, "a read of the folder's metadata finds no key");
  assertBadRequest(await s.request("GET", "secret/metadata/dir?list=maybe", { token: root }), /list/);
});

test("PATCH needs application/merge-patch+json and merges into the current version", async () => {
  await put("patch/me", { data: { a: "1", b: { c: "2", d: "3" } } });
  const wrongType = await s.request("PATCH", "secret/data/patch/me", {
    token: root,
    body: { data: { a: "x" } },
  });
  assert.equal(wrongType.status, 415);
  assert.deepEqual(wrongType.body, {
    errors: ["PATCH requires Content-Type of application/merge-patch+json, provided application/json"],
  });
  const merge = { "content-type": "application/merge-patch+json" };
  const p = await s.request("PATCH", "secret/data/patch/me", {
    token: root,
    headers: merge,
    body: { data: { a: null, b: { d: "4" }, e: "5" } },
  });
  assertEnvelope(p);
  assert.equal(p.body.data.version, 2);
  assert.deepEqual((await get("patch/me")).body.data.data, { b: { c: "2", d: "4" }, e: "5" });
  const missing = await s.request("PATCH", "secret/data/patch/none", {
    token: root,
    headers: merge,
    body: { data: { a: "1" } },
  });
  assert.equal(missing.status, 404);
  assertBadRequest(
    await s.request("PATCH", "secret/data/patch/me", {
      token: root,
      headers: merge,
      body: { data: { a: "x" }, options: { cas: 1 } },
    }),
    CAS_MISMATCH,
  );
  assert.equal((await get("patch/me")).body.data.metadata.version, 2);
});

test("metadata: read, write custom_metadata, patch, delete everything", async () => {
  await put("meta/k", { data: { v: 1 } });
  const w = await s.request("POST", "secret/metadata/meta/k", {
    token: root,
    body: { max_versions: 3, custom_metadata: { owner: "ops" } },
  });
  assert.equal(w.status, 204, w.text);
  const m = await s.request("GET", "secret/metadata/meta/k", { token: root });
  assertEnvelope(m);
  assert.deepEqual(Object.keys(m.body.data).sort(), [
    "cas_required",
    "created_time",
    "current_version",
    "custom_metadata",
    "delete_version_after",
    "max_versions",
    "oldest_version",
    "updated_time",
    "versions",
  ]);
  assert.equal(m.body.data.max_versions, 3);
  assert.equal(m.body.data.delete_version_after, "0s");
  assert.deepEqual(m.body.data.custom_metadata, { owner: "ops" });
  assert.deepEqual(Object.keys(m.body.data.versions), ["1"]);
  assert.deepEqual((await get("meta/k")).body.data.metadata.custom_metadata, { owner: "ops" });

  const patched = await s.request("PATCH", "secret/metadata/meta/k", {
    token: root,
    headers: { "content-type": "application/merge-patch+json" },
    body: { custom_metadata: { tier: "1" } },
  });
  assert.equal(patched.status, 204, patched.text);
  const after = await s.request("GET", "secret/metadata/meta/k", { token: root });
  assert.deepEqual(after.body.data.custom_metadata, { owner: "ops", tier: "1" });
  assertBadRequest(
    await s.request("POST", "secret/metadata/meta/k", {
      token: root,
      body: { custom_metadata: { a: { b: "1" } } },
    }),
    /custom_metadata/,
  );
  assert.equal((await s.request("DELETE", "secret/metadata/meta/k", { token: root })).status, 204);
  assert.deepEqual((await s.request("GET", "secret/metadata/meta/k", { token: root })).body, NOT_FOUND);
  assert.deepEqual((await get("meta/k")).body, NOT_FOUND);
});

test("subkeys and config", async () => {
  await put("sk/x", { data: { a: "1", b: { c: { d: "2" } }, e: {} } });
  const sk = await s.request("GET", "secret/subkeys/sk/x", { token: root });
  assertEnvelope(sk);
  assert.deepEqual(sk.body.data.subkeys, { a: null, b: { c: { d: null } }, e: null });
  assert.equal(sk.body.data.metadata.version, 1);
  const shallow = await s.request("GET", "secret/subkeys/sk/x?depth=1", { token: root });
  assert.deepEqual(shallow.body.data.subkeys, { a: null, b: null, e: null });
  assert.equal((await s.request("GET", "secret/subkeys/sk/none", { token: root })).status, 404);

  const c = await s.request("GET", "secret/config", { token: root });
  assertEnvelope(c);
  assert.deepEqual(c.body.data, { cas_required: false, delete_version_after: "0s", max_versions: 0 });
  const w = await s.request("POST", "secret/config", { token: root, body: { max_versions: 5 } });
  assert.equal(w.status, 204, w.text);
  assertBadRequest(
    await s.request("POST", "secret/config", { token: root, body: { max_versions: "many" } }),
    /max_versions/,
  );
  assert.equal((await s.request("GET", "secret/config", { token: root })).body.data.max_versions, 5);
});

test("a v1-style path on a v2 mount is a 404 with Vault's warning", async () => {
  const r = await s.request("GET", "secret/app/db", { token: root });
  assert.equal(r.status, 404);
  assert.deepEqual(Object.keys(r.body).sort(), ENVELOPE_KEYS);
  assert.deepEqual(r.body.warnings, [
    "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.",
  ]);
  const w = await s.request("POST", "secret/app/db", { token: root, body: { k: "v" } });
  assert.equal(w.status, 404);
  assert.match(w.body.warnings[0], /vault kv put/);
});

test("ten concurrent writes with the same cas: exactly one wins and its data is stored", async () => {
  assert.equal((await put("race/key", { data: { writer: "initial" }, options: { cas: 0 } })).status, 200);
  const writers = Array.from({ length: 10 }, (_, i) =>
    put("race/key", { data: { writer: `w${i}` }, options: { cas: 1 } }),
  );
  const results = await Promise.all(writers);
  const winners = results.map((r, i) => ({ r, i })).filter(({ r }) => r.status === 200);
  assert.equal(winners.length, 1, results.map((r) => r.status).join(","));
  for (const r of results) {
    if (r.status === 200) continue;
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { errors: [CAS_MISMATCH] });
  }
  assert.equal(winners[0].r.body.data.version, 2);
  const stored = await get("race/key");
  assert.deepEqual(stored.body.data.data, { writer: `w${winners[0].i}` });
  assert.equal(stored.body.data.metadata.version, 2);
  const meta = await s.request("GET", "secret/metadata/race/key", { token: root });
  assert.deepEqual(Object.keys(meta.body.data.versions), ["1", "2"]);
});

test("a policy-bound token is allowed on its KV v2 paths and denied elsewhere", async () => {
  await writePolicy(
    s,
    "kv-app",
    [
      'path "secret/data/team/*" { capabilities = ["create", "read", "update", "patch", "delete"] }',
      'path "secret/metadata/team/*" { capabilities = ["list", "read"] }',
      'path "secret/delete/team/*" { capabilities = ["update"] }',
      'path "secret/subkeys/team/*" { capabilities = ["read"] }',
    ].join("\n"),
  );
  const t = await tokenWith(s, ["kv-app"]);
  assert.equal((await put("team/one", { data: { k: "v" } }, t)).status, 200);
  assert.equal((await get("team/one", t)).status, 200);
  assert.equal((await s.request("LIST", "secret/metadata/team", { token: t })).status, 200);
  assert.equal((await s.request("GET", "secret/metadata/team/one", { token: t })).status, 200);
  assert.equal((await s.request("GET", "secret/subkeys/team/one", { token: t })).status, 200);
  assert.equal(
    (await s.request("POST", "secret/delete/team/one", { token: t, body: { versions: [1] } })).status,
    204,
  );

  await put("other/secret", { data: { k: "root-only" } });
  assertDenied(await get("other/secret", t));
  assertDenied(await put("other/secret", { data: { k: "x" } }, t));
  assertDenied(await s.request("LIST", "secret/metadata/other", { token: t }));
  assertDenied(await s.request("DELETE", "secret/metadata/team/one", { token: t }));
  assertDenied(await s.request("POST", "secret/destroy/team/one", { token: t, body: { versions: [1] } }));
  assertDenied(await s.request("GET", "secret/config", { token: t }));
  assert.equal((await s.request("GET", "secret/data/team/one")).status, 403);
  assert.deepEqual((await get("other/secret")).body.data.data, { k: "root-only" });
  assert.equal((await get("other/secret")).body.data.metadata.version, 1);
});

test("malformed bodies are 400 and write nothing; an oversized body is 413", async () => {
  const cases: Array<[unknown, RegExp | string]> = [
    ["{not json", "error parsing JSON"],
    ["[1,2]", /JSON object/],
    [{ data: "a string" }, /data/],
    [{ data: [1, 2] }, /data/],
    [{ data: { k: "v" }, options: { cas: "one" } }, /check-and-set/],
    [{}, "no data provided"],
  ];
  for (const [body, message] of cases) assertBadRequest(await put("bad/body", body), message);
  assert.deepEqual((await s.request("GET", "secret/metadata/bad/body", { token: root })).body, NOT_FOUND);

  const big = JSON.stringify({ data: { blob: "x".repeat(33 * 1024 * 1024) } });
  const r = await put("bad/big", big);
  assert.equal(r.status, 413, r.text);
  assert.deepEqual((await s.request("GET", "secret/metadata/bad/big", { token: root })).body, NOT_FOUND);
});
