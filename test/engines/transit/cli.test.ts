/** The generic CLI drives transit against a real server: `cofre write transit/...` and `cofre read`. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { cofre, tempHome } from "../../cli/harness.js";
import { b64, startTransit, type TransitServer } from "./helpers.js";

let t: TransitServer;
let home: Awaited<ReturnType<typeof tempHome>>;
before(async () => {
  t = await startTransit();
  home = await tempHome();
});
after(async () => {
  await t.close();
  await home.cleanup();
});

const run = (argv: string[]) =>
  cofre(argv, { env: { VAULT_ADDR: t.server.addr, VAULT_TOKEN: t.server.rootToken }, home: home.dir });

test("cofre write transit/keys, encrypt and decrypt; cofre read transit/keys", async () => {
  assert.equal((await run(["write", "transit/keys/cli", "type=chacha20-poly1305"])).code, 0);
  const enc = await run(["write", "-format=json", "transit/encrypt/cli", `plaintext=${b64("from the cli")}`]);
  assert.equal(enc.code, 0, enc.stderr);
  const ciphertext = JSON.parse(enc.stdout).data.ciphertext;
  assert.match(ciphertext, /^vault:v1:/);
  const dec = await run(["write", "-field=plaintext", "transit/decrypt/cli", `ciphertext=${ciphertext}`]);
  assert.equal(dec.code, 0, dec.stderr);
  assert.equal(Buffer.from(dec.stdout.trim(), "base64").toString(), "from the cli");
  const read = await run(["read", "-format=json", "transit/keys/cli"]);
  assert.equal(JSON.parse(read.stdout).data.type, "chacha20-poly1305");
  const bad = await run(["write", "transit/decrypt/cli", "ciphertext=vault:v1:AAAA"]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /invalid ciphertext length/);
});
