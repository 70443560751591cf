/** auth/token/ lookup, renew and revoke endpoints, use counts and expiry over real HTTP (reference 3.1, 3.3). */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../src/util/clock.js";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import {
  accessors,
  assertBadRequest,
  assertDenied,
  assertEnvelope,
  assertInvalidToken,
  writePolicy,
} from "./http-helpers.js";

const clock = new ManualClock();
let s: TestServer;

before(async () => {
  s = await startTestServer({ clock });
  await writePolicy(s, "web", 'path "secret/data/web/*" { capabilities = ["read"] }');
  await writePolicy(s, "creator", 'path "auth/token/create" { capabilities = ["update"] }');
  await writePolicy(
    s,
    "token-admin",
    ["lookup", "lookup-accessor", "renew", "renew-accessor", "revoke", "revoke-accessor", "revoke-orphan"]
      .map((p) => `path "auth/token/${p}" { capabilities = ["update"] }`)
      .concat('path "auth/token/accessors/" { capabilities = ["list"] }')
      .join("\n"),
  );
});
after(() => s.close());

async function mint(body: Record<string, unknown> = {}, token = s.rootToken) {
  const r = await s.request("POST", "auth/token/create", { token, body });
  assert.equal(r.status, 200, r.text);
  return { token: r.body.auth.client_token as string, accessor: r.body.auth.accessor as string };
}
const alive = async (token: string) =>
  (await s.request("GET", "auth/token/lookup-self", { token })).status === 200;

test("lookup-self has Vault's shape with a numeric ttl and a type (ESO depends on both)", async () => {
  const t = await mint({ policies: ["web"], ttl: "1h", meta: { app: "x" }, display_name: "eso" });
  clock.advance(10_000);
  const r = await s.request("GET", "auth/token/lookup-self", { token: t.token });
  assertEnvelope(r);
  assert.deepEqual(r.body.data, {
    accessor: t.accessor,
    creation_time: Math.floor(clock.now() / 1000) - 10,
    creation_ttl: 3600,
    display_name: "token-eso",
    entity_id: "",
    expire_time: new Date(clock.now() - 10_000 + 3_600_000).toISOString().replace(".000Z", "Z"),
    explicit_max_ttl: 0,
    id: t.token,
    issue_time: new Date(clock.now() - 10_000).toISOString().replace(".000Z", "Z"),
    meta: { app: "x" },
    num_uses: 0,
    orphan: false,
    path: "auth/token/create",
    policies: ["default", "web"],
    renewable: true,
    ttl: 3590,
    type: "service",
  });
  // The default policy grants read on lookup-self, as Vault's: a POST is an update and is refused.
  assertDenied(await s.request("POST", "auth/token/lookup-self", { token: t.token }));
  const root = await s.request("GET", "auth/token/lookup-self", { token: s.rootToken });
  assert.equal(root.body.data.ttl, 0);
  assert.equal(root.body.data.expire_time, null);
  assert.deepEqual(root.body.data.policies, ["root"]);
});

test("lookup takes the token in the body; unknown is 403 bad token; needs a capability", async () => {
  const t = await mint({ policies: ["web"] });
  const admin = await tokenWith(s, ["token-admin"]);
  const r = await s.request("POST", "auth/token/lookup", { token: admin, body: { token: t.token } });
  assertEnvelope(r);
  assert.equal(r.body.data.id, t.token);
  assert.equal(r.body.data.accessor, t.accessor);
  const unknown = await s.request("POST", "auth/token/lookup", { token: admin, body: { token: "hvs.nope" } });
  assert.equal(unknown.status, 403);
  assert.deepEqual(unknown.body, { errors: ["bad token"] });
  assertBadRequest(
    await s.request("POST", "auth/token/lookup", { token: admin, body: { token: ["a"] } }),
    /token/,
  );
  const plain = await tokenWith(s, ["web"]);
  assertDenied(await s.request("POST", "auth/token/lookup", { token: plain, body: { token: t.token } }));
});

