/** The Go text/template subset: actions, trim markers, control structures, variables, pipelines, errors. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorOf, MemorySecrets, render } from "./template-helpers.js";

const secrets = () =>
  new MemorySecrets({
    "secret/data/app": {
      data: { password: "hunter2-very-secret", user: "app", port: 5432, tags: ["a", "b"], on: true },
      metadata: { version: 3 },
    },
  });

describe("template text and actions", () => {
  it("renders consul-template's KV v2 idiom", async () => {
    const out = await render('{{ with secret "secret/data/app" }}pw={{ .Data.data.password }}{{ end }}\n', {
      secrets: secrets(),
    });
    assert.equal(out, "pw=hunter2-very-secret\n");
  });

  it("trim markers remove whitespace on their side only, and need a space to be markers", async () => {
    assert.equal(await render("a  \n {{- 1 -}} \n  b"), "a1b");
    assert.equal(await render("a {{- 1 }} b"), "a1 b");
    assert.equal(await render("a {{ 1 -}} b"), "a 1b");
    assert.equal(await render("{{-3}}"), "-3");
    assert.equal(await render("x\n{{- /* note */ -}}\ny"), "xy");
    assert.equal(await render("x{{/* a\nmulti-line comment */}}y"), "xy");
  });

  it("prints values as Go does: maps sorted, lists spaced, missing keys as <no value>, nil as <nil>", async () => {
    const s = secrets();
    const out = await render(
      '{{ with secret "secret/data/app" }}{{ .Data.data.tags }}|{{ .Data.metadata }}|{{ .Data.data.nope }}|{{ .Data.data.on }}|{{ .Data.data.port }}{{ end }}|{{ index (parseJSON "{\\"a\\":null}") "a" }}',
      { secrets: s },
    );
    assert.equal(out, "[a b]|map[version:3]|<no value>|true|5432|<nil>");
  });

  it("string literals: Go escapes, raw strings, character constants and numbers", async () => {
    assert.equal(await render('{{ "a\\tb\\n\\u00e9\\x41\\101" }}'), "a\tb\né\x41A");
    assert.equal(await render("{{ `raw \\n {{ x }}` }}"), "raw \\n {{ x }}");
    assert.equal(await render("{{ 'a' }} {{ 0x1F }} {{ 1_000 }} {{ 1.5 }} {{ -2 }}"), "97 31 1000 1.5 -2");
  });
});

describe("control structures", () => {
  it("if / else if / else with comparisons", async () => {
    const t = '{{ if eq .x "a" }}A{{ else if ne .x "b" }}notB{{ else }}B{{ end }}';
    const tpl = (x: string) => t.replaceAll(".x", `"${x}"`);
    assert.equal(await render(tpl("a")), "A");
    assert.equal(await render(tpl("c")), "notB");
    assert.equal(await render(tpl("b")), "B");
    assert.equal(
      await render(
        '{{ if and 1 "" }}y{{ else }}n{{ end }}{{ if or 0 "x" }}y{{ end }}{{ if not 0 }}!{{ end }}',
      ),
      "ny!",
    );
    assert.equal(
      await render(
        "{{ if lt 1 2 }}a{{ end }}{{ if ge 2 2 }}b{{ end }}{{ if gt 1 2 }}c{{ end }}{{ if eq 3 1 2 3 }}d{{ end }}",
      ),
      "abd",
    );
  });

  it("and/or stop at the first decisive argument (later ones are not evaluated)", async () => {
    const s = secrets();
    assert.equal(
      await render('{{ if or true (secret "secret/data/none") }}ok{{ end }}', { secrets: s }),
      "ok",
    );
    assert.equal(
      await render('{{ if and false (secret "secret/data/none") }}{{ else }}no{{ end }}', { secrets: s }),
      "no",
    );
    assert.deepEqual(s.reads, []);
  });

  it("with sets the dot and skips empty values (else runs)", async () => {
    assert.equal(await render('{{ with "" }}x{{ else }}empty{{ end }}'), "empty");
    assert.equal(await render('{{ with "v" }}[{{ . }}]{{ end }}'), "[v]");
    assert.equal(await render('{{ with $x := "v" }}{{ $x }}{{ . }}{{ end }}'), "vv");
    assert.equal(await render('{{ with "" }}a{{ else with "w" }}{{ . }}{{ end }}'), "w");
  });

  it("range over maps (sorted keys), lists, integers; else for empty; break and continue", async () => {
    const s = secrets();
    const out = await render(
      '{{ with secret "secret/data/app" }}{{ range $k, $v := .Data.data }}{{ $k }}={{ $v }};{{ end }}{{ end }}',
      { secrets: s },
    );
    assert.equal(out, "on=true;password=hunter2-very-secret;port=5432;tags=[a b];user=app;");
    assert.equal(
      await render('{{ range $i, $e := split "," "x,y" }}{{ $i }}:{{ $e }} {{ end }}'),
      "0:x 1:y ",
    );
    assert.equal(await render('{{ range split "," "x,y" }}<{{ . }}>{{ end }}'), "<x><y>");
    assert.equal(await render('{{ range split "," "" }}x{{ else }}none{{ end }}'), "none");
    assert.equal(await render("{{ range 3 }}{{ . }}{{ end }}"), "012");
    assert.equal(
      await render(
        '{{ range split "," "a,b,c,d" }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ if eq . "d" }}{{ break }}{{ end }}{{ . }}{{ end }}',
      ),
      "ac",
    );
  });

  it("variables: declared, assigned, scoped to their control structure; $ is the root", async () => {
    assert.equal(await render('{{ $x := "a" }}{{ $x = "b" }}{{ $x }}'), "b");
    assert.equal(await render('{{ $x := "out" }}{{ with "in" }}{{ $x = . }}{{ end }}{{ $x }}'), "in");
    assert.match(
      await errorOf('{{ with $y := "a" }}{{ end }}{{ $y }}'),
      /^app\.tmpl:1:33: undefined variable "\$y"$/,
    );
    assert.match(await errorOf("{{ $z = 1 }}"), /undefined variable "\$z"/);
    assert.equal(await render("{{ $ }}"), "<no value>");
  });

  it("pipelines pass the value as the last argument; parentheses group", async () => {
    assert.equal(await render('{{ "a,b" | split "," | join "+" | toUpper }}'), "A+B");
    assert.equal(await render('{{ (printf "%s-%s" "x" "y") | toUpper }}'), "X-Y");
    assert.equal(await render('{{ (parseJSON "{\\"a\\":{\\"b\\":7}}").a.b }}'), "7");
  });
});

