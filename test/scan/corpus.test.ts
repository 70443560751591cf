import assert from "node:assert/strict";
import { test } from "node:test";
import { BUILTIN_DETECTORS } from "../../src/scan/detectors/index.js";
import { Scanner } from "../../src/scan/engine/scanner.js";
import { toByteString } from "../../src/scan/engine/text.js";
import type { Finding } from "../../src/scan/types.js";
import { CORPUS } from "./corpus/index.js";
import { negatives } from "./corpus/negatives.js";
import { Rand } from "./corpus/rand.js";

const SAMPLES = Number(process.env.SCAN_CORPUS_SAMPLES ?? 3);
const SEED = process.env.SCAN_CORPUS_SEED ?? "cofre-corpus";
const scanner = new Scanner({ detectors: BUILTIN_DETECTORS, allowlists: [], redact: false });
const scan = (file: string, text: string): Finding[] =>
  scanner.scan({ path: file, text: toByteString(text) });
const describe = (f: Finding) => `${f.rule} at ${f.file}:${f.line} (${f.match})`;

test("the corpus has a case for every built-in detector, and no case for an unknown one", () => {
  assert.ok(BUILTIN_DETECTORS.length >= 100, `only ${BUILTIN_DETECTORS.length} detectors`);
  const ids = new Set(BUILTIN_DETECTORS.map((d) => d.id));
  const covered = new Set(CORPUS.map((c) => c.rule));
  assert.deepEqual(
    [...ids].filter((id) => !covered.has(id)),
    [],
    "detectors without a corpus case",
  );
  assert.deepEqual(
    [...covered].filter((id) => !ids.has(id)),
    [],
    "cases for unknown detectors",
  );
});

test("every detector finds its generated true positive and stays quiet on its near miss", () => {
  const failures: string[] = [];
  for (const c of CORPUS) {
    const r = new Rand(`${SEED}:${c.rule}:0`);
    const sample = c.positive(r);
    const found = scan(c.file, sample.text);
    if (!found.some((f) => f.rule === c.rule && sample.secret.includes(f.secret ?? "\0"))) {
      failures.push(`${c.rule}: missed its positive (found: ${found.map(describe).join(", ") || "nothing"})`);
    }
    const miss = scan(c.file, c.nearMiss(r));
    if (miss.length > 0) failures.push(`${c.rule}: near miss reported as ${miss.map(describe).join(", ")}`);
  }
  assert.deepEqual(failures, []);
});

test("precision and recall over the labelled corpus are at least 0.97", (t) => {
  let truePositives = 0;
  let positives = 0;
  const falsePositives: string[] = [];
  const missed: string[] = [];
  for (const c of CORPUS) {
    for (let s = 0; s < SAMPLES; s++) {
      const r = new Rand(`${SEED}:${c.rule}:${s}`);
      const sample = c.positive(r);
      positives++;
      let hit = false;
      for (const f of scan(c.file, sample.text)) {
        if (f.rule === c.rule && sample.secret.includes(f.secret ?? "\0")) hit = true;
        else if (!c.extra?.includes(f.rule)) falsePositives.push(`${c.rule} positive: ${describe(f)}`);
      }
      if (hit) truePositives++;
      else missed.push(`${c.rule} sample ${s}`);
      for (const f of scan(c.file, c.nearMiss(r))) falsePositives.push(`${c.rule} near miss: ${describe(f)}`);
    }
  }
  for (const n of negatives(new Rand(`${SEED}:negatives`))) {
    for (const f of scan(n.file, n.text)) falsePositives.push(`negative ${n.file}: ${describe(f)}`);
  }
  if (process.env.SCAN_CORPUS_VERBOSE) t.diagnostic(falsePositives.concat(missed).join("\n"));
  const precision = truePositives / (truePositives + falsePositives.length);
  const recall = truePositives / positives;
  t.diagnostic(
    `corpus: ${CORPUS.length} detectors x ${SAMPLES} samples = ${positives} positives, ${positives} near misses, ` +
      `${negatives(new Rand("count")).length} hard negatives; precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}`,
  );
  assert.ok(
    precision >= 0.97,
    `precision ${precision.toFixed(4)}; false positives:\n${falsePositives.join("\n")}`,
  );
  assert.ok(recall >= 0.97, `recall ${recall.toFixed(4)}; missed:\n${missed.join("\n")}`);
});
