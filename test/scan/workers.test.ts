import assert from "node:assert/strict";
import { test } from "node:test";
import { runScan } from "../../src/scan/run.js";
import type { Finding } from "../../src/scan/types.js";
import { githubToken, rand, tempDir } from "./helpers.js";

const key = (f: Finding) => `${f.file}:${f.line}:${f.column}:${f.rule}:${f.fingerprint}`;

test("worker threads find exactly what one thread finds, with the same counts", async () => {
  const t = await tempDir();
  try {
    const r = rand("workers");
    for (let i = 0; i < 300; i++) {
      const body = Array.from({ length: 40 }, (_, j) => `export const v${j} = "${r.str(20)}";`).join("\n");
      const secret = i % 7 === 0 ? `\nexport const t = "${githubToken(`w${i}`)}";\n` : "\n";
      await t.write(`pkg${i % 10}/file${i}.ts`, body + secret);
    }
    const one = await runScan({ mode: "dir", target: t.dir, threads: 1 });
    const two = await runScan({ mode: "dir", target: t.dir, threads: 2 });
    assert.equal(one.findings.length, 43);
    assert.deepEqual(two.findings.map(key), one.findings.map(key));
    assert.equal(two.stats.files, 300);
    assert.equal(two.stats.bytes, one.stats.bytes);
  } finally {
    await t.cleanup();
  }
});
