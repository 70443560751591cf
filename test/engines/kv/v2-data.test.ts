import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError, NotFoundError } from "../../../src/errors.js";
import { makeRequest } from "../../helpers/request.js";
import { kv, snapshot, ts } from "./harness.js";

test("write returns version metadata; read returns data and metadata in Vault's shape", async () => {
  const h = await kv({ version: "2" });
  const w = await h.call("create", "data/app/db", { data: { user: "admin", port: 5432 } });
  assert.deepEqual(w, {
    data: {
      created_time: "2024-05-01T10:00:00.123000000Z",
      custom_metadata: null,
      deletion_time: "",
      destroyed: false,
      version: 1,
    },
  });
  h.clock.advance(1000);
  await h.call("update", "data/app/db", { data: { user: "root" } });
  const r = await h.call("read", "data/app/db");
  assert.deepEqual(r, {
    data: {
      data: { user: "root" },
      metadata: {
        created_time: "2024-05-01T10:00:01.123000000Z",
        custom_metadata: null,
        deletion_time: "",
        destroyed: false,
        version: 2,
      },
    },
  });
});

test("?version reads an older version; 0 means current; unknown versions and keys are not found", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "data/k", { data: { v: 1 } });
  await h.call("update", "data/k", { data: { v: 2 } });
  assert.deepEqual((await h.call("read", "data/k", { version: "1" }))?.data?.data, { v: 1 });
  assert.deepEqual((await h.call("read", "data/k", { version: "0" }))?.data?.data, { v: 2 });
  assert.equal(await h.call("read", "data/k", { version: "3" }), null);
  assert.equal(await h.call("read", "data/nope"), null);
  await h.rejects("read", "data/k", { version: "x" }, InvalidRequestError);
});

test("custom_metadata of the key shows on data reads and writes", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "metadata/k", { custom_metadata: { owner: "jdoe" } });
  const w = await h.call("update", "data/k", { data: { a: 1 } });
  assert.deepEqual(w?.data?.custom_metadata, { owner: "jdoe" });
  const r = await h.call("read", "data/k");
  assert.deepEqual((r?.data?.metadata as Record<string, unknown> | undefined)?.custom_metadata, {
    owner: "jdoe",
  });
});

test("cas: 0 only creates, N must equal the current version, and bad cas values are refused", async () => {
  const h = await kv({ version: "2" });
  const mismatch = ["check-and-set parameter did not match the current version"];
  assert.equal((await h.call("update", "data/k", { data: { a: 1 }, options: { cas: 0 } }))?.data?.version, 1);
  await h.rejects("update", "data/k", { data: { a: 2 }, options: { cas: 0 } }, InvalidRequestError, mismatch);
  await h.rejects("update", "data/k", { data: { a: 2 }, options: { cas: 2 } }, InvalidRequestError, mismatch);
  await h.rejects("update", "data/k", { data: { a: 2 }, options: { cas: "one" } }, InvalidRequestError, [
    "error parsing check-and-set parameter",
  ]);
  assert.equal(
    (await h.call("update", "data/k", { data: { a: 2 }, options: { cas: "1" } }))?.data?.version,
    2,
  );
  // A soft-deleted current version still counts as current.
  await h.call("delete", "data/k");
  assert.equal((await h.call("update", "data/k", { data: { a: 3 }, options: { cas: 2 } }))?.data?.version, 3);
});

test("cas_required from the mount config or the key makes cas mandatory", async () => {
  const h = await kv({ version: "2" });
  const required = ["check-and-set parameter required for this call"];
  await h.call("update", "metadata/strict", { cas_required: true });
  await h.rejects("update", "data/strict", { data: { a: 1 } }, InvalidRequestError, required);
  assert.equal(
    (await h.call("update", "data/strict", { data: { a: 1 }, options: { cas: 0 } }))?.data?.version,
    1,
  );
  await h.call("update", "data/loose", { data: { a: 1 } });
  await h.call("update", "config", { cas_required: true });
  await h.rejects("update", "data/loose", { data: { a: 2 } }, InvalidRequestError, required);
  assert.equal(
    (await h.call("update", "data/loose", { data: { a: 2 }, options: { cas: 1 } }))?.data?.version,
    2,
  );
});

test("malformed writes are 400 and change nothing", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "data/k", { data: { a: 1 } });
  const before = await snapshot(h.mem);
  await h.rejects("update", "data/k", {}, InvalidRequestError, ["no data provided"]);
  await h.rejects("update", "data/k", { data: null }, InvalidRequestError, ["no data provided"]);
  await h.rejects("update", "data/k", { data: "a=b" }, InvalidRequestError, [
    'invalid value for field "data": expected an object',
  ]);
  await h.rejects("update", "data/k", { data: [1, 2] }, InvalidRequestError);
  await h.rejects("update", "data/k", { data: { a: 1 }, options: "cas=1" }, InvalidRequestError);
  let deep: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < 600; i++) deep = { d: deep };
  await h.rejects("update", "data/k", { data: deep }, InvalidRequestError);
  await h.rejects("update", "data/a/../k", { data: { a: 1 } }, InvalidRequestError);
  await h.rejects("update", "data//k", { data: { a: 1 } }, InvalidRequestError);
  assert.deepEqual(await snapshot(h.mem), before);
});

