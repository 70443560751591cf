/** sys/policy and sys/policies/acl over HTTP: shapes, built-in policies, errors, ACL updates, precedence. */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { assertDenied, assertError, readData, tokenWithPolicy } from "./sys-test-helpers.js";

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const root = () => ({ token: s.rootToken });
const READ_A = 'path "a/*" { capabilities = ["read"] }';
const names = async () => (await s.request("LIST", "sys/policies/acl", root())).body.data.keys as string[];
const put = (path: string, body: unknown, token = s.rootToken) => s.request("PUT", path, { token, body });

describe("sys/policy (the older API)", () => {
  test("GET lists stored policies sorted, root last, in keys and policies, also at the top level", async () => {
    assert.equal((await put("sys/policy/zeta", { policy: READ_A })).status, 204);
    assert.equal((await put("sys/policy/alpha", { policy: READ_A })).status, 204);
    const r = await s.request("GET", "sys/policy", root());
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data.keys, ["alpha", "default", "zeta", "root"]);
    assert.deepEqual(r.body.data.policies, r.body.data.keys);
    assert.deepEqual(r.body.policies, r.body.data.keys, "sys/policy data is injected at the top level");
    // LIST and ?list=true answer the same.
    assert.deepEqual((await s.request("LIST", "sys/policy", root())).body.data.keys, r.body.data.keys);
    assert.deepEqual(
      (await s.request("GET", "sys/policy?list=true", root())).body.data.keys,
      r.body.data.keys,
    );
  });

  test("GET one answers {name, rules} with the text as written; PUT policy, and rules with a warning", async () => {
    const text = '# comment kept\npath "b/*" {\n  capabilities = ["read", "list"]\n}\n';
    assert.equal((await put("sys/policy/written", { policy: text })).status, 204);
    const r = await s.request("GET", "sys/policy/written", root());
    assert.deepEqual(r.body.data, { name: "written", rules: text });
    assert.equal(r.body.rules, text, "injected at the top level");
    const legacy = await put("sys/policy/legacy", { rules: READ_A });
    assert.equal(legacy.status, 200);
    assert.deepEqual(legacy.body.warnings, ["'rules' is deprecated, please use 'policy' instead"]);
    assert.equal((await readData(s, "sys/policy/legacy")).rules, READ_A);
    const d = await s.request("DELETE", "sys/policy/legacy", root());
    assert.equal(d.status, 204);
    assert.equal((await s.request("GET", "sys/policy/legacy", root())).status, 404);
  });
});

describe("sys/policies/acl", () => {
  test("LIST, GET {name, policy} (not injected), PUT, DELETE", async () => {
    assert.equal((await put("sys/policies/acl/acl-one", { policy: READ_A })).status, 204);
    assert.ok((await names()).includes("acl-one"));
    assert.equal((await names()).at(-1), "root");
    const r = await s.request("GET", "sys/policies/acl/acl-one", root());
    assert.deepEqual(r.body.data, { name: "acl-one", policy: READ_A });
    assert.equal(r.body.policy, undefined, "sys/policies/* is not injected");
    // JSON policies are accepted and returned as written.
    const json = '{"path":{"j/*":{"capabilities":["read"]}}}';
    assert.equal((await put("sys/policies/acl/acl-json", { policy: json })).status, 204);
    assert.equal((await readData(s, "sys/policies/acl/acl-json")).policy, json);
    assert.equal((await s.request("DELETE", "sys/policies/acl/acl-one", root())).status, 204);
    assert.equal((await s.request("GET", "sys/policies/acl/acl-one", root())).status, 404);
    assert.ok(!(await names()).includes("acl-one"));
    // Deleting what does not exist is a success too.
    assert.equal((await s.request("DELETE", "sys/policies/acl/never-was", root())).status, 204);
  });

  test("names are lower-cased and trimmed, with a warning", async () => {
    const r = await put("sys/policies/acl/%20MixedCase%20", { policy: READ_A });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.warnings, ["policy name was converted to mixedcase"]);
    assert.equal((await readData(s, "sys/policies/acl/mixedcase")).name, "mixedcase");
    assert.equal((await readData(s, "sys/policies/acl/MIXEDCASE")).name, "mixedcase");
  });

  test("a base64 policy text is decoded", async () => {
    const encoded = Buffer.from(READ_A).toString("base64");
    assert.equal((await put("sys/policies/acl/encoded", { policy: encoded })).status, 204);
    assert.equal((await readData(s, "sys/policies/acl/encoded")).policy, READ_A);
    const t = await tokenWith(s, ["encoded"]);
    const caps = await s.request("POST", "sys/capabilities-self", { token: t, body: { paths: ["a/x"] } });
    assert.deepEqual(caps.body.data.capabilities, ["read"]);
  });
});

