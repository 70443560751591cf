/** auth/token/create, create-orphan, create/:role and roles over real HTTP (reference 3.1, 3.2, 3.4). */
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

let s: TestServer;
/** Holds `creator` (may call auth/token/create and create-orphan) plus `web`. */
let creator: string;
/** Same, but with sudo on auth/token/create. */
let sudoCreator: string;

before(async () => {
  s = await startTestServer({ clock: new ManualClock() });
  await writePolicy(
    s,
    "creator",
    'path "auth/token/create" { capabilities = ["update"] }\npath "auth/token/create-orphan" { capabilities = ["update"] }',
  );
  await writePolicy(s, "sudo-creator", 'path "auth/token/create" { capabilities = ["update", "sudo"] }');
  await writePolicy(s, "web", 'path "secret/data/web/*" { capabilities = ["read"] }');
  await writePolicy(s, "ops", 'path "secret/data/ops/*" { capabilities = ["read"] }');
  creator = await tokenWith(s, ["creator", "web"]);
  sudoCreator = await tokenWith(s, ["sudo-creator", "web"]);
});
after(() => s.close());

const create = (token: string, body: unknown, path = "auth/token/create") =>
  s.request("POST", path, { token, body });

test("root creates a token with ttl, explicit_max_ttl, num_uses, meta and display_name", async () => {
  const r = await create(s.rootToken, {
    policies: "web, ops",
    ttl: "1h",
    explicit_max_ttl: "2h",
    num_uses: 5,
    meta: { team: "a" },
    display_name: "ci job",
  });
  assertEnvelope(r);
  assert.equal(r.body.data, null);
  assert.equal(r.body.mount_type, "token");
  const auth = r.body.auth;
  assert.match(auth.client_token, /^hvs\.[A-Za-z0-9]{24,}$/);
  assert.match(auth.accessor, /^[A-Za-z0-9]{24}$/);
  assert.deepEqual(auth.policies, ["default", "ops", "web"]);
  assert.deepEqual(auth.token_policies, ["default", "ops", "web"]);
  assert.deepEqual(auth.metadata, { team: "a" });
  assert.equal(auth.lease_duration, 3600);
  assert.equal(auth.renewable, true);
  assert.equal(auth.token_type, "service");
  assert.equal(auth.orphan, false);
  assert.equal(auth.num_uses, 5);
  const look = await s.request("POST", "auth/token/lookup", {
    token: s.rootToken,
    body: { token: auth.client_token },
  });
  assert.equal(look.body.data.display_name, "token-ci-job");
  assert.equal(look.body.data.explicit_max_ttl, 7200);
  assert.equal(look.body.data.num_uses, 5);
  assert.equal(look.body.data.path, "auth/token/create");
});

test("a non-root child gets a subset of its parent's policies plus default", async () => {
  const inherit = await create(creator, {});
  assert.equal(inherit.status, 200, inherit.text);
  assert.deepEqual(inherit.body.auth.policies, ["creator", "default", "web"]);
  const subset = await create(creator, { policies: ["web"] });
  assert.equal(subset.status, 200, subset.text);
  assert.deepEqual(subset.body.auth.policies, ["default", "web"]);
  const noDefault = await create(creator, { policies: ["web"], no_default_policy: true });
  assert.deepEqual(noDefault.body.auth.policies, ["web"]);

  const before = await accessors(s);
  assertBadRequest(
    await create(creator, { policies: ["web", "ops"] }),
    "child policies must be subset of parent",
  );
  assertBadRequest(await create(creator, { policies: ["root"] }), /subset of parent|root/);
  assert.deepEqual(await accessors(s), before);
});

test("no_parent and period need sudo; create-orphan relies on the ACL only", async () => {
  const before = await accessors(s);
  assertBadRequest(
    await create(creator, { no_parent: true }),
    "root or sudo privileges required to create orphan token",
  );
  assertBadRequest(await create(creator, { period: "1h" }), /root or sudo privileges required/);
  assert.deepEqual(await accessors(s), before);

  const orphan = await create(sudoCreator, { policies: ["ops"], no_parent: true });
  assert.equal(orphan.status, 200, orphan.text);
  assert.equal(orphan.body.auth.orphan, true);
  assert.deepEqual(orphan.body.auth.policies, ["default", "ops"]);
  const periodic = await create(sudoCreator, { period: "30m" });
  assert.equal(periodic.body.auth.lease_duration, 1800);

  const viaEndpoint = await create(creator, { policies: ["web"] }, "auth/token/create-orphan");
  assert.equal(viaEndpoint.status, 200, viaEndpoint.text);
  assert.equal(viaEndpoint.body.auth.orphan, true);
  const look = await s.request("GET", "auth/token/lookup-self", {
    token: viaEndpoint.body.auth.client_token,
  });
  assert.equal(look.body.data.path, "auth/token/create-orphan");
});

