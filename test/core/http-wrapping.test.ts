/** Response wrapping over real HTTP (reference 1.3 wrap_info, 2.12). */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../src/util/clock.js";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import {
  assertBadRequest,
  assertDenied,
  assertEnvelope,
  ENVELOPE_KEYS,
  writePolicy,
} from "./http-helpers.js";

const clock = new ManualClock();
let s: TestServer;
let root: string;
const INVALID = "wrapping token is not valid or does not exist";
const wrapTTL = (ttl: string) => ({ "x-vault-wrap-ttl": ttl });

before(async () => {
  s = await startTestServer({ clock });
  root = s.rootToken;
  const w = await s.request("POST", "secret/data/wrapped", { token: root, body: { data: { pw: "s3cret" } } });
  assert.equal(w.status, 200, w.text);
});
after(() => s.close());

/** A KV read wrapped for `ttl`; returns the wrapping token. */
async function wrappedRead(ttl = "5m"): Promise<string> {
  const r = await s.request("GET", "secret/data/wrapped", { token: root, headers: wrapTTL(ttl) });
  assert.equal(r.status, 200, r.text);
  return r.body.wrap_info.token as string;
}
const unwrap = (token: string, bodyToken?: string) =>
  s.request("POST", "sys/wrapping/unwrap", {
    token,
    body: bodyToken === undefined ? undefined : { token: bodyToken },
  });

test("a wrapped KV read carries only wrap_info; unwrapping returns the original envelope once", async () => {
  const r = await s.request("GET", "secret/data/wrapped", { token: root, headers: wrapTTL("90s") });
  assertEnvelope(r);
  assert.deepEqual(
    { ...r.body, wrap_info: null },
    {
      request_id: "",
      lease_id: "",
      renewable: false,
      lease_duration: 0,
      data: null,
      wrap_info: null,
      warnings: null,
      auth: null,
      mount_type: "",
    },
  );
  const info = r.body.wrap_info;
  assert.deepEqual(Object.keys(info).sort(), ["accessor", "creation_path", "creation_time", "token", "ttl"]);
  assert.equal(info.ttl, 90);
  assert.equal(info.creation_path, "secret/data/wrapped");
  assert.match(info.token, /^hvs\./);
  assert.match(info.creation_time, /^\d{4}-\d\d-\d\dT/);

  const u = await unwrap(info.token);
  assertEnvelope(u);
  assert.deepEqual(u.body.data.data, { pw: "s3cret" });
  assert.equal(u.body.data.metadata.version, 1);
  assert.equal(u.body.mount_type, "kv");
  const again = await unwrap(info.token);
  assert.equal(again.status, 400);
  assert.deepEqual(again.body, { errors: [INVALID] });
});

test("a wrapped token create: wrapped_accessor names the token inside, which works once unwrapped", async () => {
  await writePolicy(s, "wrapped-web", 'path "secret/data/wrapped" { capabilities = ["read"] }');
  const r = await s.request("POST", "auth/token/create", {
    token: root,
    body: { policies: ["wrapped-web"] },
    headers: wrapTTL("60"),
  });
  assertEnvelope(r);
  assert.equal(r.body.auth, null);
  assert.equal(r.body.wrap_info.ttl, 60);
  assert.equal(r.body.wrap_info.creation_path, "auth/token/create");
  assert.match(r.body.wrap_info.wrapped_accessor, /^[A-Za-z0-9]{24}$/);
  const u = await unwrap(root, r.body.wrap_info.token);
  assertEnvelope(u);
  assert.equal(u.body.auth.accessor, r.body.wrap_info.wrapped_accessor);
  const inner = u.body.auth.client_token;
  const read = await s.request("GET", "secret/data/wrapped", { token: inner });
  assert.deepEqual(read.body.data.data, { pw: "s3cret" });
});

test("sys/wrapping/wrap needs the wrap header; unwrap by body token works once", async () => {
  assertBadRequest(
    await s.request("POST", "sys/wrapping/wrap", { token: root, body: { a: "b" } }),
    "endpoint requires response wrapping to be used",
  );
  const w = await s.request("POST", "sys/wrapping/wrap", {
    token: root,
    body: { a: "b", n: 1 },
    headers: wrapTTL("2m"),
  });
  assertEnvelope(w);
  assert.equal(w.body.wrap_info.creation_path, "sys/wrapping/wrap");
  const other = await tokenWith(s, ["default"]);
  const u = await unwrap(other, w.body.wrap_info.token);
  assertEnvelope(u);
  assert.deepEqual(u.body.data, { a: "b", n: 1 });
  const again = await unwrap(other, w.body.wrap_info.token);
  assert.deepEqual(again.body, { errors: [INVALID] });
  assert.equal(again.status, 400);
  assertBadRequest(await unwrap(other, "hvs.notawrappingtoken00000"), INVALID);
  assertBadRequest(await unwrap(other), INVALID);
});

test("concurrent unwraps of one token: exactly one succeeds", async () => {
  for (const mode of ["client token", "body token"] as const) {
    const wt = await wrappedRead();
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () => (mode === "client token" ? unwrap(wt) : unwrap(root, wt))),
    );
    const ok = attempts.filter((r) => r.status === 200);
    assert.equal(ok.length, 1, `${mode}: ${attempts.map((r) => r.status).join(",")}`);
    assert.deepEqual(ok[0].body.data.data, { pw: "s3cret" });
    for (const r of attempts) {
      if (r.status !== 200) assert.deepEqual(r.body, { errors: [INVALID] }, `${mode}: ${r.status}`);
    }
  }
});

