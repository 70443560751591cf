import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { runScan } from "../../src/scan/run.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The scanner's own files: detectors, corpus builders, tests, docs and bench. */
const OWN =
  /^(?:src\/scan\/|test\/scan\/|src\/cli\/commands\/scan\.ts$|docs\/scanning\.md$|bench\/scan\.ts$)/;

test("the scanner's own committed files hold nothing that looks like a credential", async (t) => {
  const tracked = new Set(execFileSync("git", ["ls-files"], { cwd: ROOT }).toString().split("\n"));
  const out = await runScan({ mode: "dir", target: ROOT, threads: 1 });
  const committed = out.findings.filter((f) => tracked.has(f.file));
  t.diagnostic(`whole repository: ${committed.length} findings in ${out.stats.files} files`);
  assert.deepEqual(
    committed.filter((f) => OWN.test(f.file)).map((f) => `${f.file}:${f.line} ${f.rule}`),
    [],
  );
});
