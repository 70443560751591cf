/**
 * sys/leases over real HTTP (reference 2.10). No dynamic secrets engine exists yet, so a tiny
 * test-only engine that hands out leased credentials is registered into this server's engine
 * table (through the core's private options: nothing in src/ knows about it).
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createBackend, definePath } from "../../src/logical/framework.js";
import type { BackendFactory } from "../../src/logical/types.js";
import { ManualClock } from "../../src/util/clock.js";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { assertBadRequest, assertDenied, assertEnvelope, writePolicy } from "./http-helpers.js";

/** Names whose credentials the test engine was asked to revoke. */
const revoked: string[] = [];

/** `creds/<name>` reads hand out a credential leased for 60 s (max 300 s); `stuck*` ones cannot be revoked. */
const leasedEngine: BackendFactory = () =>
  createBackend({
    type: "test-leased",
    paths: [
      definePath({
        pattern: "creds/(?<name>.+)",
        operations: {
          read: async (req) => {
            const name = req.path.slice("creds/".length);
            return {
              data: { username: `u-${name}` },
              secret: { ttl: 60, maxTTL: 300, renewable: true, internal: { name } },
            };
          },
        },
      }),
    ],
    renewSecret: async (req) => ({
      secret: { ttl: req.lease?.increment || 60, maxTTL: 300, renewable: true, internal: {} },
    }),
    revokeSecret: async (req) => {
      const name = String(req.lease?.internal.name);
      if (name.startsWith("stuck")) throw new Error("the test engine refuses to revoke this one");
      revoked.push(name);
    },
  });

const clock = new ManualClock();
let s: TestServer;
let root: string;

before(async () => {
  s = await startTestServer({ kv: false, clock });
  root = s.rootToken;
  const core = s.core as unknown as { opts: { engines: { secret: Record<string, BackendFactory> } } };
  core.opts.engines = {
    ...core.opts.engines,
    secret: { ...core.opts.engines.secret, "test-leased": leasedEngine },
  };
  const m = await s.request("POST", "sys/mounts/dyn", { token: root, body: { type: "test-leased" } });
  assert.equal(m.status, 204, m.text);
});
after(() => s.close());

async function lease(name: string, token = root): Promise<string> {
  const r = await s.request("GET", `dyn/creds/${name}`, { token });
  assert.equal(r.status, 200, r.text);
  return r.body.lease_id as string;
}
const lookup = (leaseId: string, token = root) =>
  s.request("PUT", "sys/leases/lookup", { token, body: { lease_id: leaseId } });

test("a leased secret: lookup, renew (body and URL forms), capped renewals warn", async () => {
  const r = await s.request("GET", "dyn/creds/a", { token: root });
  assertEnvelope(r);
  assert.match(r.body.lease_id, /^dyn\/creds\/a\/[A-Za-z0-9]+$/);
  assert.equal(r.body.renewable, true);
  assert.equal(r.body.lease_duration, 60);
  const id = r.body.lease_id as string;

  clock.advance(10_000);
  const l = await lookup(id);
  assertEnvelope(l);
  assert.deepEqual(Object.keys(l.body.data).sort(), [
    "expire_time",
    "id",
    "issue_time",
    "last_renewal",
    "renewable",
    "ttl",
  ]);
  assert.equal(l.body.data.id, id);
  assert.equal(l.body.data.ttl, 50);
  assert.equal(l.body.data.last_renewal, null);
  assert.equal(l.body.data.renewable, true);

  const renewed = await s.request("PUT", "sys/leases/renew", {
    token: root,
    body: { lease_id: id, increment: "2m" },
  });
  assertEnvelope(renewed);
  assert.equal(renewed.body.lease_id, id);
  assert.equal(renewed.body.lease_duration, 120);
  assert.equal(renewed.body.renewable, true);
  assert.notEqual((await lookup(id)).body.data.last_renewal, null);

  const capped = await s.request("PUT", `sys/leases/renew/${id}`, { token: root, body: { increment: 3600 } });
  assertEnvelope(capped);
  assert.equal(capped.body.lease_duration, 290, "max_ttl 300 s counted from issue, 10 s ago");
  assert.equal(capped.body.warnings.length, 1);
  assert.match(capped.body.warnings[0], /capped/);
  const legacy = await s.request("PUT", "sys/renew", { token: root, body: { lease_id: id, increment: 30 } });
  assert.equal(legacy.body.lease_duration, 30);
});