test("a key named __proto__ inside data is kept as data", async () => {
  const h = await kv({ version: "2" });
  const data = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
  await h.call("update", "data/k", { data });
  const read = (await h.call("read", "data/k"))?.data?.data as Record<string, unknown>;
  assert.equal(JSON.stringify(read), '{"__proto__":{"polluted":true},"a":1}');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("PATCH merges into the current version (RFC 7396) and makes a new version", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "data/k", { data: { a: 1, b: { c: 2, d: 3 }, list: [1, 2], gone: "x" } });
  h.clock.advance(5);
  const p = await h.call("patch", "data/k", {
    data: { b: { d: null, e: 4 }, list: [3], gone: null, n: "new" },
  });
  assert.deepEqual(p, {
    data: { created_time: ts(5), custom_metadata: null, deletion_time: "", destroyed: false, version: 2 },
  });
  assert.deepEqual((await h.call("read", "data/k"))?.data?.data, {
    a: 1,
    b: { c: 2, e: 4 },
    list: [3],
    n: "new",
  });
  await h.rejects("patch", "data/k", { data: { a: 2 }, options: { cas: 1 } }, InvalidRequestError, [
    "check-and-set parameter did not match the current version",
  ]);
  assert.equal((await h.call("patch", "data/k", { data: { a: 2 }, options: { cas: 2 } }))?.data?.version, 3);
  await h.rejects("patch", "data/k", {}, InvalidRequestError, ["no data provided"]);
});

test("PATCH of a missing key is 404; of a deleted current version is the 404 envelope", async () => {
  const h = await kv({ version: "2" });
  await h.rejects("patch", "data/none", { data: { a: 1 } }, NotFoundError, []);
  await h.call("update", "data/k", { data: { a: 1 } });
  await h.call("delete", "data/k");
  const req = makeRequest("patch", "data/k", { data: { a: 2 } });
  const res = await h.backend.handle(req);
  assert.equal(res?.raw?.status, 404);
  const body = res?.raw?.body as Record<string, unknown>;
  assert.equal(body.request_id, req.id);
  assert.deepEqual(body.data, {
    created_time: ts(),
    custom_metadata: null,
    deletion_time: ts(),
    destroyed: false,
    version: 1,
  });
});

test("DELETE soft-deletes the latest version; its read is a 404 carrying Vault's full envelope", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "data/k", { data: { a: 1 } });
  await h.call("update", "data/k", { data: { a: 2 } });
  h.clock.advance(2000);
  assert.equal(await h.call("delete", "data/k"), null);
  const req = makeRequest("read", "data/k");
  const res = await h.backend.handle(req);
  assert.deepEqual(res, {
    raw: {
      status: 404,
      body: {
        request_id: req.id,
        lease_id: "",
        renewable: false,
        lease_duration: 0,
        data: {
          data: null,
          metadata: {
            created_time: ts(),
            custom_metadata: null,
            deletion_time: ts(2000),
            destroyed: false,
            version: 2,
          },
        },
        wrap_info: null,
        warnings: null,
        auth: null,
        mount_type: "kv",
      },
    },
  });
  // The older version still reads; deleting again changes nothing.
  assert.deepEqual((await h.call("read", "data/k", { version: 1 }))?.data?.data, { a: 1 });
  h.clock.advance(1000);
  await h.call("delete", "data/k");
  const meta = (await h.call("read", "metadata/k"))?.data?.versions as Record<
    string,
    Record<string, unknown>
  >;
  assert.equal(meta["2"].deletion_time, ts(2000));
  // Deleting a key that never existed is a quiet no-op.
  assert.equal(await h.call("delete", "data/never"), null);
});

test("existence checks on data/ and metadata/ tell create from update", async () => {
  const h = await kv({ version: "2" });
  const exists = (path: string) => h.backend.existenceCheck(makeRequest("update", path, {}));
  assert.equal(await exists("data/k"), false);
  assert.equal(await exists("metadata/k"), false);
  await h.call("update", "metadata/k", { max_versions: 3 });
  assert.equal(await exists("data/k"), true);
  assert.equal(await exists("metadata/k"), true);
  assert.equal(await exists("config"), undefined);
});

test("metadata written before any data: data read is 404, first write is version 1 with cas 0", async () => {
  const h = await kv({ version: "2" });
  await h.call("update", "metadata/k", { cas_required: true, custom_metadata: { team: "a" } });
  assert.equal(await h.call("read", "data/k"), null);
  const w = await h.call("update", "data/k", { data: { a: 1 }, options: { cas: 0 } });
  assert.equal(w?.data?.version, 1);
});

test("v1-style paths on a v2 mount answer 404 with Vault's warning", async () => {
  const h = await kv({ version: "2" });
  const warning = (verb: string) =>
    "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints " +
    `to use. If using the Vault CLI, use 'vault kv ${verb}' for this operation.`;
  for (const [op, verb] of [
    ["read", "get"],
    ["update", "put"],
    ["create", "put"],
    ["delete", "delete"],
    ["patch", "patch"],
  ] as const) {
    const req = makeRequest(op, "foo", { a: 1 });
    const res = await h.backend.handle(req);
    assert.equal(res?.raw?.status, 404);
    assert.deepEqual(res?.raw?.body, {
      request_id: req.id,
      lease_id: "",
      renewable: false,
      lease_duration: 0,
      data: null,
      wrap_info: null,
      warnings: [warning(verb)],
      auth: null,
      mount_type: "kv",
    });
  }
  const root = await h.call("read", "data");
  assert.deepEqual((root?.raw?.body as Record<string, unknown> | undefined)?.warnings, [
    "Non-listing operations on the root of a K/V v2 mount are not supported.",
  ]);
});

test("unrecognized parameters are ignored with a warning", async () => {
  const h = await kv({ version: "2" });
  const res = await h.call("update", "data/k", { data: { a: 1 }, extra: true });
  assert.deepEqual(res?.warnings, ["Endpoint ignored these unrecognized parameters: [extra]"]);
});
