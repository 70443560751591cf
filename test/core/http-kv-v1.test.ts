/** A KV version 1 mount over real HTTP (reference 5.2). */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { assertBadRequest, assertDenied, assertEnvelope, writePolicy } from "./http-helpers.js";

let s: TestServer;
let root: string;
before(async () => {
  s = await startTestServer({ kv: false, defaultLeaseTTL: 7200 });
  root = s.rootToken;
  const m = await s.request("POST", "sys/mounts/kv1", { token: root, body: { type: "kv" } });
  assert.equal(m.status, 204, m.text);
});
after(() => s.close());

test("write (204), read with the mount's default lease_duration, list, delete", async () => {
  const w = await s.request("POST", "kv1/app/db", { token: root, body: { user: "a", pw: "b" } });
  assert.equal(w.status, 204, w.text);
  assert.equal(w.text, "");
  const r = await s.request("GET", "kv1/app/db", { token: root });
  assertEnvelope(r);
  assert.deepEqual(r.body.data, { user: "a", pw: "b" });
  assert.equal(r.body.lease_id, "");
  assert.equal(r.body.renewable, false);
  assert.equal(r.body.lease_duration, 7200);
  assert.equal(r.body.mount_type, "kv");

  // PUT replaces the whole object.
  assert.equal((await s.request("PUT", "kv1/app/db", { token: root, body: { user: "c" } })).status, 204);
  assert.deepEqual((await s.request("GET", "kv1/app/db", { token: root })).body.data, { user: "c" });

  await s.request("POST", "kv1/app/sub/x", { token: root, body: { k: "v" } });
  for (const l of [
    await s.request("LIST", "kv1/app", { token: root }),
    await s.request("GET", "kv1/app/?list=true", { token: root }),
  ]) {
    assertEnvelope(l);
    assert.deepEqual(l.body.data, { keys: ["db", "sub/"] });
  }
  assert.deepEqual((await s.request("LIST", "kv1/nothing", { token: root })).body, { errors: [] });

  assert.equal((await s.request("DELETE", "kv1/app/db", { token: root })).status, 204);
  const gone = await s.request("GET", "kv1/app/db", { token: root });
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.body, { errors: [] });
});

test("a ttl key in the data sets lease_duration without creating a lease", async () => {
  await s.request("POST", "kv1/ttl/one", { token: root, body: { ttl: "30m", v: "x" } });
  const r = await s.request("GET", "kv1/ttl/one", { token: root });
  assert.equal(r.body.lease_duration, 1800);
  assert.equal(r.body.lease_id, "");
  assert.equal(r.body.renewable, false);
  assert.deepEqual(r.body.data, { ttl: "30m", v: "x" });
  const leases = await s.request("LIST", "sys/leases/lookup/kv1/", { token: root });
  assert.equal(leases.status, 404, leases.text);
});

test("malformed writes are 400 and unauthorised calls 403; nothing changes", async () => {
  await s.request("POST", "kv1/guarded", { token: root, body: { v: "original" } });
  assertBadRequest(
    await s.request("POST", "kv1/guarded", { token: root, body: "{oops" }),
    "error parsing JSON",
  );
  assertBadRequest(await s.request("POST", "kv1/guarded", { token: root, body: {} }), /missing data/);
  await writePolicy(s, "kv1-read", 'path "kv1/open/*" { capabilities = ["read", "list"] }');
  const t = await tokenWith(s, ["kv1-read"]);
  assertDenied(await s.request("POST", "kv1/guarded", { token: t, body: { v: "evil" } }));
  assertDenied(await s.request("DELETE", "kv1/guarded", { token: t }));
  assertDenied(await s.request("GET", "kv1/guarded", { token: t }));
  assertDenied(await s.request("LIST", "kv1/", { token: t }));
  assert.deepEqual((await s.request("GET", "kv1/guarded", { token: root })).body.data, { v: "original" });
  assert.equal((await s.request("GET", "kv1/open/none", { token: t })).status, 404);
});
