/** sys/policies/password over real HTTP: write, read, list, delete, generate, refusals. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { assertBadRequest, assertDenied, assertEnvelope, writePolicy } from "./http-helpers.js";

const POLICY = `
length = 24
rule "charset" {
  charset = "abcdefghijklmnopqrstuvwxyz"
  min-chars = 2
}
rule "charset" {
  charset = "0123456789"
  min-chars = 3
}
rule "charset" {
  charset = "!@#"
  min-chars = 1
}
`;

let s: TestServer;
let root: string;

before(async () => {
  s = await startTestServer({ kv: false });
  root = s.rootToken;
});
after(() => s.close());

const write = (name: string, policy: unknown, token = root) =>
  s.request("PUT", `sys/policies/password/${name}`, { token, body: { policy } });

test("a written policy is read back, listed, and generates passwords that meet every rule", async () => {
  assert.equal((await write("strong", POLICY)).status, 204);
  const r = await s.request("GET", "sys/policies/password/strong", { token: root });
  assertEnvelope(r);
  assert.equal(r.body.data.policy, POLICY);
  const list = await s.request("LIST", "sys/policies/password", { token: root });
  assert.deepEqual(list.body.data.keys, ["strong"]);

  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const g = await s.request("GET", "sys/policies/password/strong/generate", { token: root });
    assertEnvelope(g);
    const pw = g.body.data.password as string;
    assert.equal(pw.length, 24);
    assert.match(pw, /^[a-z0-9!@#]+$/);
    assert.ok((pw.match(/[a-z]/g) ?? []).length >= 2, "at least 2 lowercase letters");
    assert.ok((pw.match(/[0-9]/g) ?? []).length >= 3, "at least 3 digits");
    assert.ok((pw.match(/[!@#]/g) ?? []).length >= 1, "at least 1 symbol");
    seen.add(pw);
  }
  assert.equal(seen.size, 200, "every password differs");
});

test("a base64-encoded policy is accepted; a rewrite replaces the policy", async () => {
  const text = 'length = 6\nrule "charset" { charset = "x" }';
  assert.equal((await write("b64", Buffer.from(text).toString("base64"))).status, 204);
  const g = await s.request("GET", "sys/policies/password/b64/generate", { token: root });
  assert.equal(g.body.data.password, "xxxxxx");
  assert.equal((await write("b64", 'length = 5\nrule "charset" { charset = "y" }')).status, 204);
  const g2 = await s.request("GET", "sys/policies/password/b64/generate", { token: root });
  assert.equal(g2.body.data.password, "yyyyy");
});

test("malformed policies are 400 and change nothing", async () => {
  assert.equal((await write("keep", 'length = 8\nrule "charset" { charset = "k" }')).status, 204);
  const cases: Array<[unknown, RegExp]> = [
    ["", /missing password policy/],
    ['length = 3\nrule "charset" { charset = "a" }', /"length" must be between 4 and 100/],
    ['length = 101\nrule "charset" { charset = "a" }', /"length" must be between 4 and 100/],
    ["length = 10", /at least one rule "charset"/],
    ['rule "charset" { charset = "a" }', /"length" is required/],
    ['length = 4\nrule "charset" { charset = "a"\n min-chars = 5 }', /need at least 5 characters/],
    ['length = 8\nrule "charset" { charset = "" }', /non-empty "charset"/],
    ['length = 8\nrule "charset" { charset = "a"\n min-chars = -1 }', /min-chars/],
    ['length = 8\nrule "words" { charset = "a" }', /unrecognized rule type/],
    ['length = 8\nrule "charset" { charset = "a"\n colour = "red" }', /unknown key/],
    ['length = 8\nrule "charset" { charset = "a"', /unable to parse password policy/],
    ["length = 8\nextra = 1", /unknown key/],
    [{ not: "text" }, /policy/],
  ];
  for (const [policy, message] of cases) assertBadRequest(await write("keep", policy), message);
  assertBadRequest(await write("bad%20name", POLICY), /invalid password policy name/);
  const g = await s.request("GET", "sys/policies/password/keep/generate", { token: root });
  assert.equal(g.body.data.password, "kkkkkkkk", "the stored policy is unchanged");
});

test("generate needs read on its path; writing needs update; unknown policies are 404", async () => {
  await writePolicy(s, "pw-gen", 'path "sys/policies/password/strong/generate" { capabilities = ["read"] }');
  const gen = await tokenWith(s, ["pw-gen"]);
  const g = await s.request("GET", "sys/policies/password/strong/generate", { token: gen });
  assert.equal(g.status, 200, g.text);
  assertDenied(await s.request("GET", "sys/policies/password/keep/generate", { token: gen }));
  assertDenied(await s.request("GET", "sys/policies/password/strong", { token: gen }));
  assertDenied(await write("strong", 'length = 4\nrule "charset" { charset = "z" }', gen));
  assertDenied(await s.request("DELETE", "sys/policies/password/strong", { token: gen }));
  const nobody = await tokenWith(s, ["default"]);
  assertDenied(await s.request("GET", "sys/policies/password/strong/generate", { token: nobody }));
  assert.equal(
    (await s.request("GET", "sys/policies/password/strong", { token: root })).body.data.policy,
    POLICY,
  );

  const missing = await s.request("GET", "sys/policies/password/nope/generate", { token: root });
  assert.equal(missing.status, 404, missing.text);
  assert.equal((await s.request("GET", "sys/policies/password/nope", { token: root })).status, 404);
});

test("a deleted policy is gone", async () => {
  assert.equal((await write("gone", 'length = 4\nrule "charset" { charset = "g" }')).status, 204);
  assert.equal((await s.request("DELETE", "sys/policies/password/gone", { token: root })).status, 204);
  assert.equal((await s.request("GET", "sys/policies/password/gone", { token: root })).status, 404);
  assert.equal((await s.request("GET", "sys/policies/password/gone/generate", { token: root })).status, 404);
});
