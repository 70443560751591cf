import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError, UnsupportedOperationError, UnsupportedPathError } from "../../src/errors.js";
import { field } from "../../src/logical/fields.js";
import { createBackend, definePath } from "../../src/logical/framework.js";
import { PrefixedStorageView } from "../../src/logical/storage-view.js";
import { MemoryStorage } from "../../src/storage/memory.js";
import { makeRequest } from "../helpers/request.js";

const backend = createBackend({
  type: "demo",
  paths: [
    definePath({
      pattern: "items/(?<name>[^/]+)",
      fields: { name: field.str(), count: field.int().optional(), on: field.bool().default(false) },
      operations: {
        read: async (_req, f) => ({ data: { name: f.name, count: f.count ?? null, on: f.on } }),
        update: async (_req, f) => ({ data: { updated: f.name } }),
      },
      existenceCheck: async (_req, f) => f.name === "exists",
      help: "items help",
    }),
  ],
});

test("routes by pattern, captures named groups and coerces string fields", async () => {
  const res = await backend.handle(makeRequest("read", "items/a", { count: "7", on: "t" }));
  assert.deepEqual(res?.data, { name: "a", count: 7, on: true });
});

test("a JSON null is a field not given (not in a PATCH): optional fields stay unset, defaults apply", async () => {
  const res = await backend.handle(makeRequest("read", "items/a", { count: null, on: null }));
  assert.deepEqual(res?.data, { name: "a", count: null, on: false });
});

test("create falls back to update; help returns the path's help", async () => {
  assert.deepEqual((await backend.handle(makeRequest("create", "items/b")))?.data, { updated: "b" });
  assert.deepEqual((await backend.handle(makeRequest("help", "items/b")))?.data, { help: "items help" });
});

test("bad field values, unknown paths and unsupported operations are typed errors", async () => {
  await assert.rejects(backend.handle(makeRequest("read", "items/a", { count: "x" })), (e: unknown) => {
    assert.ok(e instanceof InvalidRequestError);
    assert.match(e.messages[0], /field "count"/);
    return true;
  });
  await assert.rejects(backend.handle(makeRequest("read", "nope")), UnsupportedPathError);
  await assert.rejects(backend.handle(makeRequest("delete", "items/a")), UnsupportedOperationError);
});

test("unknown parameters are ignored with a warning on writes", async () => {
  const res = await backend.handle(makeRequest("update", "items/a", { bogus: 1 }));
  assert.deepEqual(res?.warnings, ["Endpoint ignored these unrecognized parameters: [bogus]"]);
});

test("existence check reports undefined for paths without one", async () => {
  assert.equal(await backend.existenceCheck(makeRequest("update", "items/exists")), true);
  assert.equal(await backend.existenceCheck(makeRequest("update", "items/other")), false);
  assert.equal(await backend.existenceCheck(makeRequest("update", "zzz")), undefined);
});

test("storage views isolate prefixes and refuse traversal", async () => {
  const mem = new MemoryStorage();
  const secure = {
    get: (k: string) => mem.get(k),
    put: (k: string, v: Uint8Array) => mem.put(k, v),
    delete: (k: string) => mem.delete(k),
    list: (p: string) => mem.list(p),
    transaction: mem.transaction.bind(mem),
  };
  const a = new PrefixedStorageView(secure, "logical/a/");
  const b = new PrefixedStorageView(secure, "logical/b/");
  await a.putJSON("x", { v: 1 });
  assert.deepEqual(await a.getJSON("x"), { v: 1 });
  assert.equal(await b.get("x"), null);
  await b.putJSON("y", 2);
  assert.deepEqual(await mem.list("logical/"), ["a/", "b/"]);
  await assert.rejects(a.get("../b/x"));
  assert.deepEqual(await a.sub("x/").list(""), []);
});
