import assert from "node:assert/strict";
import { test } from "node:test";
import { IgnoreFile, type IgnoreLayer, isIgnored } from "../../src/scan/sources/gitignore.js";

const rules = (text: string) => new IgnoreFile(text);

test("unanchored patterns match at any depth; anchored ones from their directory", () => {
  const f = rules("*.log\n/build\ndocs/*.tmp\n");
  assert.equal(f.decide("a.log", false), true);
  assert.equal(f.decide("deep/dir/a.log", false), true);
  assert.equal(f.decide("build", true), true);
  assert.equal(f.decide("src/build", true), undefined, "/build is anchored to the root");
  assert.equal(f.decide("docs/a.tmp", false), true);
  assert.equal(f.decide("x/docs/a.tmp", false), undefined, "a middle slash anchors too");
});

test("trailing slash matches directories only; ! re-includes; the last match wins", () => {
  const f = rules("cache/\n*.env\n!keep.env\n");
  assert.equal(f.decide("cache", true), true);
  assert.equal(f.decide("cache", false), undefined);
  assert.equal(f.decide("prod.env", false), true);
  assert.equal(f.decide("keep.env", false), false);
});

test("** spans directories; ? and [] glob one character; comments, blanks and escapes", () => {
  const f = rules("# comment\n\n**/gen/**\na/**/z.txt\nfile?.txt\n[abc].md\n\\#hash\nspace\\ \n");
  assert.equal(f.decide("x/gen/y/out.js", false), true);
  assert.equal(f.decide("a/z.txt", false), true);
  assert.equal(f.decide("a/b/c/z.txt", false), true);
  assert.equal(f.decide("file1.txt", false), true);
  assert.equal(f.decide("file12.txt", false), undefined);
  assert.equal(f.decide("b.md", false), true);
  assert.equal(f.decide("d.md", false), undefined);
  assert.equal(f.decide("#hash", false), true);
  assert.equal(f.decide("space ", false), true);
  assert.equal(f.decide("comment", false), undefined);
});

test("deeper ignore files override shallower ones; files above the root see the root's path", () => {
  const layers: IgnoreLayer[] = [
    { base: "", prefix: "repo/sub/", file: rules("/repo/sub/secret.txt\n") },
    { base: "", prefix: "", file: rules("*.txt\n") },
    { base: "pkg/", prefix: "", file: rules("!notes.txt\n") },
  ];
  assert.equal(isIgnored(layers, "a.txt", false), true);
  assert.equal(isIgnored(layers, "pkg/notes.txt", false), false);
  assert.equal(isIgnored(layers, "pkg/other.txt", false), true);
  assert.equal(isIgnored(layers, "main.ts", false), false);
  assert.equal(isIgnored([layers[0]], "secret.txt", false), true);
});
