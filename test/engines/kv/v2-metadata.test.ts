import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError, NotFoundError } from "../../../src/errors.js";
import { kv, snapshot, ts } from "./harness.js";

test("config: defaults, write, read back; negative delete_version_after disables", async () => {
  const h = await kv({ version: "2" });
  assert.deepEqual(await h.call("read", "config"), {
    data: { cas_required: false, delete_version_after: "0s", max_versions: 0 },
  });
  assert.equal(await h.call("update", "config", { max_versions: 5, delete_version_after: "3h25m19s" }), null);
  assert.deepEqual((await h.call("read", "config"))?.data, {
    cas_required: false,
    delete_version_after: "3h25m19s",
    max_versions: 5,
  });
  await h.call("update", "config", { cas_required: "true" });
  assert.equal((await h.call("read", "config"))?.data?.max_versions, 5);
  await h.call("update", "config", { delete_version_after: "-5m" });
  assert.equal((await h.call("read", "config"))?.data?.delete_version_after, "-1s");
  await h.call("update", "config", { delete_version_after: 0 });
  assert.equal((await h.call("read", "config"))?.data?.delete_version_after, "0s");
});

test("config: bad values are 400 and change nothing", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "config", { max_versions: 4 });
  const before = await snapshot(h.mem);
  await h.rejects("update", "config", { max_versions: -1 }, InvalidRequestError);
  await h.rejects("update", "config", { max_versions: "many" }, InvalidRequestError);
  await h.rejects("update", "config", { cas_required: "maybe" }, InvalidRequestError);
  await h.rejects("update", "config", { delete_version_after: "1 hour" }, InvalidRequestError);
  assert.deepEqual(await snapshot(h.mem), before);
});

test("metadata read shows every version in Vault's shape", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "data/k", { data: { a: 1 } });
  h.clock.advance(10);
  await h.call("update", "data/k", { data: { a: 2 } });
  h.clock.advance(10);
  await h.call("update", "data/k", { data: { a: 3 } });
  await h.call("update", "destroy/k", { versions: [3] });
  h.clock.advance(10);
  await h.call("update", "delete/k", { versions: [2] });
  await h.call("update", "metadata/k", {
    custom_metadata: { owner: "jdoe" },
    delete_version_after: "3h25m19s",
  });
  assert.deepEqual(await h.call("read", "metadata/k"), {
    data: {
      cas_required: false,
      created_time: "2024-05-01T10:00:00.123000000Z",
      current_version: 3,
      custom_metadata: { owner: "jdoe" },
      delete_version_after: "3h25m19s",
      max_versions: 0,
      oldest_version: 0,
      updated_time: "2024-05-01T10:00:00.143000000Z",
      versions: {
        "1": { created_time: ts(0), deletion_time: "", destroyed: false },
        "2": { created_time: ts(10), deletion_time: ts(30), destroyed: false },
        "3": { created_time: ts(20), deletion_time: "", destroyed: true },
      },
    },
  });
  assert.equal(await h.call("read", "metadata/none"), null);
});

test("metadata write before data creates the key; an empty write creates nothing", async () => {
  const h = await kv({ version: "2" });
  assert.equal(await h.call("update", "metadata/empty", {}), null);
  assert.equal(await h.call("read", "metadata/empty"), null);
  await h.call("create", "metadata/k", { max_versions: 2, cas_required: true });
  assert.deepEqual(await h.call("read", "metadata/k"), {
    data: {
      cas_required: true,
      created_time: ts(),
      current_version: 0,
      custom_metadata: null,
      delete_version_after: "0s",
      max_versions: 2,
      oldest_version: 0,
      updated_time: ts(),
      versions: {},
    },
  });
});

test("max_versions: older versions are purged from storage and oldest_version advances", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "metadata/k", { max_versions: 2 });
  for (let i = 1; i <= 4; i++) await h.call("update", "data/k", { data: { i } });
  const meta = (await h.call("read", "metadata/k"))?.data;
  assert.equal(meta?.current_version, 4);
  assert.equal(meta?.oldest_version, 3);
  assert.deepEqual(Object.keys(meta?.versions as object), ["3", "4"]);
  assert.equal(await h.call("read", "data/k", { version: 2 }), null);
  assert.deepEqual((await h.call("read", "data/k", { version: 3 }))?.data?.data, { i: 3 });
  // Only the two kept versions' data is left in storage.
  const versionKeys = [...(await snapshot(h.mem)).keys()].filter((k) => k.includes("/versions/"));
  assert.equal(versionKeys.length, 2);
});

test("max_versions falls back to the mount config, then to 10", async () => {
  const h = await kv({ version: "2" });
  for (let i = 1; i <= 11; i++) await h.call("update", "data/ten", { data: { i } });
  const ten = (await h.call("read", "metadata/ten"))?.data;
  assert.equal(ten?.oldest_version, 2);
  assert.equal(Object.keys(ten?.versions as object).length, 10);
  await h.call("update", "config", { max_versions: 3 });
  for (let i = 1; i <= 4; i++) await h.call("update", "data/three", { data: { i } });
  assert.deepEqual(Object.keys((await h.call("read", "metadata/three"))?.data?.versions as object), [
    "2",
    "3",
    "4",
  ]);
});

