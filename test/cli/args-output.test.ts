import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normaliseArgs, prepareArgs } from "../../src/cli/args.js";
import { columnize, goValue, headerForMap, padEqualSigns, table } from "../../src/cli/output/table.js";
import { firstCommentLine, formatPolicy } from "../../src/cli/policy-format.js";

describe("argument normalisation", () => {
  it("turns Vault's single-dash long flags into commander's, but not values, - or anything after --", () => {
    assert.deepEqual(normaliseArgs(["kv", "get", "-format=json", "-field", "x", "-", "-h", "--", "-dev"]), [
      "kv",
      "get",
      "--format=json",
      "--field",
      "x",
      "-",
      "-h",
      "--",
      "-dev",
    ]);
  });

  it("maps Go boolean values of boolean flags", () => {
    assert.deepEqual(
      prepareArgs(["-orphan=true", "-detailed=false", "-cas-required=false", "-renewable=0", "-cas=0"]),
      ["--orphan", "--no-cas-required", "--no-renewable", "--cas=0"],
    );
    assert.deepEqual(prepareArgs(["kv", "put", "p", "--local=true"]), ["kv", "put", "p", "--local"]);
    assert.deepEqual(prepareArgs(["--", "--orphan=true"]), ["--", "--orphan=true"]);
  });
});

describe("table output", () => {
  it("pads every column but the last, joins with four spaces and shows empty cells as n/a", () => {
    assert.equal(
      columnize([
        ["a", "1"],
        ["long", ""],
      ]),
      "a       1\nlong    n/a",
    );
    assert.equal(table(["Key", "Value"], [["k", "v"]]), "Key    Value\n---    -----\nk      v");
  });

  it("prints values the way Go's %v does", () => {
    assert.equal(goValue(null), "<nil>");
    assert.equal(goValue(["a", 1, true]), "[a 1 true]");
    assert.equal(goValue({ b: 2, a: { c: null } }), "map[a:map[c:<nil>] b:2]");
  });

  it("pads section headers with equal signs like Vault", () => {
    assert.equal(padEqualSigns("Secret Path", 17), "== Secret Path ==");
    assert.equal(padEqualSigns("Data", 3), "== Data ==");
    assert.equal(headerForMap("Data", { foo: 1 }), "=== Data ===");
  });
});

describe("policy fmt", () => {
  it("prints canonical HCL: aligned attributes, one block per path, blank lines between", () => {
    const input = `path "secret/data/*" {capabilities=["read","list"]
allowed_parameters = {"*"=[]} }
path "sys/*" { capabilities = ["deny"] }`;
    assert.equal(
      formatPolicy(input),
      [
        'path "secret/data/*" {',
        '  capabilities       = ["read", "list"]',
        "  allowed_parameters = {",
        '    "*" = []',
        "  }",
        "}",
        "",
        'path "sys/*" {',
        '  capabilities = ["deny"]',
        "}",
        "",
      ].join("\n"),
    );
  });

  it("formats the JSON form too and is idempotent", () => {
    const out = formatPolicy('{"path":{"a/*":{"capabilities":["read"]},"b":{"capabilities":["sudo"]}}}');
    assert.equal(
      out,
      'path "a/*" {\n  capabilities = ["read"]\n}\n\npath "b" {\n  capabilities = ["sudo"]\n}\n',
    );
    assert.equal(formatPolicy(out), out);
  });

  it("refuses unknown keys and capabilities and documents with comments", () => {
    assert.throws(() => formatPolicy('path "a" { capabilities = ["reed"] }'), /unknown capability "reed"/);
    assert.throws(() => formatPolicy('path "a" { capability = ["read"] }'), /unknown key "capability"/);
    assert.throws(() => formatPolicy('paths "a" {}'), /unknown top-level key "paths"/);
    assert.throws(() => formatPolicy('# note\npath "a" {}'), /comment \(line 1\)/);
  });

  it("finds comments outside strings and heredocs only", () => {
    assert.equal(firstCommentLine('path "a#b//c" {}'), 0);
    assert.equal(firstCommentLine("x = <<EOF\n# not a comment\nEOF\ny = 1 // here"), 4);
    assert.equal(firstCommentLine("a = 1\n/* block */"), 2);
  });
});
