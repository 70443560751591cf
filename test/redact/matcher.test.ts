/** The masking core shared by `cofre run` and `cofre/redact`: values, their encodings, streaming. */
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { MaskingStream, SecretMatcher, secretForms } from "../../src/redact/index.js";

/** Writes `parts` one by one through a MaskingStream and returns everything it emitted. */
async function throughStream(matcher: SecretMatcher, parts: Buffer[]): Promise<string> {
  const stream = new MaskingStream(matcher);
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (c: Buffer) => chunks.push(c));
  stream.pipe(sink);
  for (const p of parts) stream.write(p);
  stream.end();
  await new Promise((resolve) => sink.on("end", resolve));
  return Buffer.concat(chunks).toString("utf8");
}

describe("SecretMatcher", () => {
  it("masks every occurrence, and the base64, URL-encoded and JSON-escaped forms", () => {
    const secret = 'p@ss w/rd"é';
    const m = new SecretMatcher([secret]);
    const b64 = Buffer.from(secret).toString("base64");
    const text = `a=${secret} b=${b64} c=${encodeURIComponent(secret)} d=${JSON.stringify(secret)} e=${secret}`;
    assert.equal(m.maskText(text), 'a=*** b=*** c=*** d="***" e=***');
  });

  it("ignores values shorter than 4 characters and masks the longest overlapping value", () => {
    const m = new SecretMatcher(["abc", "abcd", "abcdefgh"]);
    assert.equal(m.maskText("abc abcd abcdefgh abcdefg"), "abc *** *** ***efg");
    assert.deepEqual(secretForms("abc"), []);
  });

  it("masks values added later", () => {
    const m = new SecretMatcher([]);
    assert.equal(m.maskText("token-one"), "token-one");
    m.add(["token-one"]);
    assert.equal(m.maskText("token-one"), "***");
  });
});

describe("MaskingStream", () => {
  const secret = "s3cr3t-välue-42";

  it("masks a secret split at every possible byte, including inside a multi-byte character", async () => {
    const text = Buffer.from(`before ${secret} after ${secret}\n`);
    const m = new SecretMatcher([secret]);
    for (let cut = 1; cut < text.length; cut++) {
      const out = await throughStream(m, [text.subarray(0, cut), text.subarray(cut)]);
      assert.equal(out, "before *** after ***\n", `split at byte ${cut}`);
    }
  });

  it("gives the same result as one-shot masking for random chunkings", async () => {
    const secrets = ["abcdabce", "abcdab", "bcda", "zzzzzz", secret];
    const m = new SecretMatcher(secrets);
    const alphabet = ["a", "b", "c", "d", "e", "z", " ", secret];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      let text = "";
      for (let i = 0; i < 40; i++) text += alphabet[rand(alphabet.length)];
      const bytes = Buffer.from(text);
      const parts: Buffer[] = [];
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + rand(7);
        parts.push(bytes.subarray(at, at + size));
        at += size;
      }
      assert.equal(await throughStream(m, parts), m.maskText(text), JSON.stringify(text));
    }
  });

  it("holds back only a tail that may begin a secret, so ordinary output is not delayed", async () => {
    const stream = new MaskingStream(new SecretMatcher([secret]));
    const seen: string[] = [];
    stream.on("data", (c: Buffer) => seen.push(c.toString()));
    stream.write("Ready\n");
    stream.write("prompt s3c");
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, ["Ready\n", "prompt "]);
    stream.end("r3t-välue-42!");
    await new Promise((r) => stream.on("end", r));
    assert.equal(seen.join(""), "Ready\nprompt ***!");
  });

  it("releases a held tail that never became a secret when the stream ends", async () => {
    const out = await throughStream(new SecretMatcher([secret]), [Buffer.from("ends with s3cr")]);
    assert.equal(out, "ends with s3cr");
  });
});