test("lookup is unauthenticated and does not use the token up", async () => {
  const wt = await wrappedRead("3m");
  const look = await s.request("POST", "sys/wrapping/lookup", { body: { token: wt } });
  assertEnvelope(look);
  assert.deepEqual(Object.keys(look.body.data).sort(), ["creation_path", "creation_time", "creation_ttl"]);
  assert.equal(look.body.data.creation_ttl, 180);
  assert.equal(look.body.data.creation_path, "secret/data/wrapped");
  // Sent as the request's token, too.
  const asHeader = await s.request("POST", "sys/wrapping/lookup", { token: wt, body: {} });
  assert.equal(asHeader.status, 200, asHeader.text);
  assertBadRequest(await s.request("POST", "sys/wrapping/lookup", { body: { token: "hvs.nope" } }), INVALID);
  assertBadRequest(await s.request("POST", "sys/wrapping/lookup", { body: { token: root } }), INVALID);
  assert.equal((await unwrap(wt)).status, 200);
  assertBadRequest(await s.request("POST", "sys/wrapping/lookup", { body: { token: wt } }), INVALID);
});

test("rewrap: the old token dies, the new one unwraps to the same data with the same TTL", async () => {
  const old = await wrappedRead("4m");
  const r = await s.request("POST", "sys/wrapping/rewrap", { token: root, body: { token: old } });
  assertEnvelope(r);
  const fresh = r.body.wrap_info;
  assert.notEqual(fresh.token, old);
  assert.equal(fresh.ttl, 240);
  assert.equal(fresh.creation_path, "secret/data/wrapped");
  assertBadRequest(await unwrap(old), INVALID);
  const u = await unwrap(fresh.token);
  assert.deepEqual(u.body.data.data, { pw: "s3cret" });
  assertBadRequest(
    await s.request("POST", "sys/wrapping/rewrap", { token: root, body: { token: old } }),
    INVALID,
  );
});

test("a wrapping token reads nothing else, and a refused use burns it", async () => {
  const wt = await wrappedRead();
  assertDenied(await s.request("GET", "secret/data/wrapped", { token: wt }));
  assert.equal((await s.request("GET", "cubbyhole/response", { token: wt })).status, 403);
  // Vault counts the refused request as the token's single use: the recipient sees the tampering.
  assertBadRequest(await unwrap(wt), INVALID);

  const wt2 = await wrappedRead();
  assertDenied(await s.request("GET", "auth/token/lookup-self", { token: wt2 }));
  assertBadRequest(await s.request("POST", "sys/wrapping/lookup", { body: { token: wt2 } }), INVALID);
});

test("a negative or malformed wrap TTL header is 400 and wraps nothing", async () => {
  for (const [ttl, message] of [
    ["-5s", "error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative"],
    ["soon", /^error parsing X-Vault-Wrap-TTL header: /],
  ] as const) {
    const r = await s.request("GET", "secret/data/wrapped", { token: root, headers: wrapTTL(ttl) });
    assertBadRequest(r, message);
  }
  const plain = await s.request("GET", "secret/data/wrapped", { token: root });
  assert.equal(plain.body.wrap_info, null);
});

test("a token without the default policy cannot unwrap someone else's wrapping token", async () => {
  const wt = await wrappedRead();
  const bare = await tokenWith(s, ["wrapped-web"], { no_default_policy: true });
  assertDenied(await unwrap(bare, wt));
  assertDenied(
    await s.request("POST", "sys/wrapping/wrap", { token: bare, body: { a: 1 }, headers: wrapTTL("1m") }),
  );
  const u = await unwrap(wt);
  assert.equal(u.status, 200, "the refused request did not touch the wrapping token");
});

test("a wrapping token dies with its TTL", async () => {
  const wt = await wrappedRead("30s");
  clock.advance(29_000);
  assert.equal((await s.request("POST", "sys/wrapping/lookup", { body: { token: wt } })).status, 200);
  clock.advance(1_000);
  assertBadRequest(await s.request("POST", "sys/wrapping/lookup", { body: { token: wt } }), INVALID);
  assertBadRequest(await unwrap(wt), INVALID);
  assertBadRequest(await unwrap(root, wt), INVALID);
});

test("cubbyhole/response holds the wrapped response as JSON text (Vault's layout), readable once", async () => {
  const wt = await wrappedRead();
  const r = await s.request("GET", "cubbyhole/response", { token: wt });
  assertEnvelope(r);
  assert.deepEqual(Object.keys(r.body.data), ["response"]);
  assert.equal(typeof r.body.data.response, "string");
  const inner = JSON.parse(r.body.data.response);
  assert.deepEqual(Object.keys(inner).sort(), ENVELOPE_KEYS);
  assert.match(inner.request_id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(inner.data.data, { pw: "s3cret" });
  assert.equal(inner.mount_type, "kv");
  // The read was the token's single use.
  assertBadRequest(await unwrap(wt), INVALID);
});
