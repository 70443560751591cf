/**
 * HTTP tests of sys/rekey/*: init/cancel, update with the nonce, the new shares replacing the old
 * ones, and the verification round.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.js";
import {
  assertError,
  checkedRequests,
  forgedShare,
  type Send,
  sealAsRoot,
  toHex,
  unsealWith,
} from "./seal-helpers.js";

const NOT_STARTED = {
  nonce: "",
  started: false,
  t: 0,
  n: 0,
  progress: 0,
  pgp_fingerprints: null,
  backup: false,
  verification_required: false,
};

describe("sys/rekey without verification", () => {
  let s: TestServer;
  let req: Send;
  let newKeys: { hex: string[]; b64: string[] };
  before(async () => {
    s = await startTestServer({ shares: 3, threshold: 2 });
    req = checkedRequests(s);
    await req("POST", "secret/data/kept", { token: s.rootToken, body: { data: { v: "survives rekey" } } });
  });
  after(() => s.close());

  test("GET sys/rekey/init before any rekey", async () => {
    const r = await req("GET", "sys/rekey/init");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { ...NOT_STARTED, required: 2 });
    const stale = await req("GET", "sys/rekey/init", { token: "hvs.AAAAAAAAAAAAAAAAAAAAAAAA" });
    assert.deepEqual([stale.status, stale.body], [200, r.body], "a stale token does not matter here");
  });

  test("PUT sys/rekey/init refuses bad configurations and starts nothing", async () => {
    const bad: Array<[unknown, string]> = [
      [
        { secret_shares: 0, secret_threshold: 0 },
        "invalid rekey seal configuration: shares must be at least one",
      ],
      [
        { secret_shares: 3, secret_threshold: 4 },
        "invalid rekey seal configuration: threshold cannot be larger than shares",
      ],
      [
        { secret_shares: 3, secret_threshold: 1 },
        "invalid rekey seal configuration: threshold must be greater than one for multiple shares",
      ],
      [
        { secret_shares: 300, secret_threshold: 2 },
        "invalid rekey seal configuration: shares must be less than 256",
      ],
      [{ secret_shares: 3 }, "secret_shares and secret_threshold must be specified"],
      [{}, "secret_shares and secret_threshold must be specified"],
      [
        { secret_shares: 2, secret_threshold: 2, pgp_keys: ["a", "b"] },
        "PGP-encrypted key shares and backups are not supported by cofre",
      ],
      [
        { secret_shares: 2, secret_threshold: 2, backup: true },
        "PGP-encrypted key shares and backups are not supported by cofre",
      ],
      [
        { secret_shares: "x", secret_threshold: 2 },
        'invalid value for field "secret_shares": expected an integer',
      ],
    ];
    for (const [body, message] of bad)
      assertError(await req("PUT", "sys/rekey/init", { body }), 400, message);
    assert.deepEqual((await req("GET", "sys/rekey/init")).body, { ...NOT_STARTED, required: 2 });
  });

  test("init, a second init refused, DELETE cancels with 204", async () => {
    const r = await req("PUT", "sys/rekey/init", { body: { secret_shares: 4, secret_threshold: 2 } });
    assert.equal(r.status, 200);
    assert.equal(r.body.started, true);
    assert.match(r.body.nonce, /^[0-9a-f-]{36}$/);
    assert.deepEqual([r.body.t, r.body.n, r.body.progress, r.body.required], [2, 4, 0, 2]);
    assertError(
      await req("PUT", "sys/rekey/init", { body: { secret_shares: 5, secret_threshold: 3 } }),
      400,
      "rekey already in progress",
    );
    assert.deepEqual((await req("GET", "sys/rekey/init")).body, r.body);
    const d = await req("DELETE", "sys/rekey/init");
    assert.deepEqual([d.status, d.text], [204, ""]);
    assert.deepEqual((await req("GET", "sys/rekey/init")).body, { ...NOT_STARTED, required: 2 });
    assertError(
      await req("PUT", "sys/rekey/update", { body: { key: s.keys[0], nonce: r.body.nonce } }),
      400,
      "no barrier rekey in progress",
    );
  });

  test("update refuses a wrong nonce, a missing or malformed key and a repeated share", async () => {
    const init = await req("PUT", "sys/rekey/init", { body: { secret_shares: 5, secret_threshold: 3 } });
    const nonce = init.body.nonce as string;
    assertError(
      await req("PUT", "sys/rekey/update", { body: { key: s.keys[0], nonce: "wrong" } }),
      400,
      `incorrect nonce supplied; nonce for this rekey operation is "${nonce}"`,
    );
    assertError(
      await req("PUT", "sys/rekey/update", { body: { key: s.keys[0] } }),
      400,
      `incorrect nonce supplied; nonce for this rekey operation is "${nonce}"`,
    );
    assertError(
      await req("PUT", "sys/rekey/update", { body: { nonce } }),
      400,
      "'key' must be specified in request body as JSON",
    );
    assertError(
      await req("PUT", "sys/rekey/update", { body: { key: "%%%", nonce } }),
      400,
      "'key' must be a valid hex or base64 string",
    );
    assert.equal((await req("GET", "sys/rekey/init")).body.progress, 0);
    const one = await req("PUT", "sys/rekey/update", { body: { key: toHex(s.keys[0]), nonce } });
    assert.equal(one.status, 200);
    assert.deepEqual([one.body.started, one.body.progress, one.body.t, one.body.n], [true, 1, 3, 5]);
    assertError(
      await req("PUT", "sys/rekey/update", { body: { key: s.keys[0], nonce } }),
      400,
      "given key has already been provided during this rekey operation",
    );
    assert.equal((await req("GET", "sys/rekey/init")).body.progress, 1);
  });

  test("a wrong share at the threshold fails and resets the progress", async () => {
    const nonce = (await req("GET", "sys/rekey/init")).body.nonce;
    const bad = await req("PUT", "sys/rekey/update", { body: { key: forgedShare(s.keys[1]), nonce } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors[0], /^rekey failed/);
    const st = (await req("GET", "sys/rekey/init")).body;
    assert.deepEqual([st.started, st.progress, st.nonce], [true, 0, nonce]);
    const seal = (await req("GET", "sys/seal-status")).body;
    assert.deepEqual([seal.t, seal.n], [2, 3], "the configuration is unchanged");
  });

  test("the threshold of current shares completes it: new keys returned once", async () => {
    const nonce = (await req("GET", "sys/rekey/init")).body.nonce;
    await req("PUT", "sys/rekey/update", { body: { key: s.keys[2], nonce } });
    const done = await req("PUT", "sys/rekey/update", { body: { key: s.keys[1], nonce } });
    assert.equal(done.status, 200);
    assert.deepEqual(Object.keys(done.body).sort(), [
      "backup",
      "complete",
      "keys",
      "keys_base64",
      "nonce",
      "pgp_fingerprints",
      "verification_required",
    ]);
    assert.equal(done.body.complete, true);
    assert.equal(done.body.nonce, nonce);
    assert.equal(done.body.keys.length, 5);
    for (const [i, hex] of done.body.keys.entries()) {
      assert.match(hex, /^[0-9a-f]{66}$/);
      assert.equal(Buffer.from(done.body.keys_base64[i], "base64").toString("hex"), hex);
    }
    newKeys = { hex: done.body.keys, b64: done.body.keys_base64 };
    const st = await req("GET", "sys/seal-status");
    assert.deepEqual([st.body.t, st.body.n, st.body.sealed], [3, 5, false]);
    assert.deepEqual((await req("GET", "sys/rekey/init")).body, { ...NOT_STARTED, required: 3 });
  });

  test("after a seal the old shares no longer unseal; the new ones do", async () => {
    await sealAsRoot(s);
    await req("PUT", "sys/unseal", { body: { key: s.keys[0] } });
    await req("PUT", "sys/unseal", { body: { key: s.keys[1] } });
    const old = await req("PUT", "sys/unseal", { body: { key: s.keys[2] } });
    assert.equal(old.status, 400);
    assert.match(old.body.errors[0], /^unseal failed/);
    assert.equal((await req("GET", "sys/seal-status")).body.sealed, true);
    await unsealWith(s, [newKeys.hex[4], newKeys.b64[0], newKeys.hex[2]]);
    const r = await req("GET", "secret/data/kept", { token: s.rootToken });
    assert.deepEqual(r.body.data.data, { v: "survives rekey" });
  });
});

describe("sys/rekey with verification", () => {
  let s: TestServer;
  let req: Send;
  before(async () => {
    s = await startTestServer({ shares: 3, threshold: 2 });
    req = checkedRequests(s);
  });
  after(() => s.close());

  test("new shares take effect only once a threshold of them is given back", async () => {
    assertError(await req("GET", "sys/rekey/verify"), 400, "no rekey configuration found");
    const init = await req("PUT", "sys/rekey/init", {
      body: { secret_shares: 2, secret_threshold: 2, require_verification: true },
    });
    assert.equal(init.body.verification_required, true);
    const v0 = await req("GET", "sys/rekey/verify");
    assert.deepEqual(v0.body, { nonce: "", started: false, t: 2, n: 2, progress: 0 });
    await req("PUT", "sys/rekey/update", { body: { key: s.keys[0], nonce: init.body.nonce } });
    const done = await req("PUT", "sys/rekey/update", { body: { key: s.keys[1], nonce: init.body.nonce } });
    assert.equal(done.body.complete, true);
    assert.equal(done.body.verification_required, true);
    const vnonce = done.body.verification_nonce as string;
    assert.match(vnonce, /^[0-9a-f-]{36}$/);
    assert.notEqual(vnonce, init.body.nonce);
    const newKeys = done.body.keys_base64 as string[];
    assert.equal(newKeys.length, 2);

    // Not yet in effect: the old configuration stands and updates are refused.
    const st = await req("GET", "sys/seal-status");
    assert.deepEqual([st.body.t, st.body.n], [2, 3]);
    assert.equal((await req("GET", "sys/rekey/init")).body.verification_nonce, vnonce);
    assertError(
      await req("PUT", "sys/rekey/update", { body: { key: s.keys[2], nonce: init.body.nonce } }),
      400,
      `rekey operation already finished; verification must be performed; nonce for the verification operation is "${vnonce}"`,
    );

    assertError(
      await req("PUT", "sys/rekey/verify", { body: { key: newKeys[0], nonce: "wrong" } }),
      400,
      `incorrect nonce supplied; nonce for this verify operation is "${vnonce}"`,
    );
    const p1 = await req("PUT", "sys/rekey/verify", { body: { key: newKeys[0], nonce: vnonce } });
    assert.deepEqual(p1.body, { nonce: vnonce, started: true, t: 2, n: 2, progress: 1 });

    // DELETE restarts the verification with a fresh nonce.
    const restarted = await req("DELETE", "sys/rekey/verify");
    assert.equal(restarted.status, 200);
    assert.equal(restarted.body.progress, 0);
    assert.notEqual(restarted.body.nonce, vnonce);
    const nonce2 = restarted.body.nonce as string;

    // Old shares are not the new ones: verification fails, nothing is installed, a new nonce is issued.
    await req("PUT", "sys/rekey/verify", { body: { key: s.keys[0], nonce: nonce2 } });
    const wrong = await req("PUT", "sys/rekey/verify", { body: { key: s.keys[1], nonce: nonce2 } });
    assertError(wrong, 400, "rekey verification failed; incorrect key shares supplied");
    const nonce3 = (await req("GET", "sys/rekey/verify")).body.nonce as string;
    assert.notEqual(nonce3, nonce2);
    assert.equal((await req("GET", "sys/seal-status")).body.n, 3);

    await req("PUT", "sys/rekey/verify", { body: { key: newKeys[1], nonce: nonce3 } });
    const ok = await req("PUT", "sys/rekey/verify", { body: { key: toHex(newKeys[0]), nonce: nonce3 } });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { nonce: nonce3, complete: true });
    const after = await req("GET", "sys/seal-status");
    assert.deepEqual([after.body.t, after.body.n], [2, 2]);

    await sealAsRoot(s);
    await req("PUT", "sys/unseal", { body: { key: s.keys[0] } });
    const old = await req("PUT", "sys/unseal", { body: { key: s.keys[1] } });
    assert.equal(old.status, 400, "the old shares stopped working");
    await unsealWith(s, newKeys);
  });
});
