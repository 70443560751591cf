import assert from "node:assert/strict";
import { symlink } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { defaultSettings } from "../../src/scan/config/settings.js";
import { Chunker } from "../../src/scan/files/chunker.js";
import { runScan } from "../../src/scan/run.js";
import type { ScanDocument } from "../../src/scan/types.js";
import { pemBlock, rsaKeyPem } from "./corpus/makers.js";
import { githubToken, tempDir } from "./helpers.js";

test("a directory scan honours .gitignore, scans dotfiles, and skips binaries, lock files, bundles and big files", async () => {
  const t = await tempDir();
  try {
    const secret = (n: string) => `const t = "${githubToken(`files-${n}`)}";\n`;
    await t.write("src/app.ts", secret("app"));
    await t.write(".env", `GITHUB_TOKEN=${githubToken("files-env")}\n`);
    await t.write(".gitignore", "ignored/\n*.secret\n!keep.secret\n");
    await t.write("ignored/a.ts", secret("ignored"));
    await t.write("x.secret", secret("x"));
    await t.write("keep.secret", secret("keep"));
    await t.write("pkg/.gitignore", "local.ts\n");
    await t.write("pkg/local.ts", secret("local"));
    await t.write("image.png", secret("png"));
    await t.write("blob.bin2", Buffer.concat([Buffer.from(secret("nul")), Buffer.from([0, 1, 2])]));
    await t.write("package-lock.json", secret("lock"));
    await t.write("dist/app.min.js", secret("min"));
    await t.write("dist/bundle.js", `${"var a=1;".repeat(2000)}${secret("bundle")}`);
    await t.write("big.ts", `${"// padding\n".repeat(2000)}${secret("big")}`);
    await symlink(path.join(t.dir, "src"), path.join(t.dir, "linked"));
    const out = await runScan({ mode: "dir", target: t.dir, threads: 1, maxFileSize: 20000 });
    assert.deepEqual(out.findings.map((f) => f.file).sort(), [".env", "keep.secret", "src/app.ts"]);
    assert.equal(out.stats.skippedBinary, 2);
    assert.equal(out.stats.skippedGenerated, 3);
    assert.equal(out.stats.skippedLarge, 1);
    const all = await runScan({
      mode: "dir",
      target: t.dir,
      threads: 1,
      gitignore: false,
      maxFileSize: 20000,
    });
    assert.equal(all.findings.length, 6, "--no-gitignore scans ignored files too");
  } finally {
    await t.cleanup();
  }
});

test("scanning a single file reports it relative to its directory", async () => {
  const t = await tempDir();
  try {
    const file = await t.write("deep/one.ts", `const t = "${githubToken("single")}";\n`);
    const out = await runScan({ mode: "dir", target: file, threads: 1 });
    assert.deepEqual(
      out.findings.map((f) => [f.file, f.line]),
      [["one.ts", 1]],
    );
  } finally {
    await t.cleanup();
  }
});

test("large files are read in overlapping chunks: a key block across a seam is found once, at its line", async () => {
  const t = await tempDir();
  try {
    const key = rsaKeyPem();
    const line = (i: number) => `${"x".repeat(60)} ${String(i).padStart(3, "0")}`;
    const before = Array.from({ length: 55 }, (_, i) => line(i)).join("\n");
    const after = Array.from({ length: 300 }, (_, i) => line(i)).join("\n");
    // The first chunk (4096 bytes) ends inside the key block.
    assert.ok(before.length < 4096 && before.length + key.length > 4096);
    await t.write("huge.txt", `${before}\n${key}\n${after}\nconst t = "${githubToken("seam")}";\n`);
    const out = await runScan({ mode: "dir", target: t.dir, threads: 1, chunkSize: 4096 });
    assert.deepEqual(
      out.findings.map((f) => [f.rule, f.line]),
      [
        ["private-key-rsa", 56],
        ["github-pat-classic", 55 + key.split("\n").length + 300 + 1],
      ],
    );
  } finally {
    await t.cleanup();
  }
});

test("the chunker cuts at line breaks, overlaps, and counts lines", () => {
  const docs: ScanDocument[] = [];
  const chunker = new Chunker("f", (d) => docs.push(d), 32, 12);
  const lines = Array.from({ length: 20 }, (_, i) => `line-${String(i).padStart(2, "0")}`);
  for (const l of lines) chunker.push(`${l}\n`);
  chunker.end();
  assert.ok(docs.length > 3);
  for (const d of docs) {
    const first = d.text.split("\n")[0];
    assert.equal(first, lines[(d.firstLine ?? 1) - 1], "firstLine names the first line");
    assert.ok(d.text.endsWith("\n") || d === docs[docs.length - 1]);
  }
  const fresh = docs.map((d) => d.text.slice(d.freshFrom ?? 0)).join("");
  assert.equal(fresh, `${lines.join("\n")}\n`, "the fresh parts add up to the input exactly once");
});

test("settings default to built-in detectors, 25 MB files and redaction", () => {
  const s = defaultSettings();
  assert.equal(s.useDefault, true);
  assert.equal(s.maxFileSize, 25 * 1024 * 1024);
  assert.equal(s.redact, true);
  assert.ok(pemBlock("X", "y").includes("BEGIN X"));
});
