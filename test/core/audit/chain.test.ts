import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { type ChainHead, GENESIS, parseLine, sealLine } from "../../../src/core/audit/chain.js";
import { verifyLines } from "../../../src/core/audit/verify.js";

const key = randomBytes(32);

/** n chained lines (without newlines) starting after `head`. */
function write(n: number, prefix = "", head: ChainHead = GENESIS, continues = false) {
  const lines: string[] = [];
  let h = head;
  for (let i = 0; i < n; i++) {
    const json = JSON.stringify({
      time: `t${h.seq + 1}`,
      type: "request",
      request: { path: `p/${h.seq + 1}` },
    });
    const sealed = sealLine(key, h, prefix, json, continues && i === 0);
    lines.push(sealed.line.slice(0, -1));
    h = sealed.head;
  }
  return { lines, head: h };
}

const check = (lines: string[], prefix = "", after: ChainHead | null = null) =>
  verifyLines(key, { lines, firstLine: 1, after, prefix });

describe("audit hash chain", () => {
  it("a whole log verifies, and the result names its last line", () => {
    const { lines, head } = write(5);
    const r = check(lines);
    assert.equal(r.valid, true);
    assert.equal(r.checked, 5);
    assert.deepEqual(r.last, head);
    assert.deepEqual(r.restarts, []);
  });

  it("lines are JSON objects carrying seq and chain", () => {
    const { lines } = write(2, "audit: ");
    const body = JSON.parse(lines[1].slice("audit: ".length));
    assert.equal(body.seq, 2);
    assert.match(body.chain, /^[0-9a-f]{64}$/);
    assert.equal(parseLine(lines[1], "audit: ")?.seq, 2);
  });

  it("names an edited line", () => {
    const { lines } = write(6);
    lines[3] = lines[3].replace('"p/4"', '"p/X"');
    const r = check(lines);
    assert.equal(r.valid, false);
    assert.equal(r.checked, 3);
    assert.deepEqual({ line: r.problem?.line, kind: r.problem?.kind }, { line: 4, kind: "edited" });
  });

  it("names the line after a deleted one, and how many are missing", () => {
    const { lines } = write(6);
    lines.splice(2, 2);
    const r = check(lines);
    assert.equal(r.problem?.kind, "deleted");
    assert.equal(r.problem?.line, 3);
    assert.match(r.problem?.message ?? "", /entries #3-#4 \(2\) are missing before line 3/);
  });

  it("names swapped lines as reordered", () => {
    const { lines } = write(6);
    [lines[1], lines[2]] = [lines[2], lines[1]];
    const r = check(lines);
    assert.equal(r.problem?.kind, "reordered");
    assert.equal(r.problem?.line, 2);
    assert.match(r.problem?.message ?? "", /entry #2 comes later, at line 3/);
  });

  it("a duplicated line is out of order", () => {
    const { lines } = write(4);
    lines.splice(3, 0, lines[1]);
    assert.equal(check(lines).problem?.kind, "reordered");
  });

  it("removing the first lines of a file is detected", () => {
    const { lines } = write(4);
    const r = check(lines.slice(1));
    assert.equal(r.problem?.kind, "deleted");
    assert.equal(r.problem?.line, 1);
  });

  it("a line that is not an entry of this device is malformed", () => {
    const { lines } = write(3);
    lines[1] = lines[1].slice(0, 40);
    assert.equal(check(lines).problem?.kind, "malformed");
  });

  it("a recomputed chain under another key is refused", () => {
    const other = randomBytes(32);
    const forged = sealLine(other, GENESIS, "", '{"type":"request"}', false).line.slice(0, -1);
    assert.equal(check([forged]).problem?.kind, "edited");
  });

  it("a file continuing an older one links to it through chain_prev", () => {
    const first = write(3);
    const second = write(2, "", first.head, true);
    const alone = check(second.lines);
    assert.equal(alone.valid, true);
    assert.equal(alone.continuesFrom, first.head.chain);
    const both = check([...first.lines, ...second.lines]);
    assert.equal(both.valid, true);
    assert.equal(both.checked, 5);
    // Verified in chunks: the head of one call continues the next.
    const a = check(first.lines);
    const b = verifyLines(key, { lines: second.lines, firstLine: 4, after: a.last, prefix: "" });
    assert.equal(b.valid, true);
  });

  it("a chain that starts again is reported, not refused", () => {
    const first = write(2);
    const fresh = write(2);
    const r = check([...first.lines, ...fresh.lines]);
    assert.equal(r.valid, true);
    assert.deepEqual(r.restarts, [3]);
  });

  it("the prefix is part of what the chain covers", () => {
    const { lines } = write(2, "cofre| ");
    assert.equal(check(lines, "cofre| ").valid, true);
    const changed = lines.map((l) => l.replace("cofre| ", "other| "));
    assert.equal(check(changed, "other| ").valid, false);
  });
});