describe("template errors name file:line:col and never a value", () => {
  it("an unknown function is a parse error at its position", async () => {
    assert.equal(
      await errorOf('line one\n  {{ secret "x" | nosuchfunc }}'),
      'app.tmpl:2:19: function "nosuchfunc" not defined',
    );
  });

  it("positions of an inline template count from where it starts in the config file", async () => {
    const msg = await errorOf("ok\n{{ bogus }}", { name: "agent.hcl", line: 12, column: 17 });
    assert.equal(msg, 'agent.hcl:13:4: function "bogus" not defined');
    const first = await errorOf("{{ bogus }}", { name: "agent.hcl", line: 12, column: 17 });
    assert.equal(first, 'agent.hcl:12:20: function "bogus" not defined');
  });

  it("syntax errors: unclosed action, missing end, stray end/else, unsupported define/template", async () => {
    assert.equal(
      await errorOf("a {{ if true }}x"),
      "app.tmpl:1:3: unexpected end of input: {{if}} has no {{end}}",
    );
    assert.equal(await errorOf("a {{ .x "), "app.tmpl:1:3: unclosed action");
    assert.equal(await errorOf("{{ end }}"), "app.tmpl:1:1: unexpected {{end}}");
    assert.equal(await errorOf("{{ else }}"), "app.tmpl:1:1: unexpected {{else}}");
    assert.match(await errorOf('{{ template "x" }}'), /{{template}} is not supported/);
    assert.match(await errorOf("{{ break }}"), /{{break}} outside {{range}}/);
    assert.match(await errorOf("{{ }}"), /missing value for command/);
    assert.match(await errorOf("{{ 1 | }}"), /missing command/);
    assert.match(await errorOf('{{ "unterminated }}'), /unterminated quoted string/);
    assert.match(await errorOf("{{/* open"), /unclosed comment/);
  });

  it("runtime errors carry the position and the function, not the data", async () => {
    const s = secrets();
    const cases = [
      '{{ with secret "secret/data/app" }}{{ .Data.data.password | parseJSON }}{{ end }}',
      '{{ with secret "secret/data/app" }}{{ .Data.data.password | base64Decode }}{{ end }}',
      '{{ with secret "secret/data/app" }}{{ .Data.data | toUpper }}{{ end }}',
      '{{ with secret "secret/data/app" }}{{ eq .Data.data.password 5 }}{{ end }}',
      '{{ with secret "secret/data/app" }}{{ range .Data.data.password }}{{ end }}{{ end }}',
      '{{ with secret "secret/data/app" }}{{ .Data.data.password.inner }}{{ end }}',
      '{{ with secret "secret/data/app" }}{{ .Data.data.tags 1 }}{{ end }}',
      '{{ with secret "secret/data/app" }}{{ index .Data.data.tags 9 }}{{ end }}',
    ];
    for (const t of cases) {
      const msg = await errorOf(t, { secrets: s });
      assert.match(msg, /^app\.tmpl:1:\d+: /, t);
      assert.ok(!msg.includes("hunter2"), `${t}: ${msg}`);
    }
    assert.equal(
      await errorOf('{{ with secret "secret/data/app" }}{{ .Data.data.password | parseJSON }}{{ end }}', {
        secrets: s,
      }),
      "app.tmpl:1:61: error calling parseJSON: parseJSON: the text is not valid JSON",
    );
    assert.equal(
      await errorOf('\n\n  {{ with secret "secret/data/missing" }}x{{ end }}', { secrets: s }),
      "app.tmpl:3:11: error calling secret: no secret exists at secret/data/missing",
    );
    assert.equal(
      await errorOf('{{ with secret "secret/data/app" }}{{ .Nope }}{{ end }}', { secrets: s }),
      "app.tmpl:1:39: can't evaluate field Nope in type *Secret",
    );
    assert.match(await errorOf("{{ printf }}"), /wrong number of args for printf: want at least 1 got 0/);
    assert.match(await errorOf('{{ toUpper "a" "b" }}'), /wrong number of args for toUpper: want 1 got 2/);
  });

  it("error_on_missing_key turns a missing key into an error naming the key", async () => {
    const t = '{{ with secret "secret/data/app" }}{{ .Data.data.passwrd }}{{ end }}';
    assert.equal(await render(t, { secrets: secrets() }), "<no value>");
    const msg = await errorOf(t, { secrets: secrets(), options: { errorOnMissingKey: true } });
    assert.equal(msg, 'app.tmpl:1:39: map has no entry for key "passwrd"');
  });

  it("custom delimiters", async () => {
    assert.equal(
      await render('[[ "x" ]] {{ not an action }}', {
        options: { leftDelimiter: "[[", rightDelimiter: "]]" },
      }),
      "x {{ not an action }}",
    );
  });
});
