/**
 * sys/internal/ui/mounts[/<path>] over HTTP: what a caller with or without a token may see, and the
 * preflight the Vault CLI's `kv` commands run to find a path's mount and KV version.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { assertError, tokenWithPolicy } from "./sys-test-helpers.js";

let s: TestServer;
before(async () => {
  s = await startTestServer();
  const enable = async (path: string, body: unknown) => {
    const r = await s.request("POST", `sys/mounts/${path}`, { token: s.rootToken, body });
    assert.equal(r.status, 204, r.text);
  };
  await enable("public-kv", {
    type: "kv-v2",
    description: "listed",
    config: { listing_visibility: "unauth" },
  });
  await enable("team/kv1", { type: "kv-v1" });
  await enable("hidden-kv", { type: "kv-v2" });
});
after(() => s.close());

const preflight = (token: string | undefined, path: string) =>
  s.request("GET", `sys/internal/ui/mounts/${path}`, { token });
const denial = (path: string) =>
  `preflight capability check returned 403, please ensure client's policies grant access to path "${path}"`;

test("without a token only listing_visibility=unauth mounts are shown, with type, description and options", async () => {
  const r = await s.request("GET", "sys/internal/ui/mounts");
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.data, {
    secret: { "public-kv/": { type: "kv", description: "listed", options: { version: "2" } } },
    auth: {},
  });
  assert.equal(r.body.secret, undefined, "sys/internal/* data is not injected at the top level");
  // A bad token is treated as none on this unauthenticated path.
  const bad = await s.request("GET", "sys/internal/ui/mounts", { token: "hvs.not-a-token-00000000000" });
  assert.deepEqual(Object.keys(bad.body.data.secret), ["public-kv/"]);
});

test("with a token: the mounts its policies reach (full info), plus the unauth-listed ones", async () => {
  const all = await s.request("GET", "sys/internal/ui/mounts", { token: s.rootToken });
  assert.deepEqual(Object.keys(all.body.data.secret).sort(), [
    "cubbyhole/",
    "hidden-kv/",
    "identity/",
    "public-kv/",
    "secret/",
    "sys/",
    "team/kv1/",
  ]);
  assert.deepEqual(Object.keys(all.body.data.auth), ["token/"]);
  const t = await tokenWithPolicy(s, "ui-team", 'path "team/kv1/app/*" { capabilities = ["read"] }');
  const mine = await s.request("GET", "sys/internal/ui/mounts", { token: t });
  // cubbyhole/, identity/ (its OIDC authorize rule) and sys/ (self-service paths) come from the
  // default policy; public-kv/ is listed for everyone; secret/ and hidden-kv/ stay hidden.
  assert.deepEqual(Object.keys(mine.body.data.secret).sort(), [
    "cubbyhole/",
    "identity/",
    "public-kv/",
    "sys/",
    "team/kv1/",
  ]);
  assert.equal(
    mine.body.data.secret["public-kv/"].accessor.startsWith("kv_"),
    true,
    "full info with a token",
  );
  assert.deepEqual(mine.body.data.secret["team/kv1/"].options, { version: "1" });
  assert.deepEqual(Object.keys(mine.body.data.auth), ["token/"], "the default policy reaches auth/token/");
});

test("/<path>: 200 with path and options.version for a token with any capability under the mount", async () => {
  const t = await tokenWithPolicy(s, "ui-deep", 'path "secret/data/team/+/db" { capabilities = ["read"] }');
  for (const path of ["secret", "secret/", "secret/team/a/db", "secret/anything/else"]) {
    const r = await preflight(t, path);
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    assert.equal(r.body.data.path, "secret/");
    assert.equal(r.body.data.type, "kv");
    assert.deepEqual(r.body.data.options, { version: "2" });
  }
  const v1 = await preflight(s.rootToken, "team/kv1/some/key");
  assert.equal(v1.body.data.path, "team/kv1/");
  assert.deepEqual(v1.body.data.options, { version: "1" });
  const auth = await preflight(s.rootToken, "auth/token/lookup-self");
  assert.equal(auth.status, 200);
  assert.equal(auth.body.data.path, "token/");
  assert.equal(auth.body.data.type, "token");
});

test("/<path>: 403 with Vault's preflight message without access, without a token, or with no mount", async () => {
  const t = await tokenWithPolicy(s, "ui-other", 'path "secret/data/*" { capabilities = ["read"] }');
  assertError(await preflight(t, "hidden-kv/app"), 403, denial("hidden-kv/app/"));
  assertError(await preflight(t, "no-mount/here"), 403, denial("no-mount/here/"));
  assertError(await preflight(undefined, "secret/app"), 403, denial("secret/app/"));
  assertError(await preflight(undefined, "public-kv"), 403, denial("public-kv/"));
  // An explicit deny on the mount and nothing granted beneath it is no access either.
  const denied = await tokenWithPolicy(s, "ui-deny", 'path "secret/*" { capabilities = ["deny"] }');
  assertError(await preflight(denied, "secret/x"), 403, denial("secret/x/"));
  // The default policy alone reaches cubbyhole/ only.
  const plain = await tokenWith(s, ["default"]);
  assert.equal((await preflight(plain, "cubbyhole/mine")).status, 200);
  assertError(await preflight(plain, "secret/x"), 403, denial("secret/x/"));
});
