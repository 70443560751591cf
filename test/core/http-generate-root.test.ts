/**
 * HTTP tests of sys/generate-root/*: attempt status/start/cancel, update with the nonce, and the
 * OTP-encoded token decoded with decodeRootToken and used as root against the server.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decodeRootToken } from "../../src/barrier/index.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { assertError, checkedRequests, forgedShare, type Send, toHex } from "./seal-helpers.js";

const NOT_STARTED = {
  nonce: "",
  started: false,
  progress: 0,
  required: 2,
  complete: false,
  encoded_token: "",
  encoded_root_token: "",
  pgp_fingerprint: "",
  otp: "",
  otp_length: 28,
};
const ROOT_TOKEN = /^hvs\.[A-Za-z0-9]{24}$/;

describe("sys/generate-root", () => {
  let s: TestServer;
  let req: Send;
  before(async () => {
    s = await startTestServer({ shares: 3, threshold: 2 });
    req = checkedRequests(s);
  });
  after(() => s.close());

  /** Checks that `token` acts as root: it can write a policy and read key-status. */
  const assertWorksAsRoot = async (token: string) => {
    const self = await req("GET", "auth/token/lookup-self", { token });
    assert.equal(self.status, 200);
    assert.deepEqual(self.body.data.policies, ["root"]);
    assert.equal(self.body.data.id, token);
    const w = await req("PUT", "sys/policies/acl/made-by-new-root", {
      token,
      body: { policy: 'path "secret/*" { capabilities = ["read"] }' },
    });
    assert.equal(w.status, 204);
    assert.equal((await req("GET", "sys/key-status", { token })).status, 200);
  };

  test("GET attempt before any attempt", async () => {
    const r = await req("GET", "sys/generate-root/attempt");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, NOT_STARTED);
    const stale = await req("GET", "sys/generate-root/attempt", { token: "hvs.AAAAAAAAAAAAAAAAAAAAAAAA" });
    assert.deepEqual([stale.status, stale.body], [200, NOT_STARTED], "a stale token does not matter here");
  });

  test("update without an attempt is a 400", async () => {
    assertError(
      await req("PUT", "sys/generate-root/update", { body: { key: s.keys[0], nonce: "x" } }),
      400,
      "no root generation in progress",
    );
  });

  test("PUT attempt starts one and shows the OTP once; a second start is refused; DELETE cancels", async () => {
    const r = await req("PUT", "sys/generate-root/attempt", { body: {} });
    assert.equal(r.status, 200);
    assert.equal(r.body.started, true);
    assert.match(r.body.nonce, /^[0-9a-f-]{36}$/);
    assert.match(r.body.otp, /^[0-9A-Za-z]{28}$/);
    assert.equal(r.body.otp_length, 28);
    assert.deepEqual([r.body.progress, r.body.required, r.body.complete], [0, 2, false]);
    const g = await req("GET", "sys/generate-root/attempt");
    assert.deepEqual(g.body, { ...NOT_STARTED, started: true, nonce: r.body.nonce });
    assertError(
      await req("PUT", "sys/generate-root/attempt", { body: {} }),
      400,
      "root generation already in progress",
    );
    const d = await req("DELETE", "sys/generate-root/attempt");
    assert.deepEqual([d.status, d.text], [204, ""]);
    assert.deepEqual((await req("GET", "sys/generate-root/attempt")).body, NOT_STARTED);
  });

  test("PGP keys and OTPs of the wrong length are refused and start nothing", async () => {
    assertError(
      await req("PUT", "sys/generate-root/attempt", { body: { pgp_key: "bm90IGEga2V5" } }),
      400,
      "PGP-encrypted root tokens are not supported by cofre",
    );
    for (const otp of ["short", "x".repeat(27), "x".repeat(29), "é".repeat(28)]) {
      assertError(
        await req("PUT", "sys/generate-root/attempt", { body: { otp } }),
        400,
        "OTP string is wrong length",
      );
    }
    assert.deepEqual((await req("GET", "sys/generate-root/attempt")).body, NOT_STARTED);
  });

  test("update: wrong nonce, missing or malformed key and repeated share are 400s", async () => {
    const { nonce } = (await req("PUT", "sys/generate-root/attempt", { body: {} })).body;
    assertError(
      await req("PUT", "sys/generate-root/update", { body: { key: s.keys[0], nonce: "wrong" } }),
      400,
      `incorrect nonce supplied; nonce for this root generation operation is "${nonce}"`,
    );
    assertError(
      await req("PUT", "sys/generate-root/update", { body: { nonce } }),
      400,
      "'key' must be specified in request body as JSON",
    );
    assertError(
      await req("PUT", "sys/generate-root/update", { body: { key: "!!", nonce } }),
      400,
      "'key' must be a valid hex or base64 string",
    );
    const one = await req("PUT", "sys/generate-root/update", { body: { key: s.keys[0], nonce } });
    assert.equal(one.status, 200);
    assert.deepEqual([one.body.progress, one.body.complete, one.body.encoded_token], [1, false, ""]);
    assertError(
      await req("PUT", "sys/generate-root/update", { body: { key: toHex(s.keys[0]), nonce } }),
      400,
      "given key has already been provided during this generation operation",
    );
    assert.equal((await req("GET", "sys/generate-root/attempt")).body.progress, 1);
  });

  test("a forged share at the threshold mints nothing and resets the progress", async () => {
    const { nonce } = (await req("GET", "sys/generate-root/attempt")).body;
    const bad = await req("PUT", "sys/generate-root/update", {
      body: { key: forgedShare(s.keys[1]), nonce },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors[0], /^root generation aborted/);
    assert.equal((await req("GET", "sys/generate-root/attempt")).body.progress, 0);
    assert.equal((await req("DELETE", "sys/generate-root/attempt")).status, 204);
  });

  test("with the server's OTP: the decoded token is a new root token that works", async () => {
    const start = await req("PUT", "sys/generate-root/attempt", { body: {} });
    const { nonce, otp } = start.body;
    await req("PUT", "sys/generate-root/update", { body: { key: s.keys[2], nonce } });
    const done = await req("PUT", "sys/generate-root/update", { body: { key: toHex(s.keys[0]), nonce } });
    assert.equal(done.status, 200);
    assert.equal(done.body.complete, true);
    assert.deepEqual([done.body.progress, done.body.required, done.body.nonce], [2, 2, nonce]);
    assert.match(done.body.encoded_token, /^[A-Za-z0-9+/]+$/);
    assert.equal(done.body.encoded_root_token, done.body.encoded_token);
    assert.equal(done.body.otp, "");
    const token = decodeRootToken(done.body.encoded_token, otp);
    assert.match(token, ROOT_TOKEN);
    assert.notEqual(token, s.rootToken);
    await assertWorksAsRoot(token);
    assert.deepEqual((await req("GET", "sys/generate-root/attempt")).body, NOT_STARTED);
  });

  test("with the client's own OTP: it is not echoed, and decodes the token", async () => {
    const otp = "A1b2C3d4E5f6G7h8I9j0K1l2M3n4";
    const start = await req("POST", "sys/generate-root/attempt", { body: { otp } });
    assert.equal(start.status, 200);
    assert.equal(start.body.started, true);
    assert.equal(start.body.otp, "");
    const { nonce } = start.body;
    await req("PUT", "sys/generate-root/update", { body: { key: s.keys[1], nonce } });
    const done = await req("PUT", "sys/generate-root/update", { body: { key: s.keys[2], nonce } });
    assert.equal(done.body.complete, true);
    const token = decodeRootToken(done.body.encoded_token, otp);
    assert.match(token, ROOT_TOKEN);
    await assertWorksAsRoot(token);
  });

  test("wrong methods are refused with 405", async () => {
    assert.equal((await req("GET", "sys/generate-root/update")).status, 405);
  });
});
