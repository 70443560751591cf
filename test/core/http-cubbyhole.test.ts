/** cubbyhole/ over real HTTP: per-token private storage that dies with its token. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { assertBadRequest, assertDenied, assertEnvelope, assertInvalidToken } from "./http-helpers.js";

let s: TestServer;
before(async () => {
  s = await startTestServer({ kv: false });
});
after(() => s.close());

const NOT_FOUND = { errors: [] };

/** Every barrier key under `prefix`, recursively (to see what a revocation left behind). */
async function storedKeys(prefix: string): Promise<string[]> {
  const barrier = (s.core as unknown as { barrierParts: { barrier: { list(p: string): Promise<string[]> } } })
    .barrierParts.barrier;
  const out: string[] = [];
  for (const key of await barrier.list(prefix)) {
    if (key.endsWith("/")) out.push(...(await storedKeys(prefix + key)));
    else out.push(prefix + key);
  }
  return out;
}

async function accessorOf(token: string): Promise<string> {
  const r = await s.request("GET", "auth/token/lookup-self", { token });
  return r.body.data.accessor as string;
}

test("each token sees only its own cubbyhole", async () => {
  const a = await tokenWith(s, ["default"]);
  const b = await tokenWith(s, ["default"]);
  const w = await s.request("POST", "cubbyhole/app/pw", { token: a, body: { pw: "a-secret" } });
  assert.equal(w.status, 204, w.text);
  const mine = await s.request("GET", "cubbyhole/app/pw", { token: a });
  assertEnvelope(mine);
  assert.deepEqual(mine.body.data, { pw: "a-secret" });
  assert.equal(mine.body.lease_duration, 0);
  assert.equal(mine.body.mount_type, "cubbyhole");

  const theirs = await s.request("GET", "cubbyhole/app/pw", { token: b });
  assert.equal(theirs.status, 404);
  assert.deepEqual(theirs.body, NOT_FOUND);
  assert.deepEqual((await s.request("LIST", "cubbyhole/", { token: b })).body, NOT_FOUND);
  // Root has a cubbyhole of its own, not a view of everyone's.
  assert.equal((await s.request("GET", "cubbyhole/app/pw", { token: s.rootToken })).status, 404);
  // B writing the same path does not touch A's value.
  await s.request("POST", "cubbyhole/app/pw", { token: b, body: { pw: "b-secret" } });
  assert.deepEqual((await s.request("GET", "cubbyhole/app/pw", { token: a })).body.data, { pw: "a-secret" });
});

test("LIST (verb and ?list=true), overwrite and delete", async () => {
  const t = await tokenWith(s, ["default"]);
  await s.request("POST", "cubbyhole/one", { token: t, body: { v: "1" } });
  await s.request("POST", "cubbyhole/dir/two", { token: t, body: { v: "2" } });
  for (const r of [
    await s.request("LIST", "cubbyhole", { token: t }),
    await s.request("GET", "cubbyhole/?list=true", { token: t }),
  ]) {
    assertEnvelope(r);
    assert.deepEqual(r.body.data, { keys: ["dir/", "one"] });
  }
  assert.deepEqual((await s.request("LIST", "cubbyhole/dir", { token: t })).body.data, { keys: ["two"] });
  await s.request("PUT", "cubbyhole/one", { token: t, body: { v: "1b" } });
  assert.deepEqual((await s.request("GET", "cubbyhole/one", { token: t })).body.data, { v: "1b" });
  assert.equal((await s.request("DELETE", "cubbyhole/one", { token: t })).status, 204);
  assert.equal((await s.request("GET", "cubbyhole/one", { token: t })).status, 404);
  assert.deepEqual((await s.request("LIST", "cubbyhole", { token: t })).body.data, { keys: ["dir/"] });
});

test("a revoked token's cubbyhole is destroyed; a new token with the same id starts empty", async () => {
  const id = "cubbyhole-reuse-test-token";
  const mk = async () => {
    const r = await s.request("POST", "auth/token/create", {
      token: s.rootToken,
      body: { id, policies: ["default"] },
    });
    assert.equal(r.status, 200, r.text);
  };
  await mk();
  const accessor = await accessorOf(id);
  await s.request("POST", "cubbyhole/private", { token: id, body: { v: "x" } });
  const mine = (keys: string[]) => keys.filter((k) => k.includes(`/${accessor}/`));
  assert.equal(
    mine(await storedKeys("logical/")).length,
    1,
    "the value is stored under the token's accessor",
  );

  assert.equal((await s.request("POST", "auth/token/revoke-self", { token: id })).status, 204);
  assertInvalidToken(await s.request("GET", "cubbyhole/private", { token: id }));
  assert.deepEqual(mine(await storedKeys("logical/")), [], "nothing of the cubbyhole is left in storage");

  await mk();
  assert.equal((await s.request("GET", "cubbyhole/private", { token: id })).status, 404);
  assert.deepEqual((await s.request("LIST", "cubbyhole", { token: id })).body, NOT_FOUND);
});

test("the default policy grants the cubbyhole; without it every operation is 403", async () => {
  const bare = await tokenWith(s, ["nothing"], { no_default_policy: true });
  assertDenied(await s.request("POST", "cubbyhole/x", { token: bare, body: { v: "1" } }));
  assertDenied(await s.request("GET", "cubbyhole/x", { token: bare }));
  assertDenied(await s.request("LIST", "cubbyhole", { token: bare }));
  assertDenied(await s.request("DELETE", "cubbyhole/x", { token: bare }));
  assert.deepEqual(
    (await s.request("GET", "cubbyhole/x", { token: s.rootToken })).body,
    NOT_FOUND,
    "and nothing was written",
  );
});

test("malformed writes are 400 and store nothing", async () => {
  const t = await tokenWith(s, ["default"]);
  assertBadRequest(await s.request("POST", "cubbyhole/m", { token: t, body: "{bad" }), "error parsing JSON");
  assertBadRequest(await s.request("POST", "cubbyhole/m", { token: t, body: {} }), "missing data fields");
  assertBadRequest(await s.request("POST", "cubbyhole/m", { token: t, body: "[1]" }), /JSON object/);
  assert.equal((await s.request("GET", "cubbyhole/m", { token: t })).status, 404);
  assert.deepEqual((await s.request("LIST", "cubbyhole", { token: t })).body, NOT_FOUND);
});
