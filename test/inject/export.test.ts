/** `cofre kv export`: dotenv that reads back exactly with Node's own parser, json, yaml, k8s-secret. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { parseEnv } from "node:util";
import { parse as parseYaml } from "yaml";
import { quoteDotenv } from "../../src/cli/inject/dotenv.js";
import { cofre, tempHome } from "../cli/harness.js";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { addTestBackends } from "./test-backends.js";

const TRICKY: Record<string, string> = {
  plain: "abc-123_x.y:z@h/p%2B,q=1",
  spaced: "  two  spaces  ",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${HOME} must survive the round trip
  dollar: "pa$$word ${HOME} $USER",
  hash: "before # after #",
  newline: "line one\nline two\n",
  single: "it's",
  single_newline: "it's\nmultiline",
  both_quotes: `say "hi" it's`,
  all_three_and_backslash_n: `it's "x" \\n`,
  backslash: "C:\\path\\to\\n",
  unicode: "pässwörd ✓",
  empty: "",
  equals: "a=b=c",
};

let s: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;
let env: Record<string, string>;
const run = (...argv: string[]) => cofre(["kv", "export", ...argv], { env, home: home.dir });

before(async () => {
  s = await startTestServer();
  home = await tempHome();
  env = { COFRE_ADDR: s.addr, COFRE_TOKEN: s.rootToken };
  await addTestBackends(s);
  const w = (path: string, body: unknown) => s.request("POST", path, { token: s.rootToken, body });
  assert.equal((await w("secret/data/tricky", { data: TRICKY })).status, 200);
  assert.equal(
    (await w("secret/data/my_app", { data: { user: "bob", port: 5432, tls: { on: true } } })).status,
    200,
  );
  assert.equal(
    (await w("secret/data/my_app", { data: { user: "alice", port: 5432, tls: { on: true } } })).status,
    200,
  );
  assert.equal((await w("secret/data/clash", { data: { "a-b": "1", a_b: "2" } })).status, 200);
  assert.equal((await w("secret/data/badkey", { data: { "no spaces": "1" } })).status, 200);
  assert.equal((await w("sys/mounts/kv1", { type: "kv" })).status, 204);
  assert.equal((await w("kv1/app", { api_key: "v1-value" })).status, 204);
});
after(async () => {
  await s.close();
  await home.cleanup();
});

describe("kv export -format=dotenv", () => {
  it("round-trips newlines, quotes, $, #, spaces and backslashes through Node's dotenv parser", async () => {
    const r = await run("secret/tricky");
    assert.equal(r.code, 0, r.stderr);
    const want = Object.fromEntries(Object.entries(TRICKY).map(([k, v]) => [k.toUpperCase(), v]));
    assert.deepEqual(parseEnv(r.stdout), want);
  });

  it("refuses what no dotenv quoting can hold, naming the key and not the value", () => {
    assert.throws(() => quoteDotenv("K", "a\r\nb"), /K holds a carriage return/);
    assert.throws(() => quoteDotenv("K", "'\"`"), /K holds ', " and ` at once/);
  });

  it("uses the cofre run names (prefix, UPPER_SNAKE; JSON for non-strings) and refuses collisions", async () => {
    const r = await run("-prefix=APP_", "secret/my_app");
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(parseEnv(r.stdout), { APP_PORT: "5432", APP_TLS: '{"on":true}', APP_USER: "alice" });
    const clash = await run("secret/clash");
    assert.equal(clash.code, 1);
    assert.match(
      clash.stderr,
      /secret\/clash#a-b and secret\/clash#a_b both map to the environment variable A_B/,
    );
  });
});

describe("kv export: json, yaml, versions, v1", () => {
  it("prints the data as JSON or YAML with its types; -version picks a version; v1 works", async () => {
    const json = await run("-format=json", "secret/my_app");
    assert.deepEqual(JSON.parse(json.stdout), { user: "alice", port: 5432, tls: { on: true } });
    const yaml = await run("-format=yaml", "-version=1", "secret/my_app");
    assert.deepEqual(parseYaml(yaml.stdout), { user: "bob", port: 5432, tls: { on: true } });
    const v1 = await run("kv1/app");
    assert.equal(v1.stdout, "API_KEY=v1-value\n");
  });
});

describe("kv export -format=k8s-secret", () => {
  it("prints an Opaque Secret with base64 data, and warns on stderr that base64 is not encryption", async () => {
    const r = await run("-format=k8s-secret", "-k8s-namespace=prod", "secret/my_app");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /base64-encodes its values; that is not encryption/);
    const m = parseYaml(r.stdout);
    assert.equal(m.apiVersion, "v1");
    assert.equal(m.kind, "Secret");
    assert.equal(m.type, "Opaque");
    assert.deepEqual(m.metadata, { name: "my-app", namespace: "prod" });
    const decoded = Object.fromEntries(
      Object.entries(m.data as Record<string, string>).map(([k, v]) => [
        k,
        Buffer.from(v, "base64").toString(),
      ]),
    );
    assert.deepEqual(decoded, { port: "5432", tls: '{"on":true}', user: "alice" });
    assert.ok(!r.stdout.includes("alice"), "values appear only base64-encoded");
    const named = await run("-format=k8s-secret", "-name=web-creds", "secret/tricky");
    assert.equal(parseYaml(named.stdout).metadata.name, "web-creds");
    assert.equal(Buffer.from(parseYaml(named.stdout).data.newline, "base64").toString(), TRICKY.newline);
  });
});

describe("kv export: bad input", () => {
  const cases: Array<[string[], number, RegExp]> = [
    [
      ["-format=xml", "secret/my_app"],
      1,
      /^Error: invalid value for -format: "xml" \(use dotenv, json, yaml, k8s-secret\)\n$/,
    ],
    [["secret/absent"], 2, /^No value found at secret\/absent\n$/],
    [[], 1, /Not enough arguments/],
    [["-format=k8s-secret", "-name=Bad_Name", "secret/my_app"], 1, /invalid -name "Bad_Name"/],
    [["-format=k8s-secret", "secret/badkey"], 1, /key "no spaces" is not a valid Kubernetes Secret key/],
    [["database/creds/app"], 1, /database\/creds\/app is a dynamic secret/],
  ];
  for (const [argv, code, stderr] of cases) {
    it(`${argv.join(" ") || "(no path)"} -> exit ${code}`, async () => {
      const r = await run(...argv);
      assert.equal(r.code, code, r.stderr);
      assert.match(r.stderr, stderr);
      assert.equal(r.stdout, "");
    });
  }

  it("a token without read access gets 403, exit 2", async () => {
    const token = await tokenWith(s, ["default"]);
    const r = await cofre(["kv", "export", "secret/my_app"], {
      env: { ...env, COFRE_TOKEN: token },
      home: home.dir,
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^Error reading secret\/my_app: Code: 403/);
  });
});
