import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLogger, redact, scrubMessage } from "../../src/util/logger.js";

describe("redacting logger", () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, logger: createLogger({ level: "debug", write: (l) => lines.push(l) }) };
  };

  it("drops values under sensitive keys at any depth", () => {
    const { lines, logger } = capture();
    logger.info("x", {
      token: "hvs.abc",
      nested: { password: "pw", authorization: "Bearer t", client_token: "hvs.def", ok: "visible" },
      headers: [{ cookie: "c=1" }],
      path: "secret/data/app",
    });
    const text = lines.join("\n");
    for (const secret of ["hvs.abc", "pw", "Bearer t", "hvs.def", "c=1"])
      assert.ok(!text.includes(secret), secret);
    assert.ok(text.includes("visible"));
    assert.ok(text.includes("secret/data/app"));
  });

  it("scrubs what an error message quotes of its input", () => {
    let parseError: Error | undefined;
    try {
      JSON.parse('hunter2-is-the-password"');
    } catch (err) {
      parseError = err as Error;
    }
    assert.ok(parseError?.message.includes("hunter2"), "V8 quotes the input (the reason for the scrub)");
    const { lines, logger } = capture();
    logger.error("failed", { error: parseError });
    assert.ok(!lines[0].includes("hunter2"));
    assert.match(lines[0], /SyntaxError/);
    assert.equal(scrubMessage(`bad value 'x1' and "y2"`), 'bad value "[redacted]" and "[redacted]"');
    assert.deepEqual(redact(new TypeError("no quotes here")), {
      name: "TypeError",
      message: "no quotes here",
    });
  });
});
