/** sys/tools/random and sys/tools/hash over HTTP. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { assertDenied, assertError } from "./sys-test-helpers.js";

let s: TestServer;
before(async () => {
  s = await startTestServer();
});
after(() => s.close());

const root = () => ({ token: s.rootToken });
const post = (path: string, body: unknown = {}, token = s.rootToken) =>
  s.request("POST", path, { token, body });
const randomBytesOf = async (path: string, body: unknown = {}): Promise<string> => {
  const r = await post(path, body);
  assert.equal(r.status, 200, `${path}: ${r.text}`);
  return r.body.data.random_bytes as string;
};

test("random: 32 bytes of base64 by default; bytes and format from the body or the URL", async () => {
  const b64 = await randomBytesOf("sys/tools/random");
  assert.equal(Buffer.from(b64, "base64").length, 32);
  assert.equal(Buffer.from(b64, "base64").toString("base64"), b64);
  assert.notEqual(await randomBytesOf("sys/tools/random"), b64, "two draws differ");
  assert.match(await randomBytesOf("sys/tools/random", { bytes: 16, format: "hex" }), /^[0-9a-f]{32}$/);
  assert.match(await randomBytesOf("sys/tools/random/8", { format: "hex" }), /^[0-9a-f]{16}$/);
  assert.equal(Buffer.from(await randomBytesOf("sys/tools/random/all/5"), "base64").length, 5);
  assert.equal(
    Buffer.from(await randomBytesOf("sys/tools/random/platform", { bytes: 7 }), "base64").length,
    7,
  );
  assert.equal(Buffer.from(await randomBytesOf("sys/tools/random", { bytes: "12" }), "base64").length, 12);
  assert.equal(Buffer.from(await randomBytesOf("sys/tools/random/131072"), "base64").length, 131072);
  // The seal has no entropy source of its own: platform entropy, with Vault's warning.
  const seal = await post("sys/tools/random/seal/4");
  assert.equal(seal.status, 200);
  assert.deepEqual(seal.body.warnings, [
    "no seal/entropy augmentation available, using platform entropy source",
  ]);
});

test("random: out-of-bounds counts, bad sources and formats are 400s", async () => {
  const cases: Array<[string, unknown, string | RegExp]> = [
    ["sys/tools/random", { bytes: 0 }, '"bytes" cannot be less than 1'],
    ["sys/tools/random/0", {}, '"bytes" cannot be less than 1'],
    ["sys/tools/random", { bytes: -3 }, '"bytes" cannot be less than 1'],
    ["sys/tools/random/131073", {}, '"bytes" should be less than 131072'],
    ["sys/tools/random", { bytes: 1e9 }, '"bytes" should be less than 131072'],
    ["sys/tools/random/lots", {}, /^error parsing url-set byte count: /],
    ["sys/tools/random/platform/many", {}, /^error parsing url-set byte count: /],
    [
      "sys/tools/random/moon/8",
      {},
      'unsupported entropy source "moon"; must be "platform" or "seal", or "all"',
    ],
    ["sys/tools/random", { source: "moon" }, /^unsupported entropy source "moon"/],
    [
      "sys/tools/random",
      { format: "binary" },
      'unsupported encoding format "binary"; must be "hex" or "base64"',
    ],
    ["sys/tools/random", { bytes: "many" }, /bytes/],
  ];
  for (const [path, body, message] of cases) assertError(await post(path, body), 400, message);
});

test("hash: every algorithm over base64 input, hex or base64 output, algorithm from body or URL", async () => {
  const input = Buffer.from("the quick brown fox");
  const b64 = input.toString("base64");
  const algorithms: Record<string, string> = {
    "sha2-224": "sha224",
    "sha2-256": "sha256",
    "sha2-384": "sha384",
    "sha2-512": "sha512",
    "sha3-224": "sha3-224",
    "sha3-256": "sha3-256",
    "sha3-384": "sha3-384",
    "sha3-512": "sha3-512",
  };
  for (const [name, node] of Object.entries(algorithms)) {
    const want = createHash(node).update(input).digest();
    const body = await post("sys/tools/hash", { input: b64, algorithm: name });
    assert.equal(body.body.data.sum, want.toString("hex"), name);
    const url = await post(`sys/tools/hash/${name}`, { input: b64, format: "base64" });
    assert.equal(url.body.data.sum, want.toString("base64"), name);
  }
  const dflt = await post("sys/tools/hash", { input: b64 });
  assert.equal(dflt.body.data.sum, createHash("sha256").update(input).digest("hex"), "sha2-256 by default");
});

test("hash: missing or non-base64 input, bad algorithm or format are 400s", async () => {
  const cases: Array<[string, unknown, string]> = [
    ["sys/tools/hash", {}, "the input parameter must be provided"],
    ["sys/tools/hash", { input: "not base64!" }, "unable to decode input as base64"],
    ["sys/tools/hash", { input: "aGVsbG8" }, "unable to decode input as base64"],
    ["sys/tools/hash", { input: "aGVsbG8=", algorithm: "md5" }, "unsupported algorithm md5"],
    ["sys/tools/hash/sha1", { input: "aGVsbG8=" }, "unsupported algorithm sha1"],
    [
      "sys/tools/hash",
      { input: "aGVsbG8=", format: "raw" },
      'unsupported encoding format "raw"; must be "hex" or "base64"',
    ],
  ];
  for (const [path, body, message] of cases) assertError(await post(path, body), 400, message);
});

test("the default policy allows hash but not random; no token gets neither", async () => {
  const t = await tokenWith(s, ["default"]);
  const h = await post("sys/tools/hash/sha2-512", { input: "aGVsbG8=" }, t);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.body.data.sum, createHash("sha512").update("hello").digest("hex"));
  assert.equal((await post("sys/tools/hash", { input: "aGVsbG8=" }, t)).status, 200);
  assertDenied(await post("sys/tools/random", {}, t));
  assertDenied(await s.request("POST", "sys/tools/hash", { body: { input: "aGVsbG8=" } }));
  assert.equal((await s.request("POST", "sys/tools/random/4", root())).status, 200);
});
