import assert from "node:assert/strict";
import { test } from "node:test";
import { parseHcl } from "../../src/hcl/index.js";

test("attributes of every value type", () => {
  const doc = parseHcl(`
    ui            = true
    disable_cache = false
    api_addr      = "https://vault.example.com:8200"
    port          = 8200
    ratio         = -2.5
    big           = 1e3
    hex           = 0x1F
    octal         = 0755
    nothing       = null
    list          = ["a", 1, true, [2], { k = "v" },]
    empty_list    = []
    my-key.with.dots = "ok"
    "quoted key"  = "q"
  `);
  assert.deepEqual(doc, {
    ui: true,
    disable_cache: false,
    api_addr: "https://vault.example.com:8200",
    port: 8200,
    ratio: -2.5,
    big: 1000,
    hex: 31,
    octal: 493,
    nothing: null,
    list: ["a", 1, true, [2], { k: "v" }],
    empty_list: [],
    "my-key.with.dots": "ok",
    "quoted key": "q",
  });
});

test("string escapes", () => {
  const doc = parseHcl(String.raw`s = "q\" b\\ n\n t\t r\r u\u00e9 U\U0001F600 slash\/"`);
  assert.equal(doc.s, 'q" b\\ n\n t\t r\r u\u00e9 U\u{1F600} slash/');
  const literal = "\u0024{var.x} {{identity.entity.id}}";
  assert.equal(parseHcl(`t = "${literal}"`).t, literal);
});

test("heredocs keep line endings; <<- strips the shared indentation", () => {
  const doc = parseHcl(
    "a = <<EOF\nline one\n  line two\nEOF\nb = <<-EOT\n    one\n      two\n\n    three\n    EOT\nc = 1\n",
  );
  assert.equal(doc.a, "line one\n  line two\n");
  assert.equal(doc.b, "one\n  two\n\nthree\n");
  assert.equal(doc.c, 1);
  assert.equal(parseHcl("e = <<EOF\nEOF\n").e, "");
  assert.equal(parseHcl("w = <<EOF\r\nwin\r\nEOF\r\n").w, "win\n");
});

test("comments of all three kinds", () => {
  const doc = parseHcl(`
    # hash
    a = 1 // slashes
    /* block
       comment */ b = 2
    c = "# not a comment // either"
  `);
  assert.deepEqual(doc, { a: 1, b: 2, c: "# not a comment // either" });
});

test("objects accept = and :, commas or newlines", () => {
  const doc = parseHcl(`m = { a = 1, "b" = 2, c: 3
    d = { e: [1] } }`);
  assert.deepEqual(doc, { m: { a: 1, b: 2, c: 3, d: { e: [1] } } });
});

test("labelled blocks with different labels add keys in order", () => {
  const doc = parseHcl(`
    path "secret/b" { capabilities = ["read"] }
    path "secret/a" { capabilities = ["list"] }
  `);
  assert.deepEqual(doc, {
    path: { "secret/b": { capabilities: ["read"] }, "secret/a": { capabilities: ["list"] } },
  });
  assert.deepEqual(Object.keys(doc.path as object), ["secret/b", "secret/a"]);
});

test("repeated blocks of the same name and label become an array", () => {
  const doc = parseHcl(`
    listener "tcp" { address = "127.0.0.1:8200" }
    listener "tcp" { address = "10.0.0.1:8200" }
    listener "unix" { address = "/run/cofre.sock" }
    telemetry { a = 1 }
    telemetry { a = 2 }
    storage "raft" { path = "/var/lib/cofre" }
  `);
  assert.deepEqual(doc, {
    listener: {
      tcp: [{ address: "127.0.0.1:8200" }, { address: "10.0.0.1:8200" }],
      unix: { address: "/run/cofre.sock" },
    },
    telemetry: [{ a: 1 }, { a: 2 }],
    storage: { raft: { path: "/var/lib/cofre" } },
  });
});

test("several labels nest, bare identifiers work as labels, blocks nest", () => {
  const doc = parseHcl(`a "x" y { b { c "d" { e = 1 } } }`);
  assert.deepEqual(doc, { a: { x: { y: { b: { c: { d: { e: 1 } } } } } } });
});

test("JSON documents are accepted", () => {
  const doc = parseHcl(`{"path": {"secret/*": {"capabilities": ["read", "list"], "n": null}},
    "x": [1.5e2, -3, "a\\u0041"]}`);
  assert.deepEqual(doc, {
    path: { "secret/*": { capabilities: ["read", "list"], n: null } },
    x: [150, -3, "aA"],
  });
});

test("keys such as __proto__ become own properties and never touch prototypes", () => {
  const doc = parseHcl("__proto__ = { polluted = true }\nconstructor = 1\n");
  assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  assert.ok(Object.hasOwn(doc, "__proto__"));
  assert.deepEqual(Object.keys(doc), ["__proto__", "constructor"]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  const json = parseHcl('{"__proto__": {"polluted": true}}');
  assert.ok(Object.hasOwn(json, "__proto__"));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("an empty document is an empty object", () => {
  assert.deepEqual(parseHcl(""), {});
  assert.deepEqual(parseHcl("  # only a comment\n"), {});
});
