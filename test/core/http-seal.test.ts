/**
 * HTTP tests of sys/init, sys/seal-status and sys/unseal against real servers: shapes as Vault's,
 * every refusal a clear 400 that changes nothing. Tests in a file run in order and share a server.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { assertError, checkedRequests, forgedShare, type Send, sealAsRoot, toHex } from "./seal-helpers.js";

const ROOT_TOKEN = /^hvs\.[A-Za-z0-9]{24}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("sys/init on a server started uninitialised", () => {
  let s: TestServer;
  let req: Send;
  before(async () => {
    s = await startTestServer({ init: false });
    req = checkedRequests(s);
  });
  after(() => s.close());

  const stillUninitialised = async () => {
    assert.deepEqual((await req("GET", "sys/init")).body, { initialized: false });
  };

  test("GET sys/init and seal-status before init", async () => {
    const r = await req("GET", "sys/init");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { initialized: false });
    const st = await req("GET", "sys/seal-status");
    assert.equal(st.status, 200);
    assert.equal(st.body.type, "shamir");
    assert.equal(st.body.initialized, false);
    assert.equal(st.body.sealed, true);
    assert.deepEqual([st.body.t, st.body.n, st.body.progress, st.body.nonce], [0, 0, 0, ""]);
    assert.equal(st.body.storage_type, "inmem");
    assert.equal(st.body.cluster_name, undefined);
    assert.equal(st.body.cluster_id, undefined);
  });

  test("unseal before init is a 400", async () => {
    assertError(
      await req("PUT", "sys/unseal", { body: { key: "00".repeat(33) } }),
      400,
      "Vault is not initialized",
    );
  });

  const invalid: Array<[string, unknown, string]> = [
    ["shares < 1", { secret_shares: 0, secret_threshold: 0 }, "shares must be at least one"],
    ["threshold < 1", { secret_shares: 3, secret_threshold: 0 }, "threshold must be at least one"],
    [
      "threshold 1 with several shares",
      { secret_shares: 3, secret_threshold: 1 },
      "threshold must be greater than one for multiple shares",
    ],
    ["shares > 255", { secret_shares: 256, secret_threshold: 2 }, "shares must be less than 256"],
    [
      "threshold > shares",
      { secret_shares: 2, secret_threshold: 3 },
      "threshold cannot be larger than shares",
    ],
  ];
  for (const [name, body, problem] of invalid) {
    test(`PUT sys/init refuses ${name}`, async () => {
      assertError(await req("PUT", "sys/init", { body }), 400, `invalid seal configuration: ${problem}`);
      await stillUninitialised();
    });
  }

  test("PUT sys/init refuses missing or mistyped values, PGP keys and malformed JSON", async () => {
    const missing = "secret_shares and secret_threshold must be specified";
    assertError(await req("PUT", "sys/init", { body: {} }), 400, missing);
    assertError(await req("PUT", "sys/init", { body: { secret_shares: 3 } }), 400, missing);
    assertError(await req("PUT", "sys/init", { body: { secret_threshold: 2 } }), 400, missing);
    assertError(
      await req("PUT", "sys/init", { body: { secret_shares: "three", secret_threshold: 2 } }),
      400,
      'invalid value for field "secret_shares": expected an integer',
    );
    assertError(
      await req("PUT", "sys/init", { body: { secret_shares: 3, secret_threshold: 2.5 } }),
      400,
      'invalid value for field "secret_threshold": expected an integer',
    );
    assertError(
      await req("PUT", "sys/init", { body: { secret_shares: 2, secret_threshold: 2, pgp_keys: ["a", "b"] } }),
      400,
      "PGP-encrypted key shares are not supported by cofre",
    );
    const bad = await req("PUT", "sys/init", { body: '{"secret_shares": 3,' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors.length, 1);
    await stillUninitialised();
  });

  let keys: { hex: string[]; b64: string[]; root: string };
  test("PUT sys/init creates 5 shares with threshold 3 and a root token; the server stays sealed", async () => {
    const r = await req("PUT", "sys/init", { body: { secret_shares: 5, secret_threshold: 3 } });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body).sort(), ["keys", "keys_base64", "root_token"]);
    assert.equal(r.body.keys.length, 5);
    assert.equal(r.body.keys_base64.length, 5);
    for (const [i, hex] of r.body.keys.entries()) {
      assert.match(hex, /^[0-9a-f]{66}$/, "a share is 33 bytes");
      assert.equal(Buffer.from(r.body.keys_base64[i], "base64").toString("hex"), hex);
    }
    assert.equal(new Set(r.body.keys).size, 5);
    assert.match(r.body.root_token, ROOT_TOKEN);
    keys = { hex: r.body.keys, b64: r.body.keys_base64, root: r.body.root_token };

    assert.deepEqual((await req("GET", "sys/init")).body, { initialized: true });
    const st = await req("GET", "sys/seal-status");
    assert.equal(st.body.initialized, true);
    assert.equal(st.body.sealed, true);
    assert.deepEqual([st.body.t, st.body.n, st.body.progress], [3, 5, 0]);
    assertError(await req("GET", "sys/mounts", { token: keys.root }), 503, "Vault is sealed");
  });

  test("a second PUT sys/init is refused and changes nothing", async () => {
    assertError(
      await req("PUT", "sys/init", { body: { secret_shares: 1, secret_threshold: 1 } }),
      400,
      "Vault is already initialized",
    );
    const st = await req("GET", "sys/seal-status");
    assert.deepEqual([st.body.t, st.body.n], [3, 5]);
  });

  test("the shares from init unseal the server and the root token works", async () => {
    const one = await req("PUT", "sys/unseal", { body: { key: keys.hex[0] } });
    assert.equal(one.body.progress, 1);
    await req("PUT", "sys/unseal", { body: { key: keys.b64[3] } });
    const done = await req("PUT", "sys/unseal", { body: { key: keys.hex[4] } });
    assert.equal(done.body.sealed, false);
    const self = await req("GET", "auth/token/lookup-self", { token: keys.root });
    assert.equal(self.status, 200);
    assert.deepEqual(self.body.data.policies, ["root"]);
  });
});

test("PUT sys/init with one share returns the 32-byte unseal key itself", async () => {
  const s = await startTestServer({ init: false });
  try {
    const r = await checkedRequests(s)("POST", "sys/init", {
      body: { secret_shares: 1, secret_threshold: 1 },
    });
    assert.equal(r.status, 200);
    assert.match(r.body.keys[0], /^[0-9a-f]{64}$/);
    const st = await s.request("PUT", "sys/unseal", { body: { key: r.body.keys_base64[0] } });
    assert.equal(st.body.sealed, false);
    assert.deepEqual([st.body.t, st.body.n], [1, 1]);
  } finally {
    await s.close();
  }
});

describe("sys/seal-status and sys/unseal with 3 of 5 shares", () => {
  let s: TestServer;
  let req: Send;
  before(async () => {
    s = await startTestServer({ shares: 5, threshold: 3 });
    req = checkedRequests(s);
  });
  after(() => s.close());

  test("seal-status while unsealed has cluster_name and cluster_id", async () => {
    const st = await req("GET", "sys/seal-status");
    assert.equal(st.status, 200);
    assert.equal(st.body.sealed, false);
    assert.deepEqual([st.body.t, st.body.n, st.body.progress, st.body.nonce], [3, 5, 0, ""]);
    assert.match(st.body.cluster_name, /^vault-cluster-[0-9a-f]{8}$/);
    assert.match(st.body.cluster_id, UUID);
    assert.equal(typeof st.body.version, "string");
    assert.equal(st.body.migration, false);
    assert.equal(st.body.recovery_seal, false);
  });

  test("reset while unsealed is a 400", async () => {
    assertError(await req("PUT", "sys/unseal", { body: { reset: true } }), 400, "vault is unsealed");
  });

  test("progress counts distinct shares (hex or base64); a repeated share is ignored", async () => {
    await sealAsRoot(s);
    const sealed = await req("GET", "sys/seal-status");
    assert.equal(sealed.body.cluster_name, undefined);
    assert.equal(sealed.body.cluster_id, undefined);
    const one = await req("PUT", "sys/unseal", { body: { key: toHex(s.keys[0]) } });
    assert.equal(one.status, 200);
    assert.deepEqual([one.body.sealed, one.body.t, one.body.n, one.body.progress], [true, 3, 5, 1]);
    assert.match(one.body.nonce, UUID);
    assert.equal(one.body.cluster_name, undefined);
    const again = await req("PUT", "sys/unseal", { body: { key: s.keys[0] } });
    assert.equal(again.body.progress, 1, "the same share in base64 is a duplicate");
    assert.equal(again.body.nonce, one.body.nonce);
    const two = await req("PUT", "sys/unseal", { body: { Key: s.keys[1] } });
    assert.equal(two.body.progress, 2, "the field name is case-insensitive");
    assert.equal((await req("GET", "sys/seal-status")).body.progress, 2);
  });

  test("malformed keys are 400s that keep the progress", async () => {
    assertError(
      await req("PUT", "sys/unseal", { body: {} }),
      400,
      "'key' must be specified in request body as JSON, or 'reset' set to true",
    );
    assertError(
      await req("PUT", "sys/unseal", { body: { key: "" } }),
      400,
      "'key' must be specified in request body as JSON, or 'reset' set to true",
    );
    for (const key of ["zz!", "not base64 at all", "abc"]) {
      assertError(
        await req("PUT", "sys/unseal", { body: { key } }),
        400,
        "'key' must be a valid hex or base64 string",
      );
    }
    assertError(
      await req("PUT", "sys/unseal", { body: { key: "ab".repeat(16) } }),
      400,
      "key must be 33 bytes long",
    );
    const st = await req("GET", "sys/seal-status");
    assert.deepEqual([st.body.sealed, st.body.progress], [true, 2]);
  });

  test("reset discards the progress and the nonce", async () => {
    const r = await req("PUT", "sys/unseal", { body: { reset: true } });
    assert.equal(r.status, 200);
    assert.deepEqual([r.body.sealed, r.body.progress, r.body.nonce], [true, 0, ""]);
  });

  test("a wrong share at the threshold is a 400 that resets the progress", async () => {
    await req("PUT", "sys/unseal", { body: { key: s.keys[0] } });
    await req("PUT", "sys/unseal", { body: { key: s.keys[1] } });
    const bad = await req("PUT", "sys/unseal", { body: { key: forgedShare(s.keys[2]) } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors[0], /^unseal failed/);
    const st = await req("GET", "sys/seal-status");
    assert.deepEqual([st.body.sealed, st.body.progress, st.body.nonce], [true, 0, ""]);
  });

  test("three good shares unseal: sealed false, progress 0, cluster identity back", async () => {
    const before = (await req("GET", "sys/seal-status")).body;
    assert.equal(before.sealed, true);
    await req("PUT", "sys/unseal", { body: { key: s.keys[4] } });
    await req("PUT", "sys/unseal", { body: { key: toHex(s.keys[2]) } });
    const done = await req("POST", "sys/unseal", { body: { key: s.keys[3] } });
    assert.equal(done.status, 200);
    assert.deepEqual([done.body.sealed, done.body.progress, done.body.nonce], [false, 0, ""]);
    assert.match(done.body.cluster_name, /^vault-cluster-/);
    const again = await req("PUT", "sys/unseal", { body: { key: s.keys[0] } });
    assert.equal(again.status, 200, "a share sent while unsealed just returns the status");
    assert.equal(again.body.sealed, false);
  });

  test("sys/init, seal-status and unseal refuse other methods with 405", async () => {
    assert.equal((await req("DELETE", "sys/init")).status, 405);
    assert.equal((await req("PUT", "sys/seal-status")).status, 405);
    assert.equal((await req("GET", "sys/unseal")).status, 405);
  });
});
