import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError } from "../../../src/errors.js";
import { makeRequest } from "../../helpers/request.js";
import { type Harness, kv, snapshot, ts } from "./harness.js";

async function versionsOf(h: Harness, path: string): Promise<Record<string, Record<string, unknown>>> {
  return (await h.call("read", `metadata/${path}`))?.data?.versions as Record<
    string,
    Record<string, unknown>
  >;
}

async function threeVersions(): Promise<Harness> {
  const h = await kv({ version: "2" });
  for (let i = 1; i <= 3; i++) await h.call("update", "data/k", { data: { i } });
  return h;
}

test("delete/ soft-deletes listed versions; undelete/ restores them", async () => {
  const h = await threeVersions();
  h.clock.advance(100);
  assert.equal(await h.call("update", "delete/k", { versions: [1, 2, 9] }), null);
  assert.equal((await h.call("read", "data/k", { version: 1 }))?.raw?.status, 404);
  assert.equal((await h.call("read", "data/k", { version: 2 }))?.raw?.status, 404);
  assert.deepEqual((await h.call("read", "data/k"))?.data?.data, { i: 3 });
  assert.equal((await versionsOf(h, "k"))["1"].deletion_time, ts(100));
  await h.call("update", "undelete/k", { versions: "1" });
  assert.deepEqual((await h.call("read", "data/k", { version: 1 }))?.data?.data, { i: 1 });
  assert.equal((await versionsOf(h, "k"))["1"].deletion_time, "");
  assert.equal((await h.call("read", "data/k", { version: 2 }))?.raw?.status, 404);
});

test("destroy/ wipes the data for good: undelete cannot bring it back", async () => {
  const h = await threeVersions();
  const versionKeys = async () => [...(await snapshot(h.mem)).keys()].filter((k) => k.includes("/versions/"));
  assert.equal((await versionKeys()).length, 3);
  assert.equal(await h.call("update", "destroy/k", { versions: ["2", "3"] }), null);
  assert.equal((await versionKeys()).length, 1);
  await h.call("update", "undelete/k", { versions: [2] });
  const req = makeRequest("read", "data/k", { version: "2" });
  const res = await h.backend.handle(req);
  assert.equal(res?.raw?.status, 404);
  assert.deepEqual((res?.raw?.body as { data: unknown } | undefined)?.data, {
    data: null,
    metadata: { created_time: ts(), custom_metadata: null, deletion_time: "", destroyed: true, version: 2 },
  });
  assert.equal((await versionsOf(h, "k"))["3"].destroyed, true);
  // Deleting the destroyed current version is a no-op.
  await h.call("delete", "data/k");
  assert.equal((await versionsOf(h, "k"))["3"].deletion_time, "");
});

test("delete/undelete/destroy need a version list and refuse malformed ones unchanged", async () => {
  const h = await threeVersions();
  const before = await snapshot(h.mem);
  await h.rejects("update", "delete/k", {}, InvalidRequestError, ["No version number provided"]);
  await h.rejects("update", "undelete/k", { versions: [] }, InvalidRequestError, [
    "No version number provided",
  ]);
  await h.rejects("update", "destroy/k", {}, InvalidRequestError, ["no version number provided"]);
  await h.rejects("update", "destroy/k", { versions: ["one"] }, InvalidRequestError);
  await h.rejects("update", "delete/k", { versions: [1.5] }, InvalidRequestError);
  await h.rejects("update", "delete/k", { versions: { a: 1 } }, InvalidRequestError);
  assert.deepEqual(await snapshot(h.mem), before);
  // Unknown keys are a quiet no-op.
  assert.equal(await h.call("update", "destroy/none", { versions: [1] }), null);
});

