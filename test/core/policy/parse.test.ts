import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePolicy } from "../../../src/core/policy/parse.js";
import { InvalidRequestError } from "../../../src/errors.js";

function parseError(text: string): string {
  try {
    parsePolicy("p", text);
  } catch (e) {
    assert.ok(e instanceof InvalidRequestError, String(e));
    return e.message;
  }
  assert.fail(`expected a parse error for ${JSON.stringify(text)}`);
}

test("parses stanzas with every supported key", () => {
  const raw = `
    name = "ignored"
    path "/secret/data/app/*" {
      capabilities        = ["read", "create", "update", "read"]
      allowed_parameters  = { "Foo" = ["a", "b*"], "*" = [] }
      denied_parameters   = { "bar" = [] }
      required_parameters = ["Foo"]
      min_wrapping_ttl    = "1s"
      max_wrapping_ttl    = 90
      comment             = "app data"
    }
    path "secret/data/app/admin" { capabilities = ["deny"] }
  `;
  const p = parsePolicy("app", raw);
  assert.equal(p.name, "app");
  assert.equal(p.raw, raw);
  assert.equal(p.templated, false);
  assert.deepEqual(p.paths, [
    {
      path: "secret/data/app/*",
      capabilities: ["create", "read", "update"],
      allowedParameters: { foo: ["a", "b*"], "*": [] },
      deniedParameters: { bar: [] },
      requiredParameters: ["foo"],
      minWrappingTTL: 1,
      maxWrappingTTL: 90,
      comment: "app data",
      templated: false,
    },
    {
      path: "secret/data/app/admin",
      capabilities: ["deny"],
      requiredParameters: [],
      minWrappingTTL: 0,
      maxWrappingTTL: 0,
      templated: false,
    },
  ]);
});

test("deny makes a stanza deny-only, dropping other capabilities and constraints", () => {
  const p = parsePolicy(
    "p",
    `path "a" { capabilities = ["read", "deny", "sudo"] allowed_parameters = { x = [] } }`,
  );
  assert.deepEqual(p.paths[0].capabilities, ["deny"]);
  assert.equal(p.paths[0].allowedParameters, undefined);
});

test("legacy policy field expands to capabilities", () => {
  const caps = (v: string) => parsePolicy("p", `path "a" { policy = "${v}" }`).paths[0].capabilities;
  assert.deepEqual(caps("deny"), ["deny"]);
  assert.deepEqual(caps("read"), ["list", "read"]);
  assert.deepEqual(caps("write"), ["create", "delete", "list", "read", "update"]);
  assert.deepEqual(caps("sudo"), ["create", "delete", "list", "read", "sudo", "update"]);
  const both = parsePolicy("p", `path "a" { policy = "read" capabilities = ["patch"] }`);
  assert.deepEqual(both.paths[0].capabilities, ["list", "patch", "read"]);
  assert.match(parseError(`path "a" { policy = "admin" }`), /invalid policy "admin"/);
  assert.match(parseError(`path "a" { policy = "constructor" }`), /invalid policy "constructor"/);
});

test("JSON policies, including repeated stanzas as arrays", () => {
  const p = parsePolicy(
    "j",
    JSON.stringify({
      path: {
        "secret/*": { capabilities: ["read", "list"] },
        "secret/x": [{ capabilities: ["update"] }, { capabilities: ["delete"] }],
      },
    }),
  );
  assert.deepEqual(
    p.paths.map((r) => [r.path, r.capabilities]),
    [
      ["secret/*", ["list", "read"]],
      ["secret/x", ["update"]],
      ["secret/x", ["delete"]],
    ],
  );
  const arrayForm = parsePolicy(
    "j",
    '{"path": [{"a": {"capabilities": ["read"]}}, {"b": {"policy": "write"}}]}',
  );
  assert.deepEqual(
    arrayForm.paths.map((r) => r.path),
    ["a", "b"],
  );
});

test("repeated HCL stanzas for one path are kept separately (merged at compile)", () => {
  const p = parsePolicy("p", `path "a" { capabilities = ["read"] }\npath "a" { capabilities = ["list"] }`);
  assert.deepEqual(
    p.paths.map((r) => r.capabilities),
    [["read"], ["list"]],
  );
});

test("an empty policy has no paths", () => {
  assert.deepEqual(parsePolicy("e", "").paths, []);
  assert.deepEqual(parsePolicy("e", "# nothing\n").paths, []);
  assert.deepEqual(parsePolicy("e", `path "a" {}`).paths[0].capabilities, []);
});