test("unknown, missing and malformed lease ids are 400 (revoking an unknown one is a no-op, as in Vault)", async () => {
  assertBadRequest(await lookup("dyn/creds/a/doesnotexist"), "invalid lease");
  assertBadRequest(
    await s.request("PUT", "sys/leases/renew", {
      token: root,
      body: { lease_id: "dyn/creds/a/doesnotexist" },
    }),
    "lease not found",
  );
  for (const path of ["sys/leases/lookup", "sys/leases/renew", "sys/leases/revoke"]) {
    assertBadRequest(await s.request("PUT", path, { token: root, body: {} }), "lease_id must be specified");
  }
  const id = await lease("m");
  assertBadRequest(
    await s.request("PUT", "sys/leases/renew", { token: root, body: { lease_id: id, increment: "forever" } }),
    /increment/,
  );
  assertBadRequest(
    await s.request("PUT", "sys/leases/lookup", { token: root, body: { lease_id: { id: 7 } } }),
    /lease_id/,
  );
  assert.equal((await lookup(id)).body.data.ttl, 60, "nothing renewed");
  const unknown = await s.request("PUT", "sys/leases/revoke", {
    token: root,
    body: { lease_id: "dyn/creds/a/doesnotexist" },
  });
  assert.equal(unknown.status, 204, unknown.text);
});

test("revoke asks the engine to drop the credential; the default policy may look up and renew, not revoke", async () => {
  const user = await tokenWith(s, ["default"]);
  const id = await lease("b");
  assert.equal((await lookup(id, user)).status, 200);
  assert.equal(
    (await s.request("PUT", "sys/leases/renew", { token: user, body: { lease_id: id, increment: 90 } }))
      .status,
    200,
  );
  assertDenied(await s.request("PUT", "sys/leases/revoke", { token: user, body: { lease_id: id } }));
  const bare = await tokenWith(s, ["nothing"], { no_default_policy: true });
  assertDenied(await lookup(id, bare));
  assertDenied(await s.request("PUT", "sys/leases/renew", { token: bare, body: { lease_id: id } }));
  assert.equal((await lookup(id)).body.data.ttl, 90, "the refused calls changed nothing");
  assert.ok(!revoked.includes("b"));

  const r = await s.request("PUT", "sys/leases/revoke", { token: root, body: { lease_id: id } });
  assert.equal(r.status, 204, r.text);
  assert.ok(revoked.includes("b"));
  assertBadRequest(await lookup(id), "invalid lease");
});

test("revoke-prefix and revoke-force need sudo; force drops leases whose engine cannot revoke them", async () => {
  const ids = [await lease("team/x"), await lease("team/y")];
  await writePolicy(
    s,
    "revoker",
    'path "sys/leases/revoke-prefix/*" { capabilities = ["update"] }\npath "sys/leases/revoke-force/*" { capabilities = ["update"] }',
  );
  const noSudo = await tokenWith(s, ["revoker"]);
  assertDenied(await s.request("PUT", "sys/leases/revoke-prefix/dyn/creds/team", { token: noSudo }));
  assertDenied(await s.request("PUT", "sys/leases/revoke-force/dyn/creds/team", { token: noSudo }));
  for (const id of ids) assert.equal((await lookup(id)).status, 200);

  await writePolicy(
    s,
    "revoker-sudo",
    'path "sys/leases/revoke-prefix/*" { capabilities = ["update", "sudo"] }\npath "sys/leases/revoke-force/*" { capabilities = ["update", "sudo"] }',
  );
  const sudo = await tokenWith(s, ["revoker-sudo"]);
  const r = await s.request("PUT", "sys/leases/revoke-prefix/dyn/creds/team", { token: sudo });
  assert.equal(r.status, 204, r.text);
  for (const id of ids) assertBadRequest(await lookup(id), "invalid lease");
  assert.ok(revoked.includes("team/x") && revoked.includes("team/y"));

  const stuck = await lease("stuck1");
  const failed = await s.request("PUT", "sys/leases/revoke-prefix/dyn/creds/stuck1", { token: sudo });
  assert.ok(failed.status >= 400, failed.text);
  assert.equal((await lookup(stuck)).status, 200, "a lease the engine failed to revoke stays");
  const forced = await s.request("PUT", "sys/leases/revoke-force/dyn/creds/stuck1", { token: sudo });
  assert.equal(forced.status, 204, forced.text);
  assertBadRequest(await lookup(stuck), "invalid lease");
});