describe("built-in policies and errors", () => {
  test("root: read gives empty text; write and delete are refused", async () => {
    assert.deepEqual(await readData(s, "sys/policies/acl/root"), { name: "root", policy: "" });
    assert.deepEqual(await readData(s, "sys/policy/root"), { name: "root", rules: "" });
    assertError(await put("sys/policies/acl/root", { policy: READ_A }), 400, 'cannot update "root" policy');
    assertError(await put("sys/policy/root", { policy: READ_A }), 400, 'cannot update "root" policy');
    assertError(
      await s.request("DELETE", "sys/policies/acl/root", root()),
      400,
      'cannot delete "root" policy',
    );
  });

  test("default: editable, not deletable; response-wrapping: immutable and hidden", async () => {
    const original = (await readData(s, "sys/policies/acl/default")).policy as string;
    assert.match(original, /auth\/token\/lookup-self/);
    assertError(
      await s.request("DELETE", "sys/policies/acl/default", root()),
      400,
      "cannot delete default policy",
    );
    assertError(await s.request("DELETE", "sys/policy/default", root()), 400, "cannot delete default policy");
    const edited = `${original}\npath "extra/*" { capabilities = ["read"] }\n`;
    assert.equal((await put("sys/policies/acl/default", { policy: edited })).status, 204);
    assert.equal((await readData(s, "sys/policies/acl/default")).policy, edited);
    assert.equal((await put("sys/policies/acl/default", { policy: original })).status, 204);
    assertError(
      await put("sys/policies/acl/response-wrapping", { policy: READ_A }),
      400,
      'cannot update "response-wrapping" policy',
    );
    assertError(
      await s.request("DELETE", "sys/policies/acl/response-wrapping", root()),
      400,
      'cannot delete "response-wrapping" policy',
    );
    assert.ok(!(await names()).includes("response-wrapping"));
  });

  test("unknown names are 404s with an empty error list", async () => {
    for (const path of ["sys/policies/acl/unknown-one", "sys/policy/unknown-one"]) {
      const r = await s.request("GET", path, root());
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { errors: [] });
    }
  });

  test("bad policy text is a 400 'failed to parse policy' and nothing is stored or replaced", async () => {
    assert.equal((await put("sys/policies/acl/kept", { policy: READ_A })).status, 204);
    const before = await names();
    const cases: Array<[unknown, string | RegExp]> = [
      [{ policy: 'path "a" {' }, /^failed to parse policy: /],
      [{ policy: 'path "a" { capabilities = ["reed"] }' }, /^failed to parse policy: .*reed/],
      [
        { policy: 'path "a/+*" { capabilities = ["read"] }' },
        /^failed to parse policy: .*'\+\*' is forbidden/,
      ],
      [{ policy: 'path "a" { capabilities = ["read"], bogus = 1 }' }, /^failed to parse policy: /],
      [{ policy: "" }, "'policy' parameter not supplied or empty"],
      [{}, "'policy' parameter not supplied or empty"],
    ];
    for (const [body, message] of cases) {
      assertError(await put("sys/policies/acl/kept", body), 400, message);
      assertError(await put("sys/policies/acl/new-bad", body), 400, message);
    }
    assert.deepEqual(await names(), before);
    assert.equal((await readData(s, "sys/policies/acl/kept")).policy, READ_A);
  });

  test("a token without rights on sys/policy gets 403 and nothing changes", async () => {
    assert.equal((await put("sys/policies/acl/guarded", { policy: READ_A })).status, 204);
    const t = await tokenWithPolicy(
      s,
      "policy-reader",
      'path "sys/policies/acl/*" { capabilities = ["read"] }',
    );
    assert.equal((await s.request("GET", "sys/policies/acl/guarded", { token: t })).status, 200);
    const before = await names();
    assertDenied(
      await put("sys/policies/acl/guarded", { policy: 'path "*" { capabilities = ["sudo"] }' }, t),
    );
    assertDenied(await put("sys/policies/acl/brand-new", { policy: READ_A }, t));
    assertDenied(await put("sys/policy/guarded", { policy: READ_A }, t));
    assertDenied(await s.request("DELETE", "sys/policies/acl/guarded", { token: t }));
    assertDenied(await s.request("DELETE", "sys/policy/guarded", { token: t }));
    assertDenied(await s.request("LIST", "sys/policies/acl", { token: t }));
    assertDenied(await s.request("GET", "sys/policy", { token: t }));
    assert.deepEqual(await names(), before);
    assert.equal((await readData(s, "sys/policies/acl/guarded")).policy, READ_A);
  });
});

