import assert from "node:assert/strict";
import { test } from "node:test";
import { InvalidRequestError } from "../../src/errors.js";
import { HclSyntaxError, parseHcl } from "../../src/hcl/index.js";

function syntaxError(text: string): HclSyntaxError {
  try {
    parseHcl(text);
  } catch (e) {
    assert.ok(e instanceof HclSyntaxError, `expected HclSyntaxError, got ${String(e)}`);
    assert.ok(e instanceof InvalidRequestError);
    return e;
  }
  assert.fail(`expected a syntax error for ${JSON.stringify(text)}`);
}

test("errors carry line, column and a reason", () => {
  const e = syntaxError('a = 1\nb = 2\npath "x" = {}\n');
  assert.equal(e.line, 3);
  assert.equal(e.column, 10);
  assert.equal(e.message, "failed to parse HCL at line 3, column 10: expected '{'");

  const cases: Array<[string, number, number, string]> = [
    ["a = ", 1, 5, "expected a value, found end of input"],
    ["a b", 1, 4, "expected '{'"],
    ["  x 1", 1, 5, "expected '=' or '{'"],
    ["a = [1 2]", 1, 8, "expected ',' or ']', found a number"],
    ['a = "x\ny"', 1, 5, "unterminated string"],
    ["a = yes", 1, 5, "expected a value, found an identifier (quote strings)"],
    ["a = 1\na = 2", 2, 1, 'duplicate key "a"'],
    ['a = 1\na "x" {}', 2, 1, 'duplicate key "a"'],
    ['a "x" {}\na "x" "y" {}', 2, 1, 'block "a" is used with different numbers of labels'],
    [String.raw`a = "bad \q"`, 1, 10, "invalid escape sequence in string"],
    ["a = 10s", 1, 5, "invalid number"],
    ["a = 09", 1, 5, "invalid octal number"],
    ["a = 99999999999999999999", 1, 5, "integer out of range"],
    ["a = @", 1, 5, "unexpected character '@'"],
    ["a = 1 /* open", 1, 7, "unterminated comment"],
    ["a = <<EOF\nnever closed\n", 1, 5, "unterminated heredoc"],
    ["a = <<EOF x\nEOF\n", 1, 5, "invalid heredoc: expected <<MARKER or <<-MARKER then a newline"],
    ["b {\n  c = 1\n", 3, 1, "expected '}'"],
    ["a = [1,", 1, 8, "expected ']'"],
    ['{"a": 1} x', 1, 10, "expected the end of the document, found an identifier"],
    ['{"a": }', 1, 7, "expected a value, found '}'"],
  ];
  for (const [text, line, column, reason] of cases) {
    const err = syntaxError(text);
    assert.deepEqual([err.line, err.column, err.reason], [line, column, reason], JSON.stringify(text));
  }
});

test("error messages never echo input text", () => {
  const secret = "hvs.SUPERSECRETTOKENVALUE1234";
  for (const text of [
    `token = ${secret}`,
    `token = "${secret}`,
    `${secret} ${secret} = 1`,
    `token = "${secret}" ${secret}`,
    `{"token": "${secret}", ${secret}}`,
    `token = [${secret}]`,
  ]) {
    const err = syntaxError(text);
    assert.ok(!err.message.includes("SUPERSECRET"), err.message);
  }
  const nonAscii = syntaxError("a = \u00e9");
  assert.equal(nonAscii.reason, "expected a value, found an identifier (quote strings)");
  assert.equal(syntaxError("a = \u2603").reason, "unexpected character U+2603");
});

test("nesting deeper than 64 levels is refused; 64 is accepted", () => {
  const ok = `a = ${"[".repeat(64)}${"]".repeat(64)}`;
  assert.doesNotThrow(() => parseHcl(ok));
  const err = syntaxError(`a = ${"[".repeat(65)}${"]".repeat(65)}`);
  assert.equal(err.reason, "nesting is deeper than 64 levels");
  assert.equal(
    syntaxError(`${"b { ".repeat(65)}${"}".repeat(65)}`).reason,
    "nesting is deeper than 64 levels",
  );
  assert.equal(
    syntaxError(`{"a": ${'{"a": '.repeat(70)}1${"}".repeat(71)}`).reason,
    "nesting is deeper than 64 levels",
  );
  // Labels count as levels too (each one nests an object in the result).
  assert.equal(
    syntaxError(`${'b "l" "l" "l" { '.repeat(20)}${"}".repeat(20)}`).reason,
    "nesting is deeper than 64 levels",
  );
  assert.equal(
    syntaxError('b "1" "2" "3" "4" "5" "6" "7" "8" "9" {}').reason,
    "a block has more than 8 labels",
  );
});

test("inputs over the size limit are refused before parsing", () => {
  assert.throws(
    () => parseHcl(`a = "${"x".repeat(2_000_000)}"`),
    (e: unknown) =>
      e instanceof InvalidRequestError &&
      e.message === "failed to parse HCL: input is too large (limit 1048576 characters)",
  );
  assert.throws(() => parseHcl("a = 12345", { maxLength: 5 }), InvalidRequestError);
  assert.deepEqual(parseHcl("a = 1", { maxLength: 5 }), { a: 1 });
});