test("LIST sys/leases/lookup/<prefix> needs sudo; empty prefixes are 404", async () => {
  const id = await lease("listed/one");
  await writePolicy(s, "lease-list", 'path "sys/leases/lookup/*" { capabilities = ["list"] }');
  const noSudo = await tokenWith(s, ["lease-list"]);
  assertDenied(await s.request("LIST", "sys/leases/lookup/dyn/creds/", { token: noSudo }));
  assertDenied(await s.request("GET", "sys/leases/lookup/dyn/creds/?list=true", { token: noSudo }));

  await writePolicy(s, "lease-list-sudo", 'path "sys/leases/lookup/*" { capabilities = ["list", "sudo"] }');
  const sudo = await tokenWith(s, ["lease-list-sudo"]);
  // As in Vault, a LIST of "sys/leases/lookup/" also tries the exact rule "sys/leases/lookup"
  // (update only, in the default policy), which then wins over the glob: list the top level
  // with a token that does not hold the default policy.
  assertDenied(await s.request("LIST", "sys/leases/lookup/", { token: sudo }));
  const noDefault = await tokenWith(s, ["lease-list-sudo"], { no_default_policy: true });
  const top = await s.request("LIST", "sys/leases/lookup/", { token: noDefault });
  assertEnvelope(top);
  assert.ok(top.body.data.keys.includes("dyn/"), top.text);
  const under = await s.request("LIST", "sys/leases/lookup/dyn/creds/listed/one/", { token: sudo });
  assert.deepEqual(under.body.data.keys, [id.slice("dyn/creds/listed/one/".length)]);
  const viaQuery = await s.request("GET", "sys/leases/lookup/dyn/creds/listed/?list=true", { token: sudo });
  assert.deepEqual(viaQuery.body.data.keys, ["one/"]);
  const empty = await s.request("LIST", "sys/leases/lookup/dyn/creds/nothing/", { token: sudo });
  assert.equal(empty.status, 404);
  assert.deepEqual(empty.body, { errors: [] });
});

test("revoking a token revokes the leases it created, and its children's", async () => {
  await writePolicy(
    s,
    "dyn-user",
    'path "dyn/creds/*" { capabilities = ["read"] }\npath "auth/token/create" { capabilities = ["update"] }',
  );
  const parent = await tokenWith(s, ["dyn-user"]);
  const childRes = await s.request("POST", "auth/token/create", { token: parent, body: {} });
  const child = childRes.body.auth.client_token as string;
  const mine = await lease("owned/parent", parent);
  const theirs = await lease("owned/child", child);
  const kept = await lease("owned/root");
  const r = await s.request("POST", "auth/token/revoke", { token: root, body: { token: parent } });
  assert.equal(r.status, 204, r.text);
  assertBadRequest(await lookup(mine), "invalid lease");
  assertBadRequest(await lookup(theirs), "invalid lease");
  assert.equal((await lookup(kept)).status, 200);
  assert.ok(revoked.includes("owned/parent") && revoked.includes("owned/child"));
  assert.ok(!revoked.includes("owned/root"));
});

