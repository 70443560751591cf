/**
 * Response wrapping from the CLI, as Vault's: `-wrap-ttl` on any server command wraps the answer
 * in a single-use token; `cofre unwrap TOKEN` (or `-` for stdin, or no argument to use the current
 * token) reads it once.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { cofre, tempHome } from "./harness.js";

let s: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;
const run = (argv: string[], opts: { stdin?: string; token?: string } = {}) =>
  cofre(argv, {
    env: { COFRE_ADDR: s.addr, COFRE_TOKEN: opts.token ?? s.rootToken },
    home: home.dir,
    stdin: opts.stdin,
  });

before(async () => {
  s = await startTestServer();
  home = await tempHome();
  const r = await s.request("POST", "secret/data/app/db", {
    token: s.rootToken,
    body: { data: { password: "wrapped-value-1" } },
  });
  assert.equal(r.status, 200, r.text);
});
after(async () => {
  await s.close();
  await home.cleanup();
});

test("-wrap-ttl wraps a read; unwrap returns it once", async () => {
  const wrapped = await run(["kv", "get", "-wrap-ttl=2m", "-field=wrapping_token", "secret/app/db"]);
  assert.equal(wrapped.code, 0, wrapped.stderr);
  assert.ok(!wrapped.stdout.includes("wrapped-value-1"), "the wrapped answer holds no value");
  const token = wrapped.stdout.trim();
  assert.match(token, /^hvs\./);

  const first = await run(["unwrap", "-field=data", token], { token: "" });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /wrapped-value-1/);
  const again = await run(["unwrap", token], { token: "" });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^Error unwrapping: /);
});

test("a wrapped secret ID for AppRole, handed over on stdin, as the docs' recipe", async () => {
  assert.equal((await run(["auth", "enable", "approle"])).code, 0);
  assert.equal((await run(["write", "auth/approle/role/web", "token_policies=default"])).code, 0);
  const w = await run([
    "write",
    "-f",
    "-wrap-ttl=60s",
    "-field=wrapping_token",
    "auth/approle/role/web/secret-id",
  ]);
  assert.equal(w.code, 0, w.stderr);
  const u = await run(["unwrap", "-field=secret_id", "-"], { stdin: `${w.stdout.trim()}\n`, token: "" });
  assert.equal(u.code, 0, u.stderr);
  assert.match(u.stdout, /^[0-9a-f-]{36}$/);
});

test("unwrap without any token is a usage error; a bad -wrap-ttl is refused by the server", async () => {
  const none = await run(["unwrap"], { token: "" });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no wrapping token/);
  const bad = await run(["read", "-wrap-ttl=soon", "secret/data/app/db"]);
  assert.equal(bad.code, 2);
  assert.doesNotMatch(bad.stdout + bad.stderr, /wrapped-value-1/);
});
