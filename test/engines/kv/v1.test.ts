import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError, UnsupportedOperationError } from "../../../src/errors.js";
import { makeRequest } from "../../helpers/request.js";
import { DEFAULT_TTL, kv, snapshot } from "./harness.js";

test("v1 is the default: write replaces the whole object, read returns it with the default TTL hint", async () => {
  for (const version of [undefined, "", "1"]) {
    const h = await kv({ version });
    assert.equal(await h.call("create", "app/db", { user: "admin", port: 5432 }), null);
    assert.equal(await h.call("update", "app/db", { user: "root" }), null);
    const res = await h.call("read", "app/db");
    assert.deepEqual(res?.data, { user: "root" });
    assert.equal(res?.secret?.ttl, DEFAULT_TTL);
    assert.equal(res?.secret?.renewable, false);
    assert.equal((res?.secret as { leaseOnlyTTL?: boolean } | undefined)?.leaseOnlyTTL, true);
  }
});

test("v1: a ttl or lease key in the data becomes the lease duration hint", async () => {
  const h = await kv();
  await h.call("update", "a", { value: "x", ttl: "1h" });
  await h.call("update", "b", { value: "x", lease: 90 });
  await h.call("update", "c", { value: "x", ttl: "not a duration" });
  const a = await h.call("read", "a");
  assert.equal(a?.secret?.ttl, 3600);
  assert.deepEqual(a?.data, { value: "x", ttl: "1h" });
  assert.equal((await h.call("read", "b"))?.secret?.ttl, 90);
  assert.equal((await h.call("read", "c"))?.secret?.ttl, DEFAULT_TTL);
});

test("v1: missing keys read as nothing; delete removes; list shows children and folders", async () => {
  const h = await kv({ version: "1" });
  assert.equal(await h.call("read", "nope"), null);
  assert.equal(await h.call("list", ""), null);
  for (const p of ["foo", "foo/bar", "foo/baz/qux", "zed"]) await h.call("update", p, { v: 1 });
  assert.deepEqual(await h.call("list", ""), { data: { keys: ["foo", "foo/", "zed"] } });
  assert.deepEqual(await h.call("list", "foo/"), { data: { keys: ["bar", "baz/"] } });
  assert.equal(await h.call("list", "missing/"), null);
  assert.equal(await h.call("delete", "foo"), null);
  assert.equal(await h.call("read", "foo"), null);
  assert.deepEqual((await h.call("list", ""))?.data?.keys, ["foo/", "zed"]);
  assert.equal(await h.call("delete", "never"), null);
});

test("v1: existence check tells create from update", async () => {
  const h = await kv();
  const exists = (path: string) => h.backend.existenceCheck(makeRequest("update", path, { v: 1 }));
  assert.equal(await exists("k"), false);
  await h.call("update", "k", { v: 1 });
  assert.equal(await exists("k"), true);
});

test("v1: empty writes and bad paths are 400 and change nothing; other verbs are refused", async () => {
  const h = await kv();
  await h.call("update", "k", { v: 1 });
  const before = await snapshot(h.mem);
  await h.rejects("update", "k", {}, InvalidRequestError, ["missing data fields"]);
  await h.rejects("update", "", { v: 1 }, InvalidRequestError, ["missing path"]);
  await h.rejects("update", "a/../k", { v: 1 }, InvalidRequestError);
  await h.rejects("update", "/k", { v: 1 }, InvalidRequestError);
  await h.rejects("patch", "k", { v: 2 }, UnsupportedOperationError);
  assert.deepEqual(await snapshot(h.mem), before);
  assert.deepEqual((await h.call("read", "k"))?.data, { v: 1 });
});

test("v1: writes take no unrecognized-parameter warnings (the body is the secret)", async () => {
  const h = await kv();
  const res = await h.call("update", "k", { anything: 1, at: "all" });
  assert.equal(res, null);
});

test("an unknown version option is refused at mount time", async () => {
  await assert.rejects(kv({ version: "3" }), InvalidRequestError);
});
