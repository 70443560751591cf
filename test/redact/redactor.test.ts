/** `cofre/redact`: patterns, known values, a text stream, and real pino / winston-style formats. */
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import pino from "pino";
import { maskPatterns, redactor } from "../../src/redact/index.js";

describe("credential patterns", () => {
  const cases: Array<[string, string]> = [
    ["Authorization: Bearer eyJhbGciOi.abc.def", "Authorization: Bearer ***"],
    ["authorization=Basic dXNlcjpwYXNz", "authorization=Basic ***"],
    ['{"headers":{"authorization":"hvs.CAESIabc"}}', '{"headers":{"authorization":"***"}}'],
    ["curl -H 'X: 1' bearer abc.def-ghi", "curl -H 'X: 1' bearer ***"],
    ["login user=bob password=hunter22 ok", "login user=bob password=*** ok"],
    ["GET /cb?code=1&client_secret=xyz123&state=2", "GET /cb?code=1&client_secret=***&state=2"],
    ['{"user":"bob","password":"hunter22","n":1}', '{"user":"bob","password":"***","n":1}'],
    ['{"api_key": 123456}', '{"api_key": "***"}'],
    ["postgres://app:s3cret@db:5432/x", "postgres://app:***@db:5432/x"],
    ["see https://example.com/a?b=c for help", "see https://example.com/a?b=c for help"],
    ["path=secret/app status=200", "path=secret/app status=200"],
  ];
  for (const [input, want] of cases) {
    it(`masks ${JSON.stringify(input)}`, () => assert.equal(maskPatterns(input), want));
  }
});

describe("redactor", () => {
  const secret = "correct-horse-battery";

  it("masks known values in text, deep objects and errors, leaving other data alone", () => {
    const r = redactor({ secrets: [secret, undefined] });
    assert.equal(r.mask(`db pw is ${secret}`), "db pw is ***");
    const value = { user: "bob", nested: [{ note: `x ${secret}` }], token: "t-1", when: 5 };
    assert.deepEqual(r.maskValue(value), { user: "bob", nested: [{ note: "x ***" }], token: "***", when: 5 });
    assert.equal(value.token, "t-1", "the original is not changed");
    const err = r.maskValue(new TypeError(`bad ${secret}`));
    assert.ok(err instanceof TypeError);
    assert.equal(err.message, "bad ***");
    assert.ok(!String(err.stack).includes(secret));
  });

  it("turns patterns off on request", () => {
    const r = redactor({ secrets: [secret], patterns: false });
    assert.equal(r.mask(`password=abc ${secret}`), "password=abc ***");
  });

  it("stream() masks lines whose pattern or value arrives in pieces", async () => {
    const r = redactor({ secrets: [secret] });
    const s = r.stream();
    let out = "";
    s.on("data", (c: Buffer | string) => {
      out += c.toString();
    });
    for (const piece of ["login pass", "word=abc", "def ok\nvalue correct-h", "orse-battery end"])
      s.write(piece);
    s.end();
    await new Promise((resolve) => s.on("end", resolve));
    assert.equal(out, "login password=*** ok\nvalue *** end");
  });

  it("masks a real pino logger's message, merge object, format arguments and error", async () => {
    const r = redactor({ secrets: [secret] });
    let out = "";
    const dest = new Writable({
      write(chunk, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const log = pino({ ...r.pino, base: undefined }, dest);
    log.info({ db: { password: "p4ssw0rd!", host: "db" } }, "connecting with %s", secret);
    log.error(new Error(`failed for ${secret}`));
    log.info(`Authorization: Bearer ${"a".repeat(20)}`);
    const lines = out
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.equal(lines[0].msg, "connecting with ***");
    assert.deepEqual(lines[0].db, { password: "***", host: "db" });
    assert.equal(lines[1].msg, "failed for ***");
    assert.ok(!lines[1].err.stack.includes(secret));
    assert.equal(lines[2].msg, "Authorization: Bearer ***");
    assert.ok(!out.includes(secret) && !out.includes("p4ssw0rd!"));
  });

  it("works as a winston/logform format: masks in place, including the formatted message symbol", () => {
    const r = redactor({ secrets: [secret] });
    const MESSAGE = Symbol.for("message");
    const LEVEL = Symbol.for("level");
    const info: Record<string | symbol, unknown> = {
      level: "info",
      [LEVEL]: "info",
      message: `using ${secret}`,
      meta: { password: "zzzz1234" },
      [MESSAGE]: JSON.stringify({ message: `using ${secret}` }),
    };
    const back = r.winston.transform(info);
    assert.equal(back, info, "the same object, as winston expects");
    assert.equal(info.message, "using ***");
    assert.deepEqual(info.meta, { password: "***" });
    assert.equal(info[MESSAGE], '{"message":"using ***"}');
    assert.equal(info.level, "info");
  });
});