test("lookup-accessor hides the id; bad or missing accessors are 400; needs a capability", async () => {
  const t = await mint({ policies: ["web"] });
  const admin = await tokenWith(s, ["token-admin"]);
  const r = await s.request("POST", "auth/token/lookup-accessor", {
    token: admin,
    body: { accessor: t.accessor },
  });
  assertEnvelope(r);
  assert.equal(r.body.data.id, "");
  assert.equal(r.body.data.accessor, t.accessor);
  assert.deepEqual(r.body.data.policies, ["default", "web"]);
  assertBadRequest(
    await s.request("POST", "auth/token/lookup-accessor", { token: admin, body: {} }),
    /missing accessor/,
  );
  assertBadRequest(
    await s.request("POST", "auth/token/lookup-accessor", { token: admin, body: { accessor: "nope" } }),
    /invalid accessor/,
  );
  const plain = await tokenWith(s, ["web"]);
  assertDenied(
    await s.request("POST", "auth/token/lookup-accessor", { token: plain, body: { accessor: t.accessor } }),
  );
});

test("renew, renew-self and renew-accessor; renewals are capped with a warning", async () => {
  const t = await mint({ policies: ["web"], ttl: "1h", explicit_max_ttl: "2h" });
  clock.advance(30 * 60_000);
  const self = await s.request("POST", "auth/token/renew-self", {
    token: t.token,
    body: { increment: "1h" },
  });
  assertEnvelope(self);
  assert.equal(self.body.auth.client_token, t.token);
  assert.equal(self.body.auth.lease_duration, 3600);
  assert.equal(self.body.warnings, null);

  const admin = await tokenWith(s, ["token-admin"]);
  const capped = await s.request("POST", "auth/token/renew", {
    token: admin,
    body: { token: t.token, increment: "5h" },
  });
  assertEnvelope(capped);
  assert.equal(capped.body.auth.lease_duration, 5400, "capped at explicit_max_ttl from creation");
  assert.equal(capped.body.warnings.length, 1);
  assert.match(capped.body.warnings[0], /explicit max TTL|capped/i);

  const byAccessor = await s.request("POST", "auth/token/renew-accessor", {
    token: admin,
    body: { accessor: t.accessor, increment: 60 },
  });
  assertEnvelope(byAccessor);
  assert.equal(byAccessor.body.auth.client_token, "");
  assert.equal(byAccessor.body.auth.accessor, t.accessor);
  assert.equal(byAccessor.body.auth.lease_duration, 60);
  const look = await s.request("GET", "auth/token/lookup-self", { token: t.token });
  assert.equal(look.body.data.ttl, 60);
  assert.ok(look.body.data.last_renewal_time > 0);

  assertBadRequest(
    await s.request("POST", "auth/token/renew", {
      token: admin,
      body: { token: t.token, increment: "later" },
    }),
    /increment/,
  );
  assertBadRequest(await s.request("POST", "auth/token/renew", { token: admin, body: {} }), /missing token/);
  assertBadRequest(
    await s.request("POST", "auth/token/renew", { token: s.rootToken, body: { token: s.rootToken } }),
    /not renewable/,
  );
  const plain = await tokenWith(s, ["web"]);
  assertDenied(await s.request("POST", "auth/token/renew", { token: plain, body: { token: t.token } }));
  assertDenied(
    await s.request("POST", "auth/token/renew-accessor", { token: plain, body: { accessor: t.accessor } }),
  );
  assert.equal((await s.request("GET", "auth/token/lookup-self", { token: t.token })).body.data.ttl, 60);
});

test("revoke takes the children with it; orphans survive", async () => {
  const parent = await mint({ policies: ["web", "creator"] });
  const child = await mint({ policies: ["web", "creator"] }, parent.token);
  const grandchild = await mint({ policies: ["web"] }, child.token);
  const orphanRes = await s.request("POST", "auth/token/create-orphan", {
    token: s.rootToken,
    body: { policies: ["web"] },
  });
  const orphan = orphanRes.body.auth.client_token as string;
  const admin = await tokenWith(s, ["token-admin"]);
  const r = await s.request("POST", "auth/token/revoke", { token: admin, body: { token: parent.token } });
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, "");
  for (const dead of [parent.token, child.token, grandchild.token]) {
    assertInvalidToken(await s.request("GET", "auth/token/lookup-self", { token: dead }));
  }
  assert.ok(await alive(orphan));
  assert.ok(!(await accessors(s)).includes(child.accessor));
  // An unknown token revokes as a no-op.
  const again = await s.request("POST", "auth/token/revoke", { token: admin, body: { token: parent.token } });
  assert.equal(again.status, 204);
});

