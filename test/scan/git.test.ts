import assert from "node:assert/strict";
import { rm } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { runScan } from "../../src/scan/run.js";
import { DiffParser, GIT_LOG_FORMAT, unquoteGitPath } from "../../src/scan/sources/diff-parser.js";
import type { ScanDocument } from "../../src/scan/types.js";
import { tempRepo } from "./git-helpers.js";
import { githubToken } from "./helpers.js";

test("a secret committed and deleted in a later commit is found in history, with its commit, author and date", async () => {
  const repo = await tempRepo();
  try {
    const token = githubToken("history");
    await repo.write("README.md", "# app\n");
    repo.commit("init", "Bob Builder <bob@example.org>", "2024-01-01T10:00:00Z");
    await repo.write(
      "src/config.ts",
      `export const a = 1;\nexport const b = 2;\nexport const token = "${token}";\n`,
    );
    const leaked = repo.commit("add config", "Alice Doe <alice@example.org>", "2024-01-02T11:30:00Z");
    await repo.write(
      "src/config.ts",
      "export const a = 1;\nexport const b = 2;\nexport const token = process.env.TOKEN;\n",
    );
    repo.commit("remove token", "Alice Doe <alice@example.org>", "2024-01-03T09:00:00Z");
    await repo.write("src/other.ts", "export const c = 3;\n");
    repo.commit("more", "Bob Builder <bob@example.org>", "2024-01-04T09:00:00Z");

    const tree = await runScan({ mode: "dir", target: repo.dir, threads: 1 });
    assert.equal(tree.findings.length, 0, "the working tree is clean");

    const history = await runScan({
      mode: "git",
      target: path.join(repo.dir, "src"),
      threads: 1,
      redact: false,
    });
    assert.equal(history.stats.commits, 4);
    assert.equal(history.findings.length, 1);
    const [f] = history.findings;
    assert.equal(f.rule, "github-pat-classic");
    assert.equal(f.file, "src/config.ts");
    assert.equal(f.line, 3);
    assert.equal(f.commit, leaked);
    assert.equal(f.author, "Alice Doe");
    assert.equal(f.email, "alice@example.org");
    assert.equal(Date.parse(f.date ?? ""), Date.parse("2024-01-02T11:30:00Z"));
    assert.equal(f.message, "add config");
    assert.equal(f.secret, token);
  } finally {
    await repo.cleanup();
  }
});

test("--branch limits history to one ref and --since to recent commits", async () => {
  const repo = await tempRepo();
  try {
    await repo.write("a.txt", "start\n");
    repo.commit("init", "Bob <bob@example.org>", "2024-01-01T00:00:00Z");
    repo.git(["checkout", "-q", "-b", "feature"]);
    await repo.write("b.txt", `token: ${githubToken("branch")}\n`);
    repo.commit("feature secret", "Bob <bob@example.org>", "2024-02-01T00:00:00Z");
    repo.git(["checkout", "-q", "main"]);
    await repo.write("c.txt", `token: ${githubToken("main")}\n`);
    repo.commit("main secret", "Bob <bob@example.org>", "2024-03-01T00:00:00Z");

    const files = async (options: { branch?: string; since?: string }) =>
      (await runScan({ mode: "git", target: repo.dir, threads: 1, ...options })).findings
        .map((f) => f.file)
        .sort();
    assert.deepEqual(await files({}), ["b.txt", "c.txt"], "all refs by default");
    assert.deepEqual(await files({ branch: "main" }), ["c.txt"]);
    assert.deepEqual(await files({ branch: "feature" }), ["b.txt"]);
    assert.deepEqual(await files({ since: "2024-02-15" }), ["c.txt"]);
    assert.deepEqual(await files({ branch: "main~1..main" }), ["c.txt"], "a range, as for a pull request");
    await assert.rejects(
      runScan({ mode: "git", target: repo.dir, branch: "--output=/tmp/x" }),
      /invalid branch/,
    );
    await assert.rejects(runScan({ mode: "git", target: repo.dir, branch: "no-such-branch" }), /git/);
  } finally {
    await repo.cleanup();
  }
});