test("delete_version_after gives a future deletion_time; the version reads until then", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "metadata/k", { delete_version_after: "1h" });
  const w = await h.call("update", "data/k", { data: { a: 1 } });
  assert.equal(w?.data?.deletion_time, ts(3600_000));
  h.clock.advance(3600_000 - 1);
  assert.deepEqual((await h.call("read", "data/k"))?.data?.data, { a: 1 });
  h.clock.advance(1);
  const gone = await h.call("read", "data/k");
  assert.equal(gone?.raw?.status, 404);
  assert.equal(
    (gone?.raw?.body as { data: { metadata: { deletion_time: string } } } | undefined)?.data.metadata
      .deletion_time,
    ts(3600_000),
  );
  // Undelete re-applies delete_version_after from now.
  await h.call("update", "undelete/k", { versions: [1] });
  assert.equal((await versionsOf(h, "k"))["1"].deletion_time, ts(7200_000));
  assert.deepEqual((await h.call("read", "data/k"))?.data?.data, { a: 1 });
});

test("the smaller of the mount's and the key's delete_version_after applies; a negative mount value disables it", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "config", { delete_version_after: "10m" });
  await h.call("update", "metadata/short", { delete_version_after: "1m" });
  await h.call("update", "metadata/long", { delete_version_after: "1h" });
  assert.equal((await h.call("update", "data/short", { data: { a: 1 } }))?.data?.deletion_time, ts(60_000));
  assert.equal((await h.call("update", "data/long", { data: { a: 1 } }))?.data?.deletion_time, ts(600_000));
  assert.equal((await h.call("update", "data/plain", { data: { a: 1 } }))?.data?.deletion_time, ts(600_000));
  await h.call("update", "config", { delete_version_after: "-1s" });
  assert.equal((await h.call("update", "data/short", { data: { a: 2 } }))?.data?.deletion_time, "");
});

test("a scheduled (future) deletion is brought forward by an explicit delete", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "metadata/k", { delete_version_after: "1h" });
  await h.call("update", "data/k", { data: { a: 1 } });
  h.clock.advance(60_000);
  await h.call("delete", "data/k");
  assert.equal((await versionsOf(h, "k"))["1"].deletion_time, ts(60_000));
  assert.equal((await h.call("read", "data/k"))?.raw?.status, 404);
});

test("subkeys replaces values with null, down to the requested depth", async () => {
  const h = await kv({ version: "2" });
  const data = { foo: "abc", bar: { baz: { deep: 1 }, empty: {} }, quux: [1, 2], nil: null };
  await h.call("update", "data/k", { data });
  const metadata = {
    created_time: ts(),
    custom_metadata: null,
    deletion_time: "",
    destroyed: false,
    version: 1,
  };
  assert.deepEqual(await h.call("read", "subkeys/k"), {
    data: {
      subkeys: { foo: null, bar: { baz: { deep: null }, empty: null }, quux: null, nil: null },
      metadata,
    },
  });
  assert.deepEqual((await h.call("read", "subkeys/k", { depth: "1" }))?.data?.subkeys, {
    foo: null,
    bar: null,
    quux: null,
    nil: null,
  });
  assert.deepEqual((await h.call("read", "subkeys/k", { depth: 2 }))?.data?.subkeys, {
    foo: null,
    bar: { baz: null, empty: null },
    quux: null,
    nil: null,
  });
  await h.rejects("read", "subkeys/k", { depth: -1 }, InvalidRequestError);
  await h.call("update", "data/k", { data: { only: "x" } });
  assert.deepEqual(
    Object.keys((await h.call("read", "subkeys/k", { version: 1 }))?.data?.subkeys as object),
    ["foo", "bar", "quux", "nil"],
  );
  assert.deepEqual((await h.call("read", "subkeys/k"))?.data?.subkeys, { only: null });
  assert.equal(await h.call("read", "subkeys/none"), null);
});

test("subkeys of a deleted version is the 404 envelope", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "data/k", { data: { a: 1 } });
  await h.call("delete", "data/k");
  const res = await h.call("read", "subkeys/k");
  assert.equal(res?.raw?.status, 404);
  const body = res?.raw?.body as { data: { subkeys: unknown; metadata: { deletion_time: string } } };
  assert.equal(body.data.subkeys, null);
  assert.equal(body.data.metadata.deletion_time, ts());
});
