/**
 * KV v1 -> v2 upgrade in place over HTTP (`vault kv enable-versioning`, i.e. a tune of
 * options.version to "2"): existing secrets become version 1 of v2 secrets.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { assertError, readData, tokenWithPolicy } from "./sys-test-helpers.js";

let s: TestServer;
before(async () => {
  s = await startTestServer({ storage: "sqlite" });
});
after(() => s.close());

const root = () => ({ token: s.rootToken });

test("tuning a v1 mount to version 2 keeps every secret as version 1, readable via data/ and listed via metadata/", async () => {
  assert.equal(
    (await s.request("POST", "sys/mounts/legacy", { ...root(), body: { type: "kv-v1" } })).status,
    204,
  );
  const secrets: Record<string, Record<string, unknown>> = {
    "app/db": { password: "pw-db", port: 5432 },
    "app/api": { token: "api-1" },
    "team/x/y": { k: "v" },
    config: { not: "the engine's config" },
  };
  for (const [path, data] of Object.entries(secrets)) {
    assert.equal((await s.request("POST", `legacy/${path}`, { ...root(), body: data })).status, 204);
  }

  const t = await s.request("POST", "sys/mounts/legacy/tune", {
    ...root(),
    body: { options: { version: "2" } },
  });
  assert.equal(t.status, 200, t.text);
  assert.deepEqual(t.body.warnings, [
    "Upgrading mount from version 1 to version 2. This mount will be unavailable for a brief period and will resume service shortly.",
  ]);
  assert.deepEqual((await readData(s, "sys/mounts/legacy")).options, { version: "2" });
  const ui = await readData(s, "sys/internal/ui/mounts/legacy/app/db");
  assert.deepEqual(ui.options, { version: "2" });

  for (const [path, data] of Object.entries(secrets)) {
    const r = await readData(s, `legacy/data/${path}`);
    assert.deepEqual(r.data, data, path);
    assert.equal((r.metadata as Record<string, unknown>).version, 1, path);
  }
  const top = await s.request("LIST", "legacy/metadata/", root());
  assert.deepEqual(top.body.data.keys, ["app/", "config", "team/"]);
  const app = await s.request("LIST", "legacy/metadata/app", root());
  assert.deepEqual(app.body.data.keys, ["api", "db"]);
  const meta = await readData(s, "legacy/metadata/app/db");
  assert.equal(meta.current_version, 1);
  assert.deepEqual(Object.keys(meta.versions as object), ["1"]);
  // The engine's own config is the default one, not the v1 secret named "config".
  assert.equal((await readData(s, "legacy/config")).max_versions, 0);

  // v1-style paths now answer as on any v2 mount, and new writes take version 2.
  const old = await s.request("GET", "legacy/app/db", root());
  assert.equal(old.status, 404);
  assert.match(old.body.warnings[0], /Invalid path for a versioned K\/V secrets engine/);
  const w = await s.request("POST", "legacy/data/app/db", {
    ...root(),
    body: { data: { password: "pw-2" } },
  });
  assert.equal(w.body.data.version, 2);

  // The upgrade is kept across a seal and unseal, and not run twice.
  assert.equal((await s.request("PUT", "sys/seal", root())).status, 204);
  assert.equal((await s.request("PUT", "sys/unseal", { body: { key: s.keys[0] } })).body.sealed, false);
  assert.equal((await readData(s, "legacy/metadata/app/db")).current_version, 2);
  assert.equal((await readData(s, "legacy/metadata/app/api")).current_version, 1);
  assert.deepEqual(((await readData(s, "legacy/data/team/x/y")).data as Record<string, unknown>).k, "v");

  // Asking for version 2 again changes nothing; going back is refused.
  const again = await s.request("POST", "sys/mounts/legacy/tune", {
    ...root(),
    body: { options: { version: "2" } },
  });
  assert.equal(again.status, 204);
  assertError(
    await s.request("POST", "sys/mounts/legacy/tune", { ...root(), body: { options: { version: "1" } } }),
    400,
    "cannot downgrade mount from version 2",
  );
});

test("a token that may not tune the mount cannot upgrade it: 403 and the mount stays v1", async () => {
  assert.equal(
    (await s.request("POST", "sys/mounts/legacy2", { ...root(), body: { type: "kv-v1" } })).status,
    204,
  );
  await s.request("POST", "legacy2/k", { ...root(), body: { a: "1" } });
  const t = await tokenWithPolicy(
    s,
    "legacy2-user",
    'path "legacy2/*" { capabilities = ["read", "update"] }',
  );
  const r = await s.request("POST", "sys/mounts/legacy2/tune", {
    token: t,
    body: { options: { version: "2" } },
  });
  assert.equal(r.status, 403);
  assert.deepEqual((await readData(s, "sys/mounts/legacy2")).options, { version: "1" });
  assert.deepEqual(await readData(s, "legacy2/k"), { a: "1" });
});
