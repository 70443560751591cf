import assert from "node:assert/strict";
import { test } from "node:test";
import { compileAllowlist } from "../../src/scan/config/compile.js";
import { BUILTIN_DETECTORS } from "../../src/scan/detectors/index.js";
import { Scanner } from "../../src/scan/engine/scanner.js";
import { githubToken, rand, scanText } from "./helpers.js";

test("a finding carries file, line, column, rule, confidence, fingerprint and the redacted match", () => {
  const token = githubToken("scanner-1");
  const [f, ...rest] = scanText(`// config\nconst t = "${token}";\n`, "src/app.ts", { redact: true });
  assert.equal(rest.length, 0);
  assert.equal(f.file, "src/app.ts");
  assert.equal(f.line, 2);
  assert.equal(f.column, 12);
  assert.equal(f.rule, "github-pat-classic");
  assert.equal(f.confidence, "high");
  assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
  assert.equal(f.secret, undefined, "no secret when redacting");
  assert.ok(!f.match.includes(token.slice(8)), "the match is redacted");
  assert.match(f.match, /^ghp_..\*{5}$/);
});

test("columns count characters, not bytes, on lines with non-ASCII text", () => {
  const token = githubToken("scanner-utf8");
  const [f] = scanText(`const café = "ñ"; const t = "${token}";\n`);
  assert.equal(f.column, `const café = "ñ"; const t = "`.length + 1);
});

test("the fingerprint follows the secret, not its line", () => {
  const token = githubToken("scanner-fp");
  const [a] = scanText(`const t = "${token}";\n`);
  const [b] = scanText(`\n\n\nexport const moved = "${token}";\n`);
  const [c] = scanText(`const t = "${token}";\n`, "src/other.ts");
  assert.equal(a.fingerprint, b.fingerprint);
  assert.notEqual(a.fingerprint, c.fingerprint, "another file is another finding");
});

test("inline cofre:allow and gitleaks:allow comments silence their line only", () => {
  const t1 = githubToken("allow-1");
  const t2 = githubToken("allow-2");
  const t3 = githubToken("allow-3");
  const found = scanText(
    `const a = "${t1}"; // cofre:allow test fixture\nconst b = "${t2}"; # gitleaks:allow\nconst c = "${t3}";\n`,
  );
  assert.deepEqual(
    found.map((f) => f.line),
    [3],
  );
});

test("placeholders, templates and references are not reported", () => {
  const lines = [
    "DB_PASSWORD=changeme",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal template reference
    'password: "${DB_PASSWORD}"',
    "api_key = '<your-api-key>'",
    'token: "{{ .Values.token }}"',
    "secret = process.env.SECRET_VALUE",
    `stripe = "sk_live_${"x".repeat(24)}"`,
    `aws = "AKIAIOSFODNN7EXAMPLE"`,
    `vault = "hvs.SUPERSECRETTOKENVALUE1234"`,
  ];
  assert.deepEqual(scanText(`${lines.join("\n")}\n`, ".env"), []);
});

test("generic rules stay quiet in test and example paths; vendor formats do not", () => {
  const r = rand("fixtures");
  const text = `const password = "${r.str(12)}9!";\nconst t = "${githubToken("fixture-gh")}";\n`;
  assert.deepEqual(
    scanText(text, "src/db.ts").map((f) => f.rule),
    ["generic-password", "github-pat-classic"],
  );
  for (const file of ["test/db.test.ts", "src/__tests__/db.ts", "examples/db.ts", "pkg/db_test.go"]) {
    assert.deepEqual(
      scanText(text, file).map((f) => f.rule),
      ["github-pat-classic"],
      file,
    );
  }
});

test("bare values count in config files and KEY=value lines, not as code expressions", () => {
  const value = `${rand("bare").str(14)}7!`;
  assert.equal(scanText(`db:\n  password: ${value}\n`, "config.yaml").length, 1);
  assert.equal(scanText(`export DB_PASSWORD=${value}\n`, "deploy.sh").length, 1);
  assert.equal(scanText(`password = get_password(${value})\n`, "app.py").length, 0);
  assert.equal(scanText(`const password = ${value.replace("!", "")};\n`, "app.ts").length, 0);
});

test("one finding per secret: the specific rule wins over a generic one on the same text", () => {
  const token = githubToken("overlap");
  const found = scanText(`GITHUB_TOKEN=${token}\nurl = "https://ci:${token}@git.acme.io/x.git"\n`, ".env");
  assert.deepEqual(
    found.map((f) => [f.rule, f.line]),
    [
      ["github-pat-classic", 1],
      ["github-pat-classic", 2],
    ],
  );
});

test("allowlists suppress by path, by regex on secret, match or line, by stopword, and per rule", () => {
  const token = githubToken("allowlist");
  const text = `const t = "${token}"; // rotated-2024\n`;
  const list = (spec: Partial<Parameters<typeof compileAllowlist>[0]>) =>
    compileAllowlist({
      description: "",
      condition: "or",
      paths: [],
      regexes: [],
      regexTarget: "secret",
      stopwords: [],
      commits: [],
      targetRules: [],
      ...spec,
    });
  const re = (source: string) => ({ source, flags: "" });
  assert.equal(scanText(text, "src/a.ts", { allowlists: [list({ paths: [re("^src/")] })] }).length, 0);
  assert.equal(scanText(text, "lib/a.ts", { allowlists: [list({ paths: [re("^src/")] })] }).length, 1);
  assert.equal(
    scanText(text, "a.ts", { allowlists: [list({ regexes: [re(token.slice(0, 12))] })] }).length,
    0,
  );
  assert.equal(
    scanText(text, "a.ts", { allowlists: [list({ regexes: [re("rotated-\\d+")], regexTarget: "line" })] })
      .length,
    0,
  );
  assert.equal(
    scanText(text, "a.ts", { allowlists: [list({ regexes: [re("rotated-\\d+")] })] }).length,
    1,
    "not in the secret",
  );
  assert.equal(
    scanText(text, "a.ts", { allowlists: [list({ stopwords: [token.slice(4, 10).toUpperCase()] })] }).length,
    0,
  );
  assert.equal(
    scanText(text, "a.ts", { allowlists: [list({ paths: [re(".*")], targetRules: ["jwt"] })] }).length,
    1,
  );
  const both = list({ paths: [re("^src/")], regexes: [re("nomatch")], condition: "and" });
  assert.equal(scanText(text, "src/a.ts", { allowlists: [both] }).length, 1, "AND needs every condition");
});

test("text already covered by the previous chunk is not reported twice", () => {
  const scanner = new Scanner({ detectors: BUILTIN_DETECTORS, allowlists: [] });
  const line = `const t = "${githubToken("fresh")}";\n`;
  assert.equal(scanner.scan({ path: "a", text: line + line, freshFrom: line.length }).length, 1);
  assert.equal(scanner.scan({ path: "a", text: line + line, freshFrom: 0 }).length, 2);
});

test("line numbers follow a diff's line map", () => {
  const scanner = new Scanner({ detectors: BUILTIN_DETECTORS, allowlists: [] });
  const text = `first\nconst t = "${githubToken("map")}";\n`;
  const [f] = scanner.scan({ path: "a", text, lineNumbers: Int32Array.from([10, 42]) });
  assert.equal(f.line, 42);
});