test("revoke-self, revoke-accessor; malformed and unauthorised revokes change nothing", async () => {
  const a = await mint({ policies: ["web"] });
  const b = await mint({ policies: ["web"] });
  const admin = await tokenWith(s, ["token-admin"]);
  const plain = await tokenWith(s, ["web"]);
  assertBadRequest(await s.request("POST", "auth/token/revoke", { token: admin, body: {} }), /missing token/);
  assertBadRequest(
    await s.request("POST", "auth/token/revoke-accessor", { token: admin, body: {} }),
    /accessor/,
  );
  assertDenied(await s.request("POST", "auth/token/revoke", { token: plain, body: { token: a.token } }));
  assertDenied(
    await s.request("POST", "auth/token/revoke-accessor", { token: plain, body: { accessor: b.accessor } }),
  );
  assert.ok(await alive(a.token));
  assert.ok(await alive(b.token));

  const self = await s.request("POST", "auth/token/revoke-self", { token: a.token });
  assert.equal(self.status, 204, self.text);
  assert.ok(!(await alive(a.token)));
  const acc = await s.request("POST", "auth/token/revoke-accessor", {
    token: admin,
    body: { accessor: b.accessor },
  });
  assert.equal(acc.status, 204, acc.text);
  assert.ok(!(await alive(b.token)));
  assertBadRequest(
    await s.request("POST", "auth/token/revoke-accessor", { token: admin, body: { accessor: b.accessor } }),
    "invalid accessor",
  );
});

test("revoke-orphan needs sudo and leaves the children alive as orphans", async () => {
  const parent = await mint({ policies: ["web", "creator"] });
  const child = await mint({ policies: ["web"] }, parent.token);
  const admin = await tokenWith(s, ["token-admin"]);
  assertDenied(
    await s.request("POST", "auth/token/revoke-orphan", { token: admin, body: { token: parent.token } }),
  );
  assert.ok(await alive(parent.token));
  await writePolicy(s, "orphaner", 'path "auth/token/revoke-orphan" { capabilities = ["update", "sudo"] }');
  const sudo = await tokenWith(s, ["orphaner"]);
  assertBadRequest(
    await s.request("POST", "auth/token/revoke-orphan", { token: sudo, body: {} }),
    /missing token/,
  );
  assert.ok(await alive(parent.token));
  const r = await s.request("POST", "auth/token/revoke-orphan", {
    token: sudo,
    body: { token: parent.token },
  });
  assert.equal(r.status, 204, r.text);
  assert.ok(!(await alive(parent.token)));
  const look = await s.request("GET", "auth/token/lookup-self", { token: child.token });
  assert.equal(look.status, 200, look.text);
  assert.equal(look.body.data.orphan, true);
});

test("LIST auth/token/accessors needs sudo", async () => {
  const t = await mint({ policies: ["web"] });
  const admin = await tokenWith(s, ["token-admin"]);
  assertDenied(await s.request("LIST", "auth/token/accessors", { token: admin }));
  assertDenied(await s.request("GET", "auth/token/accessors?list=true", { token: admin }));
  await writePolicy(s, "lister", 'path "auth/token/accessors/" { capabilities = ["list", "sudo"] }');
  const lister = await tokenWith(s, ["lister"]);
  const r = await s.request("LIST", "auth/token/accessors", { token: lister });
  assertEnvelope(r);
  assert.ok(r.body.data.keys.includes(t.accessor));
  const q = await s.request("GET", "auth/token/accessors?list=1", { token: lister });
  assert.deepEqual(
    q.body.data.keys,
    r.body.data.keys.concat(q.body.data.keys.filter((k: string) => !r.body.data.keys.includes(k))),
  );
});