test("batch tokens: hvb. prefix, no accessor, not renewable, usable", async () => {
  const r = await create(s.rootToken, { type: "batch", policies: ["web"], ttl: "10m" });
  assert.equal(r.status, 200, r.text);
  const auth = r.body.auth;
  assert.match(auth.client_token, /^hvb\./);
  assert.equal(auth.accessor, "");
  assert.equal(auth.token_type, "batch");
  assert.equal(auth.renewable, false);
  const self = await s.request("GET", "auth/token/lookup-self", { token: auth.client_token });
  assert.equal(self.status, 200, self.text);
  assert.equal(self.body.data.type, "batch");
  assert.equal(self.body.data.ttl, 600);
  assertBadRequest(
    await s.request("POST", "auth/token/renew-self", { token: auth.client_token }),
    /batch tokens cannot be renewed/,
  );
  assertBadRequest(await create(s.rootToken, { type: "batch", num_uses: 3 }), /batch tokens cannot have/);
  assertBadRequest(await create(s.rootToken, { type: "nonsense" }), /token_type/);
});

test("malformed create requests are 400 and mint nothing", async () => {
  const before = await accessors(s);
  assertBadRequest(await create(s.rootToken, { ttl: "soon" }), /ttl/);
  assertBadRequest(await create(s.rootToken, "{not json"), "error parsing JSON");
  assertBadRequest(await create(s.rootToken, [1, 2]), /JSON object/);
  assertBadRequest(await create(s.rootToken, { num_uses: -1 }), "number of uses cannot be negative");
  assertBadRequest(await create(s.rootToken, { meta: { a: 1 } }), /meta/);
  assertBadRequest(await create(s.rootToken, { policies: ["response-wrapping"] }), /response-wrapping/);
  assert.deepEqual(await accessors(s), before);
});

test("unauthorised create requests are 403 and mint nothing", async () => {
  const plain = await tokenWith(s, ["web"]);
  const before = await accessors(s);
  assertDenied(await create(plain, { policies: ["web"] }));
  assertDenied(await create(plain, {}, "auth/token/create-orphan"));
  assertDenied(await create(plain, {}, "auth/token/create/anyrole"));
  assertDenied(await create("", {}));
  assertInvalidToken(await create("hvs.AAAAAAAAAAAAAAAAAAAAAAAA", {}));
  assert.deepEqual(await accessors(s), before);
});

test("roles: write, read, LIST (verb and ?list=true), create against a role, delete", async () => {
  const root = s.rootToken;
  const w = await s.request("POST", "auth/token/roles/deployer", {
    token: root,
    body: { allowed_policies: ["web"], orphan: true, token_period: "1h", path_suffix: "v1" },
  });
  assert.equal(w.status, 204, w.text);
  const read = await s.request("GET", "auth/token/roles/deployer", { token: root });
  assertEnvelope(read);
  assert.equal(read.body.data.name, "deployer");
  assert.deepEqual(read.body.data.allowed_policies, ["web"]);
  assert.equal(read.body.data.orphan, true);
  assert.equal(read.body.data.token_period, 3600);
  assert.equal(read.body.data.path_suffix, "v1");
  for (const r of [
    await s.request("LIST", "auth/token/roles", { token: root }),
    await s.request("GET", "auth/token/roles?list=true", { token: root }),
  ]) {
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.body.data.keys, ["deployer"]);
  }

  const viaRole = await create(root, {}, "auth/token/create/deployer");
  assert.equal(viaRole.status, 200, viaRole.text);
  assert.deepEqual(viaRole.body.auth.policies, ["default", "web"]);
  assert.equal(viaRole.body.auth.orphan, true);
  assert.equal(viaRole.body.auth.lease_duration, 3600);
  const look = await s.request("GET", "auth/token/lookup-self", { token: viaRole.body.auth.client_token });
  assert.equal(look.body.data.path, "auth/token/create/deployer/v1");
  assert.equal(look.body.data.role, "deployer");
  assertBadRequest(
    await create(root, { policies: ["ops"] }, "auth/token/create/deployer"),
    /must be subset of the role's allowed policies/,
  );
  assertBadRequest(await create(root, {}, "auth/token/create/nobody"), "unknown role nobody");

  assert.equal((await s.request("DELETE", "auth/token/roles/deployer", { token: root })).status, 204);
  assert.equal((await s.request("GET", "auth/token/roles/deployer", { token: root })).status, 404);
  assert.deepEqual((await s.request("LIST", "auth/token/roles", { token: root })).body, { errors: [] });
});

test("roles: malformed writes are 400 and unauthorised calls 403, nothing changed", async () => {
  const root = s.rootToken;
  assertBadRequest(
    await s.request("POST", "auth/token/roles/bad", { token: root, body: { token_type: "weird" } }),
    /token_type/,
  );
  assertBadRequest(
    await s.request("POST", "auth/token/roles/bad", { token: root, body: { token_period: "forever" } }),
    /token_period/,
  );
  assert.equal((await s.request("GET", "auth/token/roles/bad", { token: root })).status, 404);

  const plain = await tokenWith(s, ["web"]);
  assertDenied(await s.request("POST", "auth/token/roles/evil", { token: plain, body: { orphan: true } }));
  assertDenied(await s.request("LIST", "auth/token/roles", { token: plain }));
  assertDenied(await s.request("GET", "auth/token/roles/evil", { token: plain }));
  assertDenied(await s.request("DELETE", "auth/token/roles/evil", { token: plain }));
  assert.equal((await s.request("GET", "auth/token/roles/evil", { token: root })).status, 404);
});
