import assert from "node:assert/strict";
import { test } from "node:test";
import { KeywordIndex, newHits } from "../../src/scan/engine/prefilter.js";

function find(keywords: string[], text: string): Array<[string, number]> {
  const index = new KeywordIndex(keywords);
  const hits = newHits();
  index.find(text, hits);
  const out: Array<[string, number]> = [];
  for (let i = 0; i < hits.count; i++) out.push([keywords[hits.ids[i]], hits.starts[i]]);
  return out.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

test("finds every keyword occurrence, ASCII case-insensitively, at its start", () => {
  assert.deepEqual(find(["ghp_", "password", "akia"], "x = GHP_abc; Password: y; akiaAKIA"), [
    ["ghp_", 4],
    ["password", 13],
    ["akia", 26],
    ["akia", 30],
  ]);
});

test("finds overlapping keywords, keywords at the edges, and nothing in unrelated text", () => {
  assert.deepEqual(find(["sk_live_", "live_"], "sk_live_"), [
    ["sk_live_", 0],
    ["live_", 3],
  ]);
  assert.deepEqual(find(["token"], "tokentoken"), [
    ["token", 0],
    ["token", 5],
  ]);
  assert.deepEqual(find(["token", "secret"], "nothing to see here, just words"), []);
  assert.deepEqual(find(["xoxb-"], "xox"), []);
});

test("bytes above ASCII never match and never break the scan", () => {
  const text = Buffer.from("ñandú tóken TOKEN", "utf8").toString("latin1");
  assert.deepEqual(
    find(["token"], text).map(([k]) => k),
    ["token"],
  );
  assert.deepEqual(find(["token"], "\u0100token"), [["token", 1]]);
});

test("rejects keywords too short to anchor", () => {
  assert.throws(() => new KeywordIndex(["a"]), RangeError);
});
