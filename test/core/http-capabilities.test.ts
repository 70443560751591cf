/** sys/capabilities, sys/capabilities-self and sys/capabilities-accessor over HTTP. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { assertDenied, assertError, tokenWithPolicy } from "./sys-test-helpers.js";

let s: TestServer;
let app: { token: string; accessor: string };
before(async () => {
  s = await startTestServer();
  const token = await tokenWithPolicy(
    s,
    "caps-app",
    [
      'path "secret/data/app/*" { capabilities = ["update", "read", "create"] }',
      'path "secret/data/app/admin" { capabilities = ["deny"] }',
      'path "secret/metadata/app/*" { capabilities = ["list"] }',
    ].join("\n"),
  );
  const look = await s.request("POST", "auth/token/lookup", { token: s.rootToken, body: { token } });
  app = { token, accessor: look.body.data.accessor };
});
after(() => s.close());

const root = () => ({ token: s.rootToken });
const PATHS = ["secret/data/app/db", "secret/data/app/admin", "secret/metadata/app/", "sys/mounts"];
const EXPECTED = {
  "secret/data/app/db": ["create", "read", "update"],
  "secret/data/app/admin": ["deny"],
  "secret/metadata/app/": ["list"],
  "sys/mounts": ["deny"],
};

test("sys/capabilities {token, paths}: sorted capabilities per path, deny for nothing, data injected", async () => {
  const r = await s.request("POST", "sys/capabilities", {
    ...root(),
    body: { token: app.token, paths: PATHS },
  });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.data, EXPECTED);
  assert.deepEqual(r.body["secret/data/app/db"], EXPECTED["secret/data/app/db"], "injected at the top level");
  assert.equal(r.body.data.capabilities, undefined, "the single-path key only for one path");
});

test("one path also answers under `capabilities`; the deprecated `path` works (list or string)", async () => {
  const one = await s.request("POST", "sys/capabilities", {
    ...root(),
    body: { token: app.token, paths: ["secret/data/app/db"] },
  });
  assert.deepEqual(one.body.data, {
    "secret/data/app/db": ["create", "read", "update"],
    capabilities: ["create", "read", "update"],
  });
  assert.deepEqual(one.body.capabilities, ["create", "read", "update"]);
  const legacy = await s.request("POST", "sys/capabilities", {
    ...root(),
    body: { token: app.token, path: "secret/data/app/db" },
  });
  assert.deepEqual(legacy.body.data, one.body.data);
  const legacyList = await s.request("POST", "sys/capabilities", {
    ...root(),
    body: { token: app.token, path: ["secret/data/app/x", "sys/mounts"] },
  });
  assert.deepEqual(legacyList.body.data, {
    "secret/data/app/x": ["create", "read", "update"],
    "sys/mounts": ["deny"],
  });
});

test("sys/capabilities-self answers for the caller; root gets ['root'] everywhere", async () => {
  const self = await s.request("POST", "sys/capabilities-self", { token: app.token, body: { paths: PATHS } });
  assert.equal(self.status, 200, "the default policy allows capabilities-self");
  assert.deepEqual(self.body.data, EXPECTED);
  const r = await s.request("POST", "sys/capabilities-self", {
    ...root(),
    body: { paths: ["anything/at/all"] },
  });
  assert.deepEqual(r.body.data, { "anything/at/all": ["root"], capabilities: ["root"] });
  const viaToken = await s.request("POST", "sys/capabilities", {
    ...root(),
    body: { token: s.rootToken, paths: ["sys/seal"] },
  });
  assert.deepEqual(viaToken.body.data.capabilities, ["root"]);
});

test("sys/capabilities-accessor answers for the token behind the accessor", async () => {
  const r = await s.request("POST", "sys/capabilities-accessor", {
    ...root(),
    body: { accessor: app.accessor, paths: PATHS },
  });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.data, EXPECTED);
});

test("unknown tokens and accessors, and missing fields, are 400s", async () => {
  const cases: Array<[string, unknown, string]> = [
    ["sys/capabilities", { token: "hvs.no-such-token-000000000000", paths: ["a"] }, "invalid token"],
    ["sys/capabilities", { token: app.token }, "paths must be supplied"],
    ["sys/capabilities", { token: app.token, paths: [] }, "paths must be supplied"],
    ["sys/capabilities", { paths: ["a"] }, "missing token"],
    ["sys/capabilities-accessor", { accessor: "no-such-accessor", paths: ["a"] }, "invalid accessor"],
    ["sys/capabilities-accessor", { paths: ["a"] }, "missing accessor"],
    ["sys/capabilities-self", {}, "paths must be supplied"],
  ];
  for (const [path, body, message] of cases) {
    assertError(await s.request("POST", path, { ...root(), body }), 400, message);
  }
  // A revoked token is unknown too.
  const gone = await tokenWith(s, ["caps-app"]);
  await s.request("POST", "auth/token/revoke", { ...root(), body: { token: gone } });
  assertError(
    await s.request("POST", "sys/capabilities", { ...root(), body: { token: gone, paths: ["a"] } }),
    400,
    "invalid token",
  );
});

test("sys/capabilities and -accessor need a policy on them: a default-policy token is refused", async () => {
  const t = await tokenWith(s, ["default"]);
  assertDenied(
    await s.request("POST", "sys/capabilities", { token: t, body: { token: app.token, paths: ["a"] } }),
  );
  assertDenied(
    await s.request("POST", "sys/capabilities-accessor", {
      token: t,
      body: { accessor: app.accessor, paths: ["a"] },
    }),
  );
  // Without any token even capabilities-self is refused.
  assertDenied(await s.request("POST", "sys/capabilities-self", { body: { paths: ["a"] } }));
});

test("answers follow policy changes at once", async () => {
  const t = await tokenWithPolicy(s, "caps-live", 'path "kv-live/*" { capabilities = ["read"] }');
  const ask = async () =>
    (await s.request("POST", "sys/capabilities-self", { token: t, body: { paths: ["kv-live/x"] } })).body.data
      .capabilities;
  assert.deepEqual(await ask(), ["read"]);
  await s.request("PUT", "sys/policies/acl/caps-live", {
    ...root(),
    body: { policy: 'path "kv-live/*" { capabilities = ["read", "delete", "list", "patch", "sudo"] }' },
  });
  assert.deepEqual(await ask(), ["delete", "list", "patch", "read", "sudo"]);
  await s.request("DELETE", "sys/policies/acl/caps-live", root());
  assert.deepEqual(await ask(), ["deny"]);
});