describe("policies in effect", () => {
  test("a policy change takes effect at once for existing tokens (write, edit, delete)", async () => {
    const t = await tokenWithPolicy(s, "live", 'path "secret/data/live/*" { capabilities = ["read"] }');
    await s.request("POST", "secret/data/live/one", { ...root(), body: { data: { v: "1" } } });
    await s.request("POST", "secret/data/other/one", { ...root(), body: { data: { v: "2" } } });
    assert.equal((await s.request("GET", "secret/data/live/one", { token: t })).status, 200);
    assertDenied(await s.request("GET", "secret/data/other/one", { token: t }));
    // Widen it: the same token now reads the other path.
    await put("sys/policies/acl/live", { policy: 'path "secret/data/*" { capabilities = ["read"] }' });
    assert.equal((await s.request("GET", "secret/data/other/one", { token: t })).status, 200);
    // Narrow it with a deny.
    await put("sys/policies/acl/live", {
      policy:
        'path "secret/data/*" { capabilities = ["read"] }\npath "secret/data/live/*" { capabilities = ["deny"] }',
    });
    assertDenied(await s.request("GET", "secret/data/live/one", { token: t }));
    // Delete it: the token keeps the name but the policy grants nothing.
    assert.equal((await s.request("DELETE", "sys/policies/acl/live", root())).status, 204);
    assertDenied(await s.request("GET", "secret/data/other/one", { token: t }));
    // Recreate it: access comes back.
    await put("sys/policies/acl/live", { policy: 'path "secret/data/other/*" { capabilities = ["read"] }' });
    assert.equal((await s.request("GET", "secret/data/other/one", { token: t })).status, 200);
  });

  test("precedence: the longer glob wins; deny beats everything on the same path", async () => {
    const t = await tokenWithPolicy(
      s,
      "prec-glob",
      [
        'path "secret/data/*" { capabilities = ["read"] }',
        'path "secret/data/team/*" { capabilities = ["create", "update", "read"] }',
        'path "secret/data/team/locked" { capabilities = ["deny"] }',
      ].join("\n"),
    );
    await s.request("POST", "secret/data/team/locked", { ...root(), body: { data: { v: "1" } } });
    const w = await s.request("POST", "secret/data/team/doc", { token: t, body: { data: { v: "x" } } });
    assert.equal(w.status, 200, "secret/data/team/* (longer) grants create");
    assertDenied(await s.request("POST", "secret/data/elsewhere", { token: t, body: { data: { v: "x" } } }));
    assertDenied(await s.request("GET", "secret/data/team/locked", { token: t }));
    // A second policy granting the same exact path does not lift the deny.
    await put("sys/policies/acl/prec-more", {
      policy: 'path "secret/data/team/locked" { capabilities = ["read"] }',
    });
    const both = await tokenWith(s, ["prec-glob", "prec-more"]);
    assertDenied(await s.request("GET", "secret/data/team/locked", { token: both }));
  });

  test("precedence: a glob whose wildcard comes later beats an earlier '+'; fewer '+' wins", async () => {
    const t = await tokenWithPolicy(
      s,
      "prec-plus",
      [
        'path "secret/data/+/x" { capabilities = ["deny"] }',
        'path "secret/data/ab*" { capabilities = ["read"] }',
        'path "secret/data/+/+/deep" { capabilities = ["read"] }',
        'path "secret/data/+/mid/deep" { capabilities = ["deny"] }',
      ].join("\n"),
    );
    await s.request("POST", "secret/data/abc/x", { ...root(), body: { data: { v: "1" } } });
    await s.request("POST", "secret/data/zz/x", { ...root(), body: { data: { v: "1" } } });
    await s.request("POST", "secret/data/q/mid/deep", { ...root(), body: { data: { v: "1" } } });
    await s.request("POST", "secret/data/q/other/deep", { ...root(), body: { data: { v: "1" } } });
    // secret/data/ab* (first wildcard later in the path) beats secret/data/+/x.
    assert.equal((await s.request("GET", "secret/data/abc/x", { token: t })).status, 200);
    assertDenied(await s.request("GET", "secret/data/zz/x", { token: t }));
    // secret/data/+/mid/deep (one '+') beats secret/data/+/+/deep (two).
    assertDenied(await s.request("GET", "secret/data/q/mid/deep", { token: t }));
    assert.equal((await s.request("GET", "secret/data/q/other/deep", { token: t })).status, 200);
  });
});
