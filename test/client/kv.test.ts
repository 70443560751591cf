import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ApiError, addPrefixToKvPath, CofreClient } from "../../src/index.js";
import { envelope, FakeServer, kvMount } from "./fake-server.js";

describe("addPrefixToKvPath", () => {
  it("puts the API prefix right after the mount", () => {
    assert.equal(addPrefixToKvPath("secret/foo", "secret/", "data"), "secret/data/foo");
    assert.equal(addPrefixToKvPath("secret/a/b/c", "secret/", "metadata"), "secret/metadata/a/b/c");
    assert.equal(addPrefixToKvPath("team/kv/x", "team/kv/", "delete"), "team/kv/delete/x");
  });
  it("maps the mount itself to the prefix", () => {
    assert.equal(addPrefixToKvPath("secret", "secret/", "metadata"), "secret/metadata");
    assert.equal(addPrefixToKvPath("secret/", "secret/", "metadata"), "secret/metadata");
  });
  it("drops leading mount segments the user did not type (namespaces)", () => {
    assert.equal(addPrefixToKvPath("secret/foo", "ns1/secret/", "data"), "secret/data/foo");
  });
});

describe("KvApi version detection and path rewriting", () => {
  const fake = new FakeServer();
  let client: CofreClient;
  before(async () => {
    await fake.start();
    fake.on("GET /v1/sys/internal/ui/mounts/secret/app", kvMount("secret/", "2"));
    fake.on("GET /v1/sys/internal/ui/mounts/secret", kvMount("secret/", "2"));
    fake.on("GET /v1/sys/internal/ui/mounts/kv1/app", kvMount("kv1/", "1"));
    fake.on("GET /v1/sys/internal/ui/mounts/kvnull/app", kvMount("kvnull/", null));
    fake.on("GET /v1/sys/internal/ui/mounts/denied/app", {
      status: 403,
      body: {
        errors: [
          'preflight capability check returned 403, please ensure client\'s policies grant access to path "denied/"',
        ],
      },
    });
    client = new CofreClient({ address: fake.address, token: "t" });
  });
  after(async () => {
    client.close();
    await fake.stop();
  });

  it("detects v2 from data.options.version and v1 from '1', null options or a 404", async () => {
    assert.deepEqual(await client.kv.detect("secret/app"), { mountPath: "secret/", version: 2 });
    assert.deepEqual(await client.kv.detect("kv1/app"), { mountPath: "kv1/", version: 1 });
    assert.deepEqual(await client.kv.detect("kvnull/app"), { mountPath: "kvnull/", version: 1 });
    assert.deepEqual(await client.kv.detect("old/app"), { mountPath: "", version: 1 });
  });

  it("fails on a preflight error other than 404", async () => {
    const err = await client.kv.detect("denied/app").catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 403);
  });

  it("reads v2 at data/ with ?version, and v1 at the path itself", async () => {
    fake.on("GET /v1/secret/data/app", {
      body: envelope({ data: { k: "v" }, metadata: { version: 3 } }),
    });
    fake.on("GET /v1/kv1/app", { body: envelope({ k: "v1" }) });
    const v2 = await client.kv.get("secret/app", { version: 3 });
    assert.equal(v2.target.apiPath, "secret/data/app");
    assert.equal(fake.seen("GET", "/v1/secret/data/app").at(-1)!.query.get("version"), "3");
    const v1 = await client.kv.get("/kv1/app/", { version: 3 });
    assert.equal(v1.target.apiPath, "kv1/app");
    assert.deepEqual(v1.secret?.data, { k: "v1" });
    assert.equal(fake.seen("GET", "/v1/kv1/app").at(-1)!.query.get("version"), null);
  });

  it("writes v2 as {data, options:{cas}} and v1 as the data itself", async () => {
    fake.on("POST /v1/secret/data/app", { body: envelope({ version: 4 }) });
    fake.on("POST /v1/kv1/app", { status: 204 });
    await client.kv.put("secret/app", { a: "1" }, { cas: 3 });
    assert.deepEqual(fake.seen("POST", "/v1/secret/data/app").at(-1)!.json, {
      data: { a: "1" },
      options: { cas: 3 },
    });
    await client.kv.put("kv1/app", { a: "1" });
    assert.deepEqual(fake.seen("POST", "/v1/kv1/app").at(-1)!.json, { a: "1" });
  });

  it("uses -mount style options: the path is relative to the mount", async () => {
    fake.on("GET /v1/secret/data/nested/key", { body: envelope({ data: {}, metadata: { version: 1 } }) });
    const res = await client.kv.get("nested/key", { mount: "secret" });
    assert.equal(res.target.apiPath, "secret/data/nested/key");
    assert.equal(res.target.mountPath, "secret/");
  });

  it("lists v2 under metadata/ and deletes versions through delete/", async () => {
    fake.on("GET /v1/secret/metadata/", { body: envelope({ keys: ["app", "dir/"] }) });
    const listed = await client.kv.list("secret");
    assert.deepEqual(listed.secret?.data?.keys, ["app", "dir/"]);
    assert.equal(fake.seen("GET", "/v1/secret/metadata/").at(-1)!.query.get("list"), "true");

    fake.on("POST /v1/secret/delete/app", { status: 204 });
    fake.on("DELETE /v1/secret/data/app", { status: 204 });
    await client.kv.delete("secret/app", { versions: [1, 2] });
    assert.deepEqual(fake.seen("POST", "/v1/secret/delete/app").at(-1)!.json, { versions: [1, 2] });
    await client.kv.delete("secret/app");
    assert.equal(fake.seen("DELETE", "/v1/secret/data/app").length, 1);
  });

  it("refuses undelete and destroy on a v1 mount before sending anything", async () => {
    const before = fake.requests.length;
    await assert.rejects(client.kv.undelete("kv1/app", [1]), /Undelete not supported on KV Version 1/);
    await assert.rejects(client.kv.destroy("kv1/app", [1]), /Destroy not supported on KV Version 1/);
    assert.ok(fake.requests.slice(before).every((r) => r.path.startsWith("/v1/sys/internal/ui/mounts/")));
  });
});