test("a wrapped leased read is unwrapped with its lease id", async () => {
  const r = await s.request("GET", "dyn/creds/wrapped", {
    token: root,
    headers: { "x-vault-wrap-ttl": "1m" },
  });
  const u = await s.request("POST", "sys/wrapping/unwrap", { token: r.body.wrap_info.token });
  assertEnvelope(u);
  assert.match(u.body.lease_id, /^dyn\/creds\/wrapped\//);
  assert.equal(u.body.lease_duration, 60);
  assert.deepEqual(u.body.data, { username: "u-wrapped" });
  assert.equal((await lookup(u.body.lease_id)).status, 200);
});

test("disabling an engine revokes its leases first, and is refused while one cannot be revoked", async () => {
  const m = await s.request("POST", "sys/mounts/dyn2", { token: root, body: { type: "test-leased" } });
  assert.equal(m.status, 204, m.text);
  const fine = (await s.request("GET", "dyn2/creds/fine", { token: root })).body.lease_id as string;
  const stuck = (await s.request("GET", "dyn2/creds/stuck-db-user", { token: root })).body.lease_id as string;

  const refused = await s.request("DELETE", "sys/mounts/dyn2", { token: root });
  assert.ok(refused.status >= 400, refused.text);
  assert.match(JSON.stringify(refused.body), /failed to revoke 1 of 2 leases/);
  const mounts = await s.request("GET", "sys/mounts", { token: root });
  assert.ok("dyn2/" in mounts.body.data, "the engine stays mounted");
  assert.equal((await lookup(stuck)).status, 200, "the unrevoked credential's lease is kept");
  assertBadRequest(await lookup(fine), "invalid lease");

  // The operator forces it (the credential is then theirs to clean up), and the unmount goes through.
  const forced = await s.request("PUT", "sys/leases/revoke-force/dyn2/", { token: root });
  assert.equal(forced.status, 204, forced.text);
  assert.equal((await s.request("DELETE", "sys/mounts/dyn2", { token: root })).status, 204);
});

test("sys/leases and sys/leases/count with type=irrevocable show leases whose revocation keeps failing", async () => {
  const accessor = (await s.request("GET", "sys/mounts", { token: root })).body.data["dyn/"].accessor;
  const count = () => s.request("GET", "sys/leases/count?type=irrevocable", { token: root });
  const before = await count();
  assertEnvelope(before);
  assert.deepEqual(before.body.data, { lease_count: 0, counts: {} });

  const stuck = await lease("stuck-irrevocable");
  // Six failed attempts (the report threshold): still pending, still retried, now listed.
  for (let i = 0; i < 6; i++) {
    const r = await s.request("PUT", "sys/leases/revoke", { token: root, body: { lease_id: stuck } });
    assert.ok(r.status >= 400, r.text);
  }
  const counted = await count();
  assert.deepEqual(counted.body.data, { lease_count: 1, counts: { [accessor]: 1 } });
  const listed = await s.request("GET", "sys/leases?type=irrevocable", { token: root });
  assertEnvelope(listed);
  assert.equal(listed.body.data.lease_count, 1);
  assert.deepEqual(listed.body.data.leases, [
    { lease_id: stuck, mount_id: accessor, error: listed.body.data.leases[0].error },
  ]);
  // The last error as the server log shows it (an unknown error's message is withheld: it could hold a secret).
  assert.equal(listed.body.data.leases[0].error, "Error (details withheld)");

  // Malformed: no type, another type, a bad limit. Unauthorised: a token without a policy for it.
  assertBadRequest(await s.request("GET", "sys/leases/count", { token: root }), "missing type");
  assertBadRequest(
    await s.request("GET", "sys/leases?type=expiring", { token: root }),
    'invalid type: only "irrevocable" is supported',
  );
  for (const limit of ["0", "many"]) {
    const bad = await s.request("GET", `sys/leases?type=irrevocable&limit=${limit}`, { token: root });
    assert.equal(bad.status, 400, bad.text);
  }
  const nobody = await tokenWith(s, ["default"]);
  assertDenied(await s.request("GET", "sys/leases/count?type=irrevocable", { token: nobody }));
  assertDenied(await s.request("GET", "sys/leases?type=irrevocable", { token: nobody }));

  const forced = await s.request("PUT", "sys/leases/revoke-force/dyn/creds/stuck-irrevocable", {
    token: root,
  });
  assert.equal(forced.status, 204, forced.text);
  assert.deepEqual((await count()).body.data, { lease_count: 0, counts: {} });
});