test("custom_metadata limits are enforced with Vault's messages and change nothing", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "metadata/k", { custom_metadata: { keep: "me" } });
  const before = await snapshot(h.mem);
  const tooMany = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"]));
  await h.rejects("update", "metadata/k", { custom_metadata: tooMany }, InvalidRequestError, [
    "1 error occurred:\n\t* custom_metadata validation failed: payload must contain at most 64 keys, provided 65\n\n",
  ]);
  await h.rejects(
    "update",
    "metadata/k",
    { custom_metadata: { ["x".repeat(129)]: "v", ok: "y".repeat(513) } },
    InvalidRequestError,
    [
      "2 errors occurred:\n" +
        `\t* custom_metadata validation failed: length of key "${"x".repeat(129)}" is 129 but must be 0 < len(key) <= 128\n` +
        '\t* custom_metadata validation failed: length of value for key "ok" is 513 but must be 0 < len(value) <= 512\n\n',
    ],
  );
  await h.rejects("update", "metadata/k", { custom_metadata: { bell: "\u0007" } }, InvalidRequestError);
  await h.rejects("update", "metadata/k", { custom_metadata: { nested: { a: "b" } } }, InvalidRequestError);
  await h.rejects("update", "metadata/k", { custom_metadata: "a=b" }, InvalidRequestError);
  await h.rejects("patch", "metadata/k", { custom_metadata: tooMany }, InvalidRequestError);
  assert.deepEqual(await snapshot(h.mem), before);
  // 64 keys of the maximum sizes are accepted.
  const max = Object.fromEntries(
    Array.from({ length: 64 }, (_, i) => [
      `${String(i).padStart(2, "0")}${"k".repeat(126)}`,
      "v".repeat(512),
    ]),
  );
  assert.equal(await h.call("update", "metadata/k", { custom_metadata: max }), null);
});

test("metadata: negative max_versions and delete_version_after are 400", async () => {
  const h = await kv({ version: "2" });
  await h.rejects("update", "metadata/k", { max_versions: -2 }, InvalidRequestError);
  await h.rejects("update", "metadata/k", { delete_version_after: "-1h" }, InvalidRequestError);
  assert.equal(await h.call("read", "metadata/k"), null);
});

test("cas_required false on a key while the mount requires it gives a warning", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "config", { cas_required: true });
  const res = await h.call("update", "metadata/k", { cas_required: false });
  assert.deepEqual(res, {
    warnings: ['"cas_required" set to false, but is mandated by backend config. This value will be ignored.'],
  });
});

test("metadata PATCH merges settings and custom_metadata; missing key is 404", async () => {
  const h = await kv({ version: "2" });
  await h.rejects("patch", "metadata/none", { max_versions: 1 }, NotFoundError);
  await h.call("update", "metadata/k", { max_versions: 4, custom_metadata: { a: "1", b: "2" } });
  assert.equal(
    await h.call("patch", "metadata/k", { cas_required: true, custom_metadata: { a: null, c: 3 } }),
    null,
  );
  const meta = (await h.call("read", "metadata/k"))?.data;
  assert.equal(meta?.max_versions, 4);
  assert.equal(meta?.cas_required, true);
  assert.deepEqual(meta?.custom_metadata, { b: "2", c: "3" });
  await h.call("patch", "metadata/k", { custom_metadata: null, delete_version_after: "1h" });
  const after = (await h.call("read", "metadata/k"))?.data;
  assert.equal(after?.custom_metadata, null);
  assert.equal(after?.delete_version_after, "1h0m0s");
});

test("metadata DELETE removes the key, every version and its data; a new write starts at 1", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "data/k", { data: { a: 1 } });
  await h.call("update", "data/k", { data: { a: 2 } });
  await h.call("update", "data/other", { data: { b: 1 } });
  const before = (await snapshot(h.mem)).size;
  assert.equal(await h.call("delete", "metadata/k"), null);
  assert.equal((await snapshot(h.mem)).size, before - 3);
  assert.equal(await h.call("read", "metadata/k"), null);
  assert.equal(await h.call("read", "data/k", { version: 1 }), null);
  assert.equal((await h.call("update", "data/k", { data: { a: 3 } }))?.data?.version, 1);
  assert.equal(await h.call("delete", "metadata/never"), null);
});

test("LIST metadata/ returns direct children, folders with a trailing slash; empty is nothing", async () => {
  const h = await kv({ version: "2" });
  assert.equal(await h.call("list", "metadata/"), null);
  for (const p of ["foo", "foo/bar", "foo/baz/qux", "alpha"])
    await h.call("update", `data/${p}`, { data: { a: 1 } });
  await h.call("update", "metadata/meta-only", { max_versions: 1 });
  assert.deepEqual(await h.call("list", "metadata/"), {
    data: { keys: ["alpha", "foo", "foo/", "meta-only"] },
  });
  assert.deepEqual(await h.call("list", "metadata/foo/"), { data: { keys: ["bar", "baz/"] } });
  assert.deepEqual(await h.call("list", "metadata/foo"), { data: { keys: ["bar", "baz/"] } });
  assert.equal(await h.call("list", "metadata/nothing/"), null);
  assert.equal(await h.call("list", "metadata/../"), null);
  // A soft-deleted key stays listed; deleting its metadata removes it.
  await h.call("delete", "data/foo");
  await h.call("delete", "metadata/alpha");
  assert.deepEqual((await h.call("list", "metadata/"))?.data?.keys, ["foo", "foo/", "meta-only"]);
});