test("rejects what Vault rejects, with failed to parse policy messages", () => {
  const cases: Array<[string, RegExp]> = [
    [`path "a" { capabilities = ["reed"] }`, /^failed to parse policy: path "a": invalid capability "reed"$/],
    [`path "a" { capabilities = "read" }`, /"capabilities" must be a list/],
    [`path "a" { capabilities = [1] }`, /invalid capability number/],
    [`path "a" { capabilties = ["read"] }`, /^failed to parse policy: path "a": invalid key "capabilties"$/],
    [`paths "a" { capabilities = ["read"] }`, /invalid key "paths" at the top level/],
    [`path "secret/+*" { capabilities = ["read"] }`, /invalid use of wildcards \('\+\*' is forbidden\)/],
    [`path "secret/*/x" { capabilities = ["read"] }`, /'\*' is only allowed as the last character/],
    [
      `path "a" { min_wrapping_ttl = "10m" max_wrapping_ttl = "1m" }`,
      /max_wrapping_ttl cannot be less than min_wrapping_ttl/,
    ],
    [`path "a" { max_wrapping_ttl = "soon" }`, /path "a": max_wrapping_ttl: invalid duration/],
    [`path "a" { min_wrapping_ttl = "-1s" }`, /min_wrapping_ttl: invalid duration/],
    [`path "a" { allowed_parameters = { x = "y" } }`, /the value of "x" must be a list/],
    [`path "a" { allowed_parameters = ["x"] }`, /must be an object of parameter names/],
    [`path "a" { denied_parameters = { "x*" = [] } }`, /parameter "x\*" cannot contain wildcards/],
    [`path "a" { required_parameters = "x" }`, /required_parameters: must be a list of strings/],
    [`path "a" { required_parameters = ["x*"] }`, /wildcards are not permitted/],
    [`path "a" { comment = 5 }`, /"comment" must be a string/],
    [`path "a" { control_group = { ttl = "1h" } }`, /"control_group" is not supported/],
    [`path "a" { mfa_methods = ["m"] }`, /"mfa_methods" is not supported/],
    [`path = "a"`, /"path" must be a block/],
    [`path "a" = 1`, /^failed to parse policy: syntax error at line 1, column 10: expected '\{'$/],
    [
      `path "a" { capabilities = ["read"]\n  x = }`,
      /^failed to parse policy: syntax error at line 2, column 7: /,
    ],
    [
      `{"path": {"a": {"capabilities": ["read"]}}`,
      /^failed to parse policy: syntax error at line 1, column 43: expected '}'$/,
    ],
    [
      `path "secret/{{identity.entity.id}" { capabilities = ["read"] }`,
      /failed to validate policy templating: unbalanced/,
    ],
    [`path "secret/}}x" { capabilities = ["read"] }`, /unbalanced templating characters/],
    [`path "secret/{{identity.entity.nope}}" { capabilities = ["read"] }`, /unsupported template expression/],
    [`path "secret/{{time.now}}" { capabilities = ["read"] }`, /unsupported template expression/],
  ];
  for (const [text, re] of cases) assert.match(parseError(text), re, text);
  assert.match(parseError(`a = "${"x".repeat(1_100_000)}"`), /^failed to parse policy: input is too large/);
});

test("parse errors do not echo long or secret-looking input", () => {
  const long = `secret/${"a".repeat(500)}`;
  const msg = parseError(`path "${long}" { capabilities = ["nope"] }`);
  assert.ok(msg.length < 250, msg);
  const withSecret = parseError(`path "a" { capabilities = ["read"] } token = hvs.ABCDEFSECRET`);
  assert.ok(!withSecret.includes("ABCDEFSECRET"), withSecret);
});

test("templated paths are validated and flagged", () => {
  const p = parsePolicy(
    "t",
    `path "secret/data/{{identity.entity.name}}/*" { capabilities = ["read"] }
     path "secret/data/{{ identity.groups.names.ops.metadata.team }}/x" { capabilities = ["read"] }
     path "secret/plain" { capabilities = ["read"] }`,
  );
  assert.equal(p.templated, true);
  assert.deepEqual(
    p.paths.map((r) => r.templated),
    [true, true, false],
  );
});

test("subscribe and recover are accepted capabilities", () => {
  const p = parsePolicy(
    "s",
    `path "sys/events/*" { capabilities = ["subscribe", "recover"] subscribe_event_types = ["*"] }`,
  );
  assert.deepEqual(p.paths[0].capabilities, ["recover", "subscribe"]);
});