test("--staged scans what is staged, with line numbers of the staged file", async () => {
  const repo = await tempRepo();
  try {
    await repo.write("app.ts", "const a = 1;\n");
    repo.commit("init", "Bob <bob@example.org>", "2024-01-01T00:00:00Z");
    await repo.write("app.ts", `const a = 1;\nconst t = "${githubToken("staged")}";\n`);
    await repo.write("unstaged.ts", `const t = "${githubToken("unstaged")}";\n`);
    repo.git(["add", "app.ts"]);
    const out = await runScan({ mode: "staged", target: repo.dir, threads: 1 });
    assert.deepEqual(
      out.findings.map((f) => [f.file, f.line, f.commit]),
      [["app.ts", 2, undefined]],
    );
    await rm(path.join(repo.dir, ".git"), { recursive: true });
    await assert.rejects(runScan({ mode: "staged", target: repo.dir }), /not a git repository/);
  } finally {
    await repo.cleanup();
  }
});

function parse(lines: string[], chunkSize?: number): ScanDocument[] {
  const docs: ScanDocument[] = [];
  const parser = new DiffParser({
    emit: (d) => docs.push(d),
    skipPath: (p) => p.endsWith(".lock"),
    chunkSize,
  });
  for (const l of lines) parser.line(l);
  parser.end();
  return docs;
}

test("the diff parser keeps added lines with their new line numbers, per file and commit", () => {
  const header = GIT_LOG_FORMAT.replace("%x01", "\x01").replace(/%x1f/g, "\x1f");
  const commitLine = header
    .replace("%H", "abc123")
    .replace("%an", "Ann")
    .replace("%ae", "ann@x")
    .replace("%aI", "2024-01-01T00:00:00Z")
    .replace("%s", "msg");
  const docs = parse([
    commitLine,
    "",
    "diff --git a/x.ts b/x.ts",
    "index 1..2 100644",
    "--- a/x.ts",
    "+++ b/x.ts",
    "@@ -1,0 +5,3 @@",
    "+added five",
    "+++ not a header, an added line",
    "+diff --git not a header either",
    "@@ -20 +23 @@",
    "-old",
    "+new twenty-three",
    "diff --git a/gone.ts b/gone.ts",
    "--- a/gone.ts",
    "+++ /dev/null",
    "@@ -1 +0,0 @@",
    "-removed",
    "diff --git a/yarn.lock b/yarn.lock",
    "--- a/yarn.lock",
    "+++ b/yarn.lock",
    "@@ -0,0 +1 @@",
    "+skipped",
    'diff --git "a/dir/caf\\303\\251 x.ts" "b/dir/caf\\303\\251 x.ts"',
    "--- /dev/null",
    '+++ "b/dir/caf\\303\\251 x.ts"',
    "@@ -0,0 +1 @@",
    "+quoted",
  ]);
  assert.deepEqual(
    docs.map((d) => [d.path, d.text, [...(d.lineNumbers ?? [])], d.commit?.commit]),
    [
      [
        "x.ts",
        "added five\n++ not a header, an added line\ndiff --git not a header either\nnew twenty-three",
        [5, 6, 7, 23],
        "abc123",
      ],
      ["dir/café x.ts", "quoted", [1], "abc123"],
    ],
  );
  assert.equal(docs[0].commit?.author, "Ann");
});

test("a huge file diff is emitted in overlapping pieces as it streams", () => {
  const lines = ["diff --git a/big b/big", "+++ b/big", "@@ -0,0 +1,400 @@"];
  for (let i = 1; i <= 400; i++) lines.push(`+line ${String(i).padStart(4, "0")} ${"x".repeat(40)}`);
  const docs = parse(lines, 2048);
  assert.ok(docs.length > 5);
  const fresh = docs.flatMap((d) => {
    const numbers = [...(d.lineNumbers ?? [])];
    const skip = d.text.slice(0, d.freshFrom ?? 0).split("\n").length - ((d.freshFrom ?? 0) === 0 ? 1 : 0);
    return numbers.slice(skip);
  });
  assert.deepEqual(
    fresh,
    Array.from({ length: 400 }, (_, i) => i + 1),
    "every line once, in order",
  );
  assert.equal(unquoteGitPath('"a\\tb"'), "a\tb");
});
