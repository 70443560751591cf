/** consul-template's functions and Go's builtins as templates use them. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import { errorOf, MemorySecrets, render } from "./template-helpers.js";

describe("Vault functions", () => {
  it("secret reads a path; its struct has Data, LeaseID, LeaseDuration, Renewable", async () => {
    const s = new MemorySecrets({ "database/creds/app": { username: "u1", password: "p1" } });
    const out = await render(
      '{{ with secret "database/creds/app" }}{{ .Data.username }}/{{ .LeaseDuration }}/{{ .Renewable }}/[{{ .LeaseID }}]{{ end }}',
      { secrets: s },
    );
    assert.equal(out, "u1/2764800/false/[]");
  });

  it("secret with k=v arguments writes them as parameters (trimmed, empty items skipped)", async () => {
    const s = new MemorySecrets({});
    const out = await render(
      '{{ with secret "pki/issue/web" "common_name=a.example.com" " ttl = 24h " "" }}{{ .Data.ttl }}{{ end }}',
      {
        secrets: s,
      },
    );
    assert.equal(out, "24h");
    assert.deepEqual(s.writes, [
      { path: "pki/issue/web", params: { common_name: "a.example.com", ttl: "24h" } },
    ]);
    assert.match(await errorOf('{{ secret "pki/issue/web" "novalue" }}', { secrets: s }), /not a k=v pair/);
  });

  it("secrets lists keys; range over them reads each", async () => {
    const s = new MemorySecrets(
      { "secret/data/apps/a": { data: { v: "1" } }, "secret/data/apps/b": { data: { v: "2" } } },
      { "secret/metadata/apps": ["a", "b"] },
    );
    const out = await render(
      '{{ range secrets "secret/metadata/apps" }}{{ . }}={{ with secret (printf "secret/data/apps/%s" .) }}{{ .Data.data.v }}{{ end }};{{ end }}',
      { secrets: s },
    );
    assert.equal(out, "a=1;b=2;");
  });

  it("env reads the agent's environment ('' when unset); file reads a file", async () => {
    assert.equal(await render('{{ env "HOME_X" }}|{{ env "NOPE" }}|', { env: { HOME_X: "/h" } }), "/h||");
    assert.equal(
      await render('{{ file "/etc/ca.pem" | trimSpace }}', { files: { "/etc/ca.pem": " PEM \n" } }),
      "PEM",
    );
    assert.match(await errorOf('{{ file "/nope" }}'), /error calling file: cannot read \/nope: ENOENT/);
    assert.match(await errorOf('{{ mustEnv "NOPE" }}'), /required environment variable NOPE is empty/);
    assert.equal(await render('{{ envOrDefault "NOPE" "d" }}'), "d");
  });
});

describe("data functions", () => {
  it("base64Encode/Decode round-trip; bad base64 is an error", async () => {
    assert.equal(await render('{{ "héllo" | base64Encode }}'), "aMOpbGxv");
    assert.equal(await render('{{ "aMOpbGxv" | base64Decode }}'), "héllo");
    assert.equal(await render('{{ "a?b" | base64URLEncode }}|{{ "YT9i" | base64URLDecode }}'), "YT9i|a?b");
    assert.match(await errorOf('{{ "not base64!" | base64Decode }}'), /base64Decode: illegal base64 data/);
  });

  it("toJSON sorts keys and escapes HTML as Go does; toJSONPretty indents by two", async () => {
    const s = new MemorySecrets({ "secret/data/x": { data: { z: 1, a: "<&>", n: null, l: [true, 2.5] } } });
    const out = await render('{{ with secret "secret/data/x" }}{{ .Data.data | toJSON }}{{ end }}', {
      secrets: s,
    });
    assert.equal(out, '{"a":"\\u003c\\u0026\\u003e","l":[true,2.5],"n":null,"z":1}');
    const pretty = await render('{{ with secret "secret/data/x" }}{{ .Data.data | toJSONPretty }}{{ end }}', {
      secrets: s,
    });
    assert.equal(
      pretty,
      '{\n  "a": "\\u003c\\u0026\\u003e",\n  "l": [\n    true,\n    2.5\n  ],\n  "n": null,\n  "z": 1\n}',
    );
    assert.deepEqual(JSON.parse(pretty), { z: 1, a: "<&>", n: null, l: [true, 2.5] });
  });

  it("toYAML writes sorted keys that read back to the same data", async () => {
    const s = new MemorySecrets({ "secret/data/x": { data: { b: "two: words", a: 1, list: ["x"] } } });
    const out = await render('{{ with secret "secret/data/x" }}{{ .Data.data | toYAML }}{{ end }}', {
      secrets: s,
    });
    assert.ok(out.startsWith("a: 1\nb:"), out);
    assert.deepEqual(parseYaml(out), { a: 1, b: "two: words", list: ["x"] });
  });

  it("string functions", async () => {
    assert.equal(
      await render('{{ "MiXed" | toUpper }} {{ "MiXed" | toLower }} [{{ "  pad \\n" | trimSpace }}]'),
      "MIXED mixed [pad]",
    );
    assert.equal(await render('{{ "a.b.c" | replaceAll "." "_" }}'), "a_b_c");
    assert.equal(
      await render(
        '{{ "xxaxx" | trim "x" }} {{ "pre-x" | trimPrefix "pre-" }} {{ "x.txt" | trimSuffix ".txt" }}',
      ),
      "a x x",
    );
    assert.equal(await render('{{ "a\\nb" | indent 2 }}'), "  a\n  b");
  });

  it("split (trims, empty gives none) and join", async () => {
    assert.equal(await render('{{ " a:b:c \\n" | split ":" | len }}'), "3");
    assert.equal(await render('{{ "" | split ":" | len }}'), "0");
    assert.equal(await render('{{ "a b" | split " " | join "," }}'), "a,b");
    assert.match(await errorOf('{{ "x" | join "," }}'), /expected \[\]string; got string/);
  });

  it("contains: an element of a list, or a substring", async () => {
    assert.equal(
      await render(
        '{{ if "a,b" | split "," | contains "b" }}y{{ end }}{{ if "a,b" | split "," | contains "c" }}n{{ end }}',
      ),
      "y",
    );
    assert.equal(await render('{{ if "haystack" | contains "st" }}y{{ end }}'), "y");
  });

  it("parseJSON (empty text is an empty map), parseInt, parseBool", async () => {
    assert.equal(await render('{{ with parseJSON "{\\"k\\":[1,2]}" }}{{ index .k 1 }}{{ end }}'), "2");
    assert.equal(await render('{{ parseJSON "" | len }}'), "0");
    assert.equal(
      await render('{{ if parseBool "true" }}{{ add }}{{ end }}'.replace("{{ add }}", '{{ parseInt "42" }}')),
      "42",
    );
    assert.match(await errorOf('{{ parseInt "4x" }}'), /parseInt: invalid syntax/);
  });
});

describe("builtins", () => {
  it("printf basics, print and println", async () => {
    assert.equal(
      await render('{{ printf "%s=%d %05d %.2f %q %v %t %x %%" "k" 42 7 3.14159 "q\\"" 1.5 true 255 }}'),
      'k=42 00007 3.14 "q\\"" 1.5 true ff %',
    );
    assert.equal(await render('{{ printf "%-4s|%4s|%+d" "a" "b" 3 }}'), "a   |   b|+3");
    assert.equal(
      await render('{{ printf "%d" }}|{{ printf "%d" "x" }}|{{ printf "%s" "a" "b" }}'),
      "%!d(MISSING)|%!d(string)|a%!(EXTRA 1 arguments)",
    );
    assert.equal(await render('{{ print "a" 1 2 "b" }}|{{ println "a" 1 }}'), "a1 2b|a 1\n");
  });

  it("index and len", async () => {
    assert.equal(await render('{{ index (parseJSON "{\\"a\\":{\\"b\\":[5,6]}}") "a" "b" 1 }}'), "6");
    assert.equal(await render('{{ len "héllo" }} {{ len (split "," "a,b") }}'), "6 2");
    assert.match(await errorOf('{{ index (split "," "a") 3 }}'), /error calling index: index out of range/);
  });
});
