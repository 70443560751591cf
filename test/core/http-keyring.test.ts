/** HTTP tests of sys/key-status and sys/rotate: who may call them, and that rotation loses nothing. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import {
  assertError,
  checkedRequests,
  PERMISSION_DENIED,
  type Send,
  sealAsRoot,
  tokenWithPolicy,
  unsealWith,
} from "./seal-helpers.js";

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe("sys/key-status and sys/rotate", () => {
  let s: TestServer;
  let req: Send;
  before(async () => {
    s = await startTestServer({ storage: "sqlite" });
    req = checkedRequests(s);
  });
  after(() => s.close());

  const term = async (): Promise<number> =>
    (await req("GET", "sys/key-status", { token: s.rootToken })).body.term;

  test("key-status: envelope with data also injected at the top level", async () => {
    const r = await req("GET", "sys/key-status", { token: s.rootToken });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body.data).sort(), ["encryptions", "install_time", "term"]);
    assert.equal(r.body.data.term, 1);
    assert.match(r.body.data.install_time, RFC3339);
    assert.equal(typeof r.body.data.encryptions, "number");
    for (const k of ["term", "install_time", "encryptions"]) assert.deepEqual(r.body[k], r.body.data[k]);
    assert.equal(r.body.mount_type, "system");
    for (const k of [
      "request_id",
      "lease_id",
      "renewable",
      "lease_duration",
      "wrap_info",
      "warnings",
      "auth",
    ]) {
      assert.ok(k in r.body, `envelope key ${k}`);
    }
  });

  test("key-status needs a token with read on it", async () => {
    assertError(await req("GET", "sys/key-status"), 403, PERMISSION_DENIED);
    assertError(
      await req("GET", "sys/key-status", { token: await tokenWith(s, ["default"]) }),
      403,
      PERMISSION_DENIED,
    );
    const reader = await tokenWithPolicy(
      s,
      "key-reader",
      'path "sys/key-status" { capabilities = ["read"] }',
    );
    const r = await req("GET", "sys/key-status", { token: reader });
    assert.equal(r.status, 200);
    assert.equal(r.body.data.term, 1);
  });

  test("rotate without sudo is a 403 and the term stays", async () => {
    const updater = await tokenWithPolicy(
      s,
      "rotate-no-sudo",
      'path "sys/rotate" { capabilities = ["update"] }',
    );
    assertError(await req("PUT", "sys/rotate", { token: updater }), 403, PERMISSION_DENIED);
    assertError(
      await req("PUT", "sys/rotate", { token: await tokenWith(s, ["default"]) }),
      403,
      PERMISSION_DENIED,
    );
    assertError(await req("PUT", "sys/rotate"), 403, PERMISSION_DENIED);
    assert.equal(await term(), 1);
  });

  test("root rotates with 204; the term goes up and data from every term stays readable", async () => {
    const w1 = await req("POST", "secret/data/before", {
      token: s.rootToken,
      body: { data: { v: "term-1" } },
    });
    assert.equal(w1.status, 200);
    const before = (await req("GET", "sys/key-status", { token: s.rootToken })).body.data;

    const r = await req("PUT", "sys/rotate", { token: s.rootToken });
    assert.deepEqual([r.status, r.text], [204, ""]);
    const afterRotate = (await req("GET", "sys/key-status", { token: s.rootToken })).body.data;
    assert.equal(afterRotate.term, 2);
    assert.ok(Date.parse(afterRotate.install_time) >= Date.parse(before.install_time));

    const w2 = await req("POST", "secret/data/after", {
      token: s.rootToken,
      body: { data: { v: "term-2" } },
    });
    assert.equal(w2.status, 200);
    const counted = (await req("GET", "sys/key-status", { token: s.rootToken })).body.data;
    assert.ok(counted.encryptions > afterRotate.encryptions, "writes count encryptions under the new term");
    const read1 = await req("GET", "secret/data/before", { token: s.rootToken });
    assert.deepEqual(read1.body.data.data, { v: "term-1" });
    const read2 = await req("GET", "secret/data/after", { token: s.rootToken });
    assert.deepEqual(read2.body.data.data, { v: "term-2" });
  });

  test("a non-root token with update and sudo may rotate (POST too)", async () => {
    const rotator = await tokenWithPolicy(
      s,
      "rotator",
      'path "sys/rotate" { capabilities = ["update", "sudo"] }',
    );
    assert.equal((await req("POST", "sys/rotate", { token: rotator })).status, 204);
    assert.equal(await term(), 3);
    assert.equal((await req("GET", "sys/rotate", { token: s.rootToken })).status, 405);
  });

  test("after a seal/unseal cycle the keyring keeps its term and every value decrypts", async () => {
    await sealAsRoot(s);
    await unsealWith(s, s.keys);
    assert.equal(await term(), 3);
    const read1 = await req("GET", "secret/data/before", { token: s.rootToken });
    assert.deepEqual(read1.body.data.data, { v: "term-1" });
    const read2 = await req("GET", "secret/data/after", { token: s.rootToken });
    assert.deepEqual(read2.body.data.data, { v: "term-2" });
  });
});
