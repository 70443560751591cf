/** sys/auth over HTTP: list, enable, disable and tune of auth methods (token/ only for now; sudo). */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { assertDenied, assertError, mountPaths, readData, tokenWithPolicy } from "./sys-test-helpers.js";

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const root = () => ({ token: s.rootToken });

test("sys/auth lists token/ with Vault's mount info shape, data also at the top level", async () => {
  const r = await s.request("GET", "sys/auth", root());
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.body.data), ["token/"]);
  assert.deepEqual(r.body["token/"], r.body.data["token/"]);
  const token = r.body.data["token/"];
  assert.equal(token.type, "token");
  assert.equal(token.description, "token based credentials");
  assert.match(token.accessor, /^auth_token_[0-9a-f]{8}$/);
  assert.deepEqual(token.config, {
    default_lease_ttl: 0,
    force_no_cache: false,
    max_lease_ttl: 0,
    token_type: "default-service",
  });
  assert.equal(token.options, null);
  assert.equal((await readData(s, "sys/auth/token")).accessor, token.accessor);
});

test("enabling an unknown method type, a version option or token/ is a clear 400 and enables nothing", async () => {
  const cases: Array<[string, unknown, string]> = [
    ["nosuch", { type: "nosuchmethod" }, 'unknown auth method type "nosuchmethod"'],
    ["nothing", {}, "backend type must be specified as a string"],
    [
      "tok2",
      { type: "token", options: { version: "2" } },
      'auth method "token" does not allow setting a version',
    ],
    ["token", { type: "token" }, "token credential backend cannot be instantiated"],
  ];
  for (const [path, body, message] of cases) {
    assertError(await s.request("POST", `sys/auth/${path}`, { ...root(), body }), 400, message);
  }
  // The token type is a singleton (Vault's 403).
  assertError(
    await s.request("POST", "sys/auth/tok3", { ...root(), body: { type: "token" } }),
    403,
    'mount type of "token" is not mountable',
  );
  assert.deepEqual(await mountPaths(s, "auth"), ["token/"]);
  assertError(await s.request("GET", "sys/auth/nothing", root()), 400, "No auth engine at nothing/");
});

test("token/ cannot be disabled; disabling a path with nothing there is a 204", async () => {
  assertError(
    await s.request("DELETE", "sys/auth/token", root()),
    400,
    "token credential backend cannot be disabled",
  );
  assert.equal((await s.request("DELETE", "sys/auth/never-enabled", root())).status, 204);
  assert.deepEqual(await mountPaths(s, "auth"), ["token/"]);
  // Tokens still work.
  assert.equal((await s.request("GET", "auth/token/lookup-self", root())).status, 200);
});

test("tune of auth/token: read shows token_type; TTLs and description can be set; token_type cannot", async () => {
  const r = await readData(s, "sys/auth/token/tune");
  assert.deepEqual(r, {
    default_lease_ttl: 2764800,
    description: "token based credentials",
    force_no_cache: false,
    max_lease_ttl: 2764800,
    token_type: "default-service",
  });
  const t = await s.request("POST", "sys/auth/token/tune", {
    ...root(),
    body: { default_lease_ttl: "2h", max_lease_ttl: "10h", description: "tokens" },
  });
  assert.equal(t.status, 204, t.text);
  const tuned = await readData(s, "sys/auth/token/tune");
  assert.equal(tuned.default_lease_ttl, 7200);
  assert.equal(tuned.max_lease_ttl, 36000);
  assert.equal(tuned.description, "tokens");
  // New tokens get the tuned default TTL.
  const created = await s.request("POST", "auth/token/create", {
    ...root(),
    body: { policies: ["default"] },
  });
  assert.equal(created.body.auth.lease_duration, 7200);
  // The older path sys/mounts/auth/<path>/tune (used by older CLIs) reaches the same mount.
  assert.deepEqual(await readData(s, "sys/mounts/auth/token/tune"), tuned);
  for (const path of ["sys/auth/token/tune", "sys/mounts/auth/token/tune"]) {
    assertError(
      await s.request("POST", path, { ...root(), body: { token_type: "batch", description: "not applied" } }),
      400,
      "'token_type' cannot be set for 'token' or 'ns_token' auth mounts",
    );
  }
  assertError(
    await s.request("POST", "sys/auth/token/tune", { ...root(), body: { default_lease_ttl: "20h" } }),
    400,
    "new backend default lease TTL of 72000 greater than new backend max lease TTL of 36000",
  );
  assert.deepEqual(await readData(s, "sys/auth/token/tune"), tuned);
  assertError(
    await s.request("POST", "sys/auth/nope/tune", { ...root(), body: { description: "x" } }),
    400,
    'tune of path "auth/nope/" failed: no mount entry found',
  );
  // Put it back for the other tests.
  await s.request("POST", "sys/auth/token/tune", {
    ...root(),
    body: { default_lease_ttl: "system", max_lease_ttl: "system", description: "token based credentials" },
  });
});

test("enable, disable, read and tune of auth methods need sudo: without it 403 and nothing changes", async () => {
  const noSudo = await tokenWithPolicy(
    s,
    "auth-admin-nosudo",
    'path "sys/auth/*" { capabilities = ["create", "read", "update", "delete"] }\npath "sys/auth" { capabilities = ["read"] }',
  );
  const withSudo = await tokenWithPolicy(
    s,
    "auth-admin-sudo",
    'path "sys/auth/*" { capabilities = ["create", "read", "update", "delete", "sudo"] }',
  );
  const before = await readData(s, "sys/auth/token/tune");
  // Listing is not sudo-protected.
  assert.equal((await s.request("GET", "sys/auth", { token: noSudo })).status, 200);
  assertDenied(await s.request("POST", "sys/auth/userpass", { token: noSudo, body: { type: "userpass" } }));
  assertDenied(await s.request("DELETE", "sys/auth/token", { token: noSudo }));
  assertDenied(await s.request("GET", "sys/auth/token", { token: noSudo }));
  assertDenied(await s.request("GET", "sys/auth/token/tune", { token: noSudo }));
  assertDenied(
    await s.request("POST", "sys/auth/token/tune", { token: noSudo, body: { description: "changed" } }),
  );
  assert.deepEqual(await readData(s, "sys/auth/token/tune"), before);
  assert.deepEqual(await mountPaths(s, "auth"), ["token/"]);
  // With sudo the same requests reach the handlers.
  assert.equal((await s.request("GET", "sys/auth/token/tune", { token: withSudo })).status, 200);
  assert.equal(
    (await s.request("POST", "sys/auth/userpass", { token: withSudo, body: { type: "userpass" } })).status,
    204,
  );
  assert.deepEqual(await mountPaths(s, "auth"), ["token/", "userpass/"]);
  assert.equal((await s.request("DELETE", "sys/auth/userpass", { token: withSudo })).status, 204);
  assert.deepEqual(await mountPaths(s, "auth"), ["token/"]);
  // A token with only the default policy cannot even list.
  assertDenied(await s.request("GET", "sys/auth", { token: await tokenWith(s, ["default"]) }));
});
