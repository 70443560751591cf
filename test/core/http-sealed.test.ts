/**
 * HTTP tests of sys/seal and of a sealed server: who may seal, and that a sealed server serves
 * nothing but its bare status paths, whatever the token.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { makeRequest } from "../helpers/request.js";
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

const SECRET_VALUE = "pw-sealed-test-7f3a";

describe("sys/seal and the sealed server", () => {
  let s: TestServer;
  let req: Send;
  before(async () => {
    s = await startTestServer({ shares: 3, threshold: 2 });
    req = checkedRequests(s);
    const w = await req("POST", "secret/data/app/db", {
      token: s.rootToken,
      body: { data: { pw: SECRET_VALUE } },
    });
    assert.equal(w.status, 200);
  });
  after(() => s.close());

  test("a token without sudo on sys/seal gets 403 and the server stays unsealed", async () => {
    const updateOnly = await tokenWithPolicy(
      s,
      "seal-no-sudo",
      'path "sys/seal" { capabilities = ["update"] }',
    );
    const plain = await tokenWith(s, ["default"]);
    for (const token of [updateOnly, plain]) {
      assertError(await req("PUT", "sys/seal", { token }), 403, PERMISSION_DENIED);
    }
    assertError(await req("PUT", "sys/seal"), 403, PERMISSION_DENIED);
    const bad = await req("PUT", "sys/seal", { token: "hvs.AAAAAAAAAAAAAAAAAAAAAAAA" });
    assert.equal(bad.status, 403);
    assert.match(bad.body.errors[0], /invalid token/);
    assert.equal((await req("GET", "sys/seal-status")).body.sealed, false);
    assert.equal((await req("GET", "secret/data/app/db", { token: s.rootToken })).status, 200);
  });

  test("a non-root token with update and sudo on sys/seal may seal", async () => {
    const sealer = await tokenWithPolicy(
      s,
      "sealer",
      'path "sys/seal" { capabilities = ["update", "sudo"] }',
    );
    const r = await req("POST", "sys/seal", { token: sealer });
    assert.equal(r.status, 204);
    assert.equal(r.text, "");
    assert.equal((await req("GET", "sys/seal-status")).body.sealed, true);
    await unsealWith(s, s.keys.slice(0, 2));
  });

  test("sys/seal with GET is a 405", async () => {
    assert.equal((await req("GET", "sys/seal", { token: s.rootToken })).status, 405);
  });

  test("root seals with 204; then every path but the bare ones answers 503, whatever the token", async () => {
    const r = await req("PUT", "sys/seal", { token: s.rootToken });
    assert.equal(r.status, 204);
    assert.equal(r.text, "");
    const probes: Array<[string, string, unknown?]> = [
      ["GET", "secret/data/app/db"],
      ["GET", "secret/metadata/?list=true"],
      ["LIST", "secret/metadata/"],
      ["POST", "secret/data/app/db", { data: { pw: "overwrite" } }],
      ["GET", "sys/mounts"],
      ["GET", "auth/token/lookup-self"],
      ["POST", "auth/token/create", {}],
      ["GET", "sys/policy"],
      ["GET", "sys/policies/acl/sealer"],
      ["PUT", "sys/policies/acl/evil", { policy: 'path "*" { capabilities = ["sudo"] }' }],
      ["GET", "sys/key-status"],
      ["PUT", "sys/rotate"],
      ["PUT", "sys/step-down"],
      ["GET", "sys/generate-root/attempt"],
      ["PUT", "sys/generate-root/attempt", {}],
      ["GET", "sys/rekey/init"],
      ["PUT", "sys/rekey/init", { secret_shares: 1, secret_threshold: 1 }],
      ["GET", "cubbyhole/x"],
      ["GET", "no-such-mount/anything"],
      ["GET", "sys/no-such-path"],
    ];
    for (const token of [s.rootToken, "", "hvs.AAAAAAAAAAAAAAAAAAAAAAAA"]) {
      for (const [method, path, body] of probes) {
        const res = await req(method, path, { token, body });
        assertError(res, 503, "Vault is sealed");
        assert.ok(!res.text.includes(SECRET_VALUE));
      }
    }
  });

  test("sealing an already sealed server is a no-op that answers 204, as Vault's", async () => {
    for (const token of [s.rootToken, ""]) {
      const again = await req("PUT", "sys/seal", { token });
      assert.deepEqual([again.status, again.text], [204, ""]);
    }
    assert.equal((await req("GET", "sys/seal-status")).body.sealed, true);
  });

  test("while sealed the bare paths still answer, even with a stale token in the header", async () => {
    // The Vault CLI sends VAULT_TOKEN on every request, also to `operator unseal` and `status`.
    const token = "hvs.AAAAAAAAAAAAAAAAAAAAAAAA";
    assert.deepEqual((await req("GET", "sys/init", { token })).body, { initialized: true });
    const st = await req("GET", "sys/seal-status", { token });
    assert.deepEqual([st.status, st.body.sealed, st.body.t, st.body.n], [200, true, 2, 3]);
    const h = await req("GET", "sys/health", { token });
    assert.deepEqual([h.status, h.body.sealed, h.body.initialized], [503, true, true]);
    const hh = await req("HEAD", "sys/health");
    assert.deepEqual([hh.status, hh.text], [503, ""]);
    assert.equal((await req("GET", "sys/leader", { token })).status, 200);
    const u = await req("PUT", "sys/unseal", { token, body: { key: s.keys[2] } });
    assert.deepEqual([u.status, u.body.progress], [200, 1]);
  });

  test("after unsealing, data and tokens from before the seal are all there", async () => {
    await unsealWith(s, [s.keys[0]]);
    const r = await req("GET", "secret/data/app/db", { token: s.rootToken });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data.data, { pw: SECRET_VALUE });
    assert.equal(r.body.data.metadata.version, 1, "the write attempted while sealed did not happen");
    assertError(await req("GET", "sys/policies/acl/evil", { token: s.rootToken }), 404);
  });
});

describe("unseal state changes", () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ shares: 3, threshold: 2 });
  });
  after(() => s.close());

  test("concurrent final shares run the post-unseal setup once", async () => {
    await sealAsRoot(s);
    let setups = 0;
    const setup = s.core.afterUnseal.bind(s.core);
    s.core.afterUnseal = async () => {
      setups++;
      await setup();
    };
    try {
      await s.request("PUT", "sys/unseal", { body: { key: s.keys[0] } });
      const finals = await Promise.all(
        [s.keys[1], s.keys[2]].map((key) => s.core.handle(makeRequest("update", "sys/unseal", { key }))),
      );
      for (const f of finals) {
        const body = f.raw?.body as { sealed?: boolean } | undefined;
        assert.equal(body?.sealed, false);
      }
      assert.equal(setups, 1);
    } finally {
      s.core.afterUnseal = setup;
    }
    assert.equal((await s.request("GET", "sys/mounts", { token: s.rootToken })).status, 200);
  });

  test("if the post-unseal setup fails, the server is sealed again and can be unsealed later", async () => {
    await sealAsRoot(s);
    const setup = s.core.afterUnseal.bind(s.core);
    s.core.afterUnseal = async () => {
      throw new Error("setup failed");
    };
    try {
      await s.request("PUT", "sys/unseal", { body: { key: s.keys[0] } });
      const r = await s.request("PUT", "sys/unseal", { body: { key: s.keys[1] } });
      assert.equal(r.status, 500);
      assert.ok(!r.text.includes("setup failed"), "internal errors are not echoed");
    } finally {
      s.core.afterUnseal = setup;
    }
    assert.equal((await s.request("GET", "sys/seal-status")).body.sealed, true);
    assertError(await s.request("GET", "sys/mounts", { token: s.rootToken }), 503, "Vault is sealed");
    await unsealWith(s, [s.keys[0], s.keys[1]]);
    assert.equal((await s.request("GET", "sys/mounts", { token: s.rootToken })).status, 200);
  });
});
