import assert from "node:assert/strict";
import { test } from "node:test";
import { formatFindings } from "../../src/scan/report/index.js";
import type { Finding } from "../../src/scan/types.js";

const finding = (over: Partial<Finding> = {}): Finding => ({
  file: "src/a b.ts",
  line: 3,
  column: 7,
  endLine: 3,
  endColumn: 47,
  rule: "github-pat-classic",
  description: "GitHub personal access token (classic)",
  confidence: "high",
  fingerprint: "0123456789abcdef0123456789abcdef",
  match: "ghp_Ab*****",
  entropy: 4.7,
  ...over,
});

test("json is an array of findings with every documented field", () => {
  const [f] = JSON.parse(
    formatFindings(
      [finding({ commit: "abc", author: "Ann", email: "a@x", date: "2024-01-01T00:00:00Z" })],
      "json",
    ),
  );
  for (const key of [
    "file",
    "line",
    "column",
    "rule",
    "description",
    "confidence",
    "fingerprint",
    "match",
    "commit",
    "author",
    "date",
  ]) {
    assert.ok(key in f, key);
  }
});

test("sarif is SARIF 2.1.0 with rules, levels, regions and fingerprints", () => {
  const sarif = JSON.parse(
    formatFindings(
      [finding(), finding({ rule: "jwt", description: "JSON Web Token", confidence: "low", line: 9 })],
      "sarif",
    ),
  );
  assert.equal(sarif.version, "2.1.0");
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, "cofre");
  assert.deepEqual(
    run.tool.driver.rules.map((r: { id: string }) => r.id),
    ["github-pat-classic", "jwt"],
  );
  const [a, b] = run.results;
  assert.equal(a.level, "error");
  assert.equal(b.level, "note");
  assert.equal(b.ruleIndex, 1);
  const loc = a.locations[0].physicalLocation;
  assert.equal(loc.artifactLocation.uri, "src/a%20b.ts");
  assert.deepEqual([loc.region.startLine, loc.region.startColumn, loc.region.endColumn], [3, 7, 47]);
  assert.equal(a.partialFingerprints["cofreFingerprint/v1"], finding().fingerprint);
});

test("csv quotes cells and defuses spreadsheet formulas", () => {
  const csv = formatFindings([finding({ match: '=HYPERLINK("x"), y', file: "a,b.ts" })], "csv");
  const [header, row] = csv.trimEnd().split("\r\n");
  assert.ok(header.startsWith("file,line,column,end_line,end_column,rule"));
  assert.ok(row.startsWith('"a,b.ts",3,7,'));
  assert.ok(row.includes(`"'=HYPERLINK(""x""), y"`));
});

test("the table escapes control characters from scanned files and says when nothing was found", () => {
  const table = formatFindings([finding({ file: "evil\x1b[31m.ts", match: "x\ry" })], "table");
  assert.ok(!table.includes("\x1b"), "no raw escape sequence reaches the terminal");
  assert.ok(table.includes("evil\\x1b[31m.ts:3:7"));
  assert.ok(table.includes("x\\x0dy"));
  assert.equal(formatFindings([], "table"), "No secrets found.\n");
  const history = formatFindings(
    [finding({ commit: "0123456789abcdef", author: "Ann", date: "2024-05-06T07:08:09Z" })],
    "table",
  );
  assert.match(history.split("\n")[1], /0123456789 +Ann +2024-05-06/);
});