test("a token with num_uses stops working after N requests", async () => {
  const t = await mint({ policies: ["web"], num_uses: 3 });
  for (let i = 0; i < 3; i++) {
    const r = await s.request("GET", "auth/token/lookup-self", { token: t.token });
    assert.equal(r.status, 200, `use ${i + 1}: ${r.text}`);
    if (i < 2) assert.equal(r.body.data.num_uses, 2 - i);
  }
  assertInvalidToken(await s.request("GET", "auth/token/lookup-self", { token: t.token }));
  assert.ok(!(await accessors(s)).includes(t.accessor));
});

test("a token stops working once its TTL has passed", async () => {
  const t = await mint({ policies: ["web"], ttl: "90s" });
  clock.advance(89_000);
  assert.ok(await alive(t.token));
  clock.advance(1_000);
  assertInvalidToken(await s.request("GET", "auth/token/lookup-self", { token: t.token }));
  assertInvalidToken(await s.request("GET", "secret/data/web/x", { token: t.token }));
  const admin = await tokenWith(s, ["token-admin"]);
  const look = await s.request("POST", "auth/token/lookup", { token: admin, body: { token: t.token } });
  assert.equal(look.status, 403);
});

test("the default policy lets a token look itself up, renew and revoke itself, and nothing more", async () => {
  const t = await mint({ policies: ["default"], ttl: "1h" });
  const other = await mint({ policies: ["web"] });
  assert.equal((await s.request("GET", "auth/token/lookup-self", { token: t.token })).status, 200);
  assert.equal((await s.request("POST", "auth/token/renew-self", { token: t.token })).status, 200);
  assertDenied(
    await s.request("POST", "auth/token/lookup", { token: t.token, body: { token: other.token } }),
  );
  assertDenied(await s.request("POST", "auth/token/create", { token: t.token, body: {} }));
  assertDenied(
    await s.request("POST", "auth/token/revoke", { token: t.token, body: { token: other.token } }),
  );
  assert.ok(await alive(other.token));
  assert.equal((await s.request("POST", "auth/token/revoke-self", { token: t.token })).status, 204);
  assertInvalidToken(await s.request("GET", "auth/token/lookup-self", { token: t.token }));
});

test("the self endpoints refuse a token without the default policy; bad increments are 400", async () => {
  const bare = await mint({ policies: ["web"], no_default_policy: true, ttl: "1h" });
  assertDenied(await s.request("GET", "auth/token/lookup-self", { token: bare.token }));
  assertDenied(await s.request("POST", "auth/token/renew-self", { token: bare.token }));
  assertDenied(await s.request("POST", "auth/token/revoke-self", { token: bare.token }));
  const admin = await tokenWith(s, ["token-admin"]);
  const look = await s.request("POST", "auth/token/lookup", { token: admin, body: { token: bare.token } });
  assert.equal(look.status, 200, "still alive");
  assert.equal(look.body.data.ttl, 3600);

  const t = await mint({ policies: ["default"], ttl: "1h" });
  assertBadRequest(
    await s.request("POST", "auth/token/renew-self", { token: t.token, body: { increment: "never" } }),
    /increment/,
  );
  assertBadRequest(
    await s.request("POST", "auth/token/renew-accessor", {
      token: admin,
      body: { accessor: t.accessor, increment: -5 },
    }),
    /increment/,
  );
  assertBadRequest(
    await s.request("POST", "auth/token/create-orphan", { token: s.rootToken, body: { ttl: "x" } }),
    /ttl/,
  );
  assertBadRequest(
    await s.request("POST", "auth/token/create/anyrole", { token: s.rootToken, body: { num_uses: "many" } }),
    /num_uses/,
  );
  assert.equal((await s.request("GET", "auth/token/lookup-self", { token: t.token })).body.data.ttl, 3600);
});

test("use counts: unauthenticated paths spend nothing, a refused request spends one", async () => {
  const t = await mint({ policies: ["web"], num_uses: 3 });
  assert.equal((await s.request("GET", "sys/seal-status", { token: t.token })).status, 200);
  assert.equal((await s.request("GET", "sys/health", { token: t.token })).status, 200);
  assert.equal((await s.request("POST", "sys/wrapping/lookup", { token: t.token })).status, 400);
  assertDenied(await s.request("GET", "secret/data/elsewhere", { token: t.token }));
  const r = await s.request("GET", "auth/token/lookup-self", { token: t.token });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.data.num_uses, 1, "three uses: one refused read, this lookup, one left");
});
