import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { cofre, tempHome } from "../../cli/harness.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";

const PASSWORD = "cli-Login-pw-42";
let s: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;

before(async () => {
  s = await startTestServer({ kv: false });
  home = await tempHome();
  await s.request("POST", "sys/auth/userpass", { token: s.rootToken, body: { type: "userpass" } });
  await s.request("POST", "auth/userpass/users/alice", {
    token: s.rootToken,
    body: { password: PASSWORD, token_policies: "dev" },
  });
});
after(async () => {
  await s.close();
  await home.cleanup();
});

test("cofre login -method=userpass reads the password from stdin and stores a working token", async () => {
  const env = { COFRE_ADDR: s.addr };
  const r = await cofre(["login", "-method=userpass", "username=alice"], {
    env,
    home: home.dir,
    stdin: `${PASSWORD}\n`,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Success! You are now authenticated/);
  assert.match(r.stdout, /dev/);
  assert.ok(!r.stdout.includes(PASSWORD) && !r.stderr.includes(PASSWORD));
  const token = (await readFile(join(home.dir, ".cofre-token"), "utf8")).trim();
  assert.ok(!r.stdout.includes(token));
  const self = await s.request("GET", "auth/token/lookup-self", { token });
  assert.deepEqual(self.body.data.policies, ["default", "dev"]);
});

test("a wrong password=... fails with exit 2 and the server's message, storing nothing new", async () => {
  const h = await tempHome();
  try {
    const r = await cofre(["login", "-method=userpass", "username=alice", "password=wrong-one"], {
      env: { COFRE_ADDR: s.addr },
      home: h.dir,
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid username or password/);
    assert.ok(!r.stderr.includes("wrong-one"));
    await assert.rejects(readFile(join(h.dir, ".cofre-token"), "utf8"));
  } finally {
    await h.cleanup();
  }
});
