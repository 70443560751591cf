import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError } from "../../src/errors.js";
import { loadSettings } from "../../src/scan/config/load.js";
import { translateRe2 } from "../../src/scan/config/re2.js";
import { parseSize } from "../../src/scan/config/size.js";
import { runScan } from "../../src/scan/run.js";
import { githubToken, rand, tempDir } from "./helpers.js";

test("RE2 syntax from gitleaks configs becomes JavaScript regex syntax", () => {
  assert.deepEqual(translateRe2("(?i)abc"), { source: "abc", flags: "i" });
  assert.deepEqual(translateRe2("(?P<id>x)\\z"), { source: "(?<id>x)$", flags: "" });
  assert.equal(translateRe2("[[:alnum:]_]{4}").source, "[A-Za-z0-9_]{4}");
  assert.equal(translateRe2("\\Qa.b\\E").source, "a\\.b");
  const scoped = new RegExp(translateRe2("(?i:key)=[a-f]{2}").source);
  assert.ok(scoped.test("KeY=ab"));
  assert.ok(!scoped.test("key=AB"), "case-insensitivity stays inside its group");
  const inClass = new RegExp(translateRe2("(?i:[a-c]x)").source);
  assert.ok(inClass.test("BX"));
});

test("sizes accept bytes and units", () => {
  assert.equal(parseSize("1024"), 1024);
  assert.equal(parseSize("10MB"), 10_000_000);
  assert.equal(parseSize("2MiB"), 2 * 1024 * 1024);
  assert.throws(() => parseSize("ten"), InvalidRequestError);
  assert.throws(() => parseSize(0), InvalidRequestError);
});

test(".cofre-scan.toml adds rules, allowlists, size limit and disabled rules", async () => {
  const t = await tempDir();
  try {
    const r = rand("config");
    const internal = `acme_${r.hex(32)}`;
    await t.write(
      ".cofre-scan.toml",
      [
        "[scan]",
        'max_file_size = "1MB"',
        'exclude_extensions = ["snap"]',
        "[extend]",
        'disabled_rules = ["generic-password"]',
        "[[rules]]",
        'id = "acme-internal-token"',
        'description = "ACME internal token"',
        "regex = '''\\b(acme_[a-f0-9]{32})\\b'''",
        "secret_group = 1",
        'keywords = ["acme_"]',
        'confidence = "high"',
        "[[allowlists]]",
        'description = "vendored code"',
        "paths = ['''^vendor/''']",
      ].join("\n"),
    );
    await t.write("src/a.ts", `const t = "${internal}";\nconst password = "${r.str(12)}9!";\n`);
    await t.write("vendor/b.ts", `const t = "${githubToken("vendored")}";\n`);
    await t.write("src/c.snap", `const t = "${githubToken("snap")}";\n`);
    const out = await runScan({ mode: "dir", target: t.dir, threads: 1 });
    assert.deepEqual(
      out.findings.map((f) => [f.file, f.rule, f.confidence, f.description]),
      [["src/a.ts", "acme-internal-token", "high", "ACME internal token"]],
    );
    assert.equal(out.settings.maxFileSize, 1_000_000);
  } finally {
    await t.cleanup();
  }
});

test("a gitleaks .gitleaks.toml carries over: rules with (?i), per-rule and global allowlists, stopwords", async () => {
  const t = await tempDir();
  try {
    const r = rand("gitleaks");
    const id = r.hex(32);
    await t.write(
      ".gitleaks.toml",
      [
        'title = "team config"',
        "[extend]",
        "useDefault = true",
        "[[rules]]",
        'id = "corp-api-key"',
        'description = "Corp API key"',
        "regex = '''(?i)corp[_-]?key\\s*=\\s*['\"]?([a-f0-9]{32})'''",
        "secretGroup = 1",
        "entropy = 3.0",
        'keywords = ["corp"]',
        "[rules.allowlist]",
        'regexTarget = "line"',
        "regexes = ['''sandbox''']",
        "[allowlist]",
        'description = "global"',
        "paths = ['''(^|/)third_party/''']",
        `stopwords = ["${id.slice(0, 8)}"]`,
      ].join("\n"),
    );
    await t.write(
      "app.cfg",
      `CORP_KEY = "${r.hex(32)}"\nCORP_KEY = "${r.hex(32)}" # sandbox\nCORP_KEY = "${id}"\n`,
    );
    await t.write("third_party/x.cfg", `corp_key="${r.hex(32)}"\n`);
    const out = await runScan({ mode: "dir", target: t.dir, threads: 1 });
    assert.deepEqual(
      out.findings.map((f) => [f.file, f.line, f.rule]),
      [["app.cfg", 1, "corp-api-key"]],
    );
  } finally {
    await t.cleanup();
  }
});

test("useDefault = false keeps only the config's rules; .cofre-scan.toml wins over .gitleaks.toml", async () => {
  const t = await tempDir();
  try {
    await t.write(
      ".gitleaks.toml",
      "[extend]\nuseDefault = false\n[[rules]]\nid = \"only\"\nregex = '''ONLY_[0-9]{6}'''\n",
    );
    await t.write("a.txt", `ONLY_482913 ${githubToken("nodefault")}\n`);
    const out = await runScan({ mode: "dir", target: t.dir, threads: 1 });
    assert.deepEqual(
      out.findings.map((f) => f.rule),
      ["only"],
    );
    await t.write(".cofre-scan.toml", '[extend]\npath = ".gitleaks.toml"\nuse_default = true\n');
    const merged = await runScan({ mode: "dir", target: t.dir, threads: 1 });
    assert.deepEqual(merged.findings.map((f) => f.rule).sort(), ["github-pat-classic", "only"]);
  } finally {
    await t.cleanup();
  }
});

test("a rule with only a path reports each matching file", async () => {
  const t = await tempDir();
  try {
    await t.write(
      ".cofre-scan.toml",
      "[[rules]]\nid = \"keystore-file\"\ndescription = \"Java keystore dump\"\npath = '''\\.keystore\\.txt$'''\n",
    );
    await t.write("a.keystore.txt", "opaque keystore dump\n");
    await t.write("b.txt", "nothing\n");
    const out = await runScan({ mode: "dir", target: t.dir, threads: 1 });
    assert.deepEqual(
      out.findings.map((f) => [f.file, f.line, f.rule]),
      [["a.keystore.txt", 1, "keystore-file"]],
    );
  } finally {
    await t.cleanup();
  }
});

test("bad configs are refused with a message naming the file and the problem", async () => {
  const t = await tempDir();
  try {
    const cases: Array<[string, RegExp]> = [
      ["[[rules]]\nid = \"x\"\nregex = '''([a-'''\n", /rule x: invalid regex/],
      ['[[rules]]\nid = "x"\n', /rule x: needs a regex or a path/],
      ["[[rules]]\nid = 5\n", /rules\.0\.id/],
      ['[scan]\nmax_file_size = "huge"\n', /invalid max_file_size/],
      ["this is = = not toml", /\.cofre-scan\.toml/],
      ['[extend]\npath = ".cofre-scan.toml"\n', /loops back/],
    ];
    for (const [text, message] of cases) {
      await t.write(".cofre-scan.toml", text);
      assert.throws(
        () => loadSettings(t.dir),
        (err: Error) => err instanceof InvalidRequestError && message.test(err.message),
        text,
      );
    }
    assert.throws(() => loadSettings(t.dir, `${t.dir}/missing.toml`), /config file not found/);
  } finally {
    await t.cleanup();
  }
});
