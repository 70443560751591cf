import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { cofre, tempHome } from "../../cli/harness.js";
import { startTestServer, type TestServer } from "../../helpers/server.js";
import { rsaKey, sign } from "./issuer.js";

const clock = new ManualClock(Date.now());
const rsa = rsaKey("cli");
let s: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;

const jwt = (aud = "cofre") => {
  const now = Math.floor(clock.now() / 1000);
  return sign(rsa, { sub: "pipeline-7", aud, iat: now, exp: now + 300 });
};

before(async () => {
  s = await startTestServer({ clock, kv: false });
  home = await tempHome();
  const root = { token: s.rootToken };
  await s.request("POST", "sys/auth/jwt", { ...root, body: { type: "jwt" } });
  await s.request("POST", "auth/jwt/config", { ...root, body: { jwt_validation_pubkeys: rsa.publicPem } });
  const r = await s.request("POST", "auth/jwt/role/ci", {
    ...root,
    body: { role_type: "jwt", user_claim: "sub", bound_audiences: "cofre", token_policies: "ci" },
  });
  assert.equal(r.status, 204, r.text);
});
after(async () => {
  await s.close();
  await home.cleanup();
});

test("cofre login -method=jwt reads the JWT from stdin or a file and stores a working token", async () => {
  const env = { COFRE_ADDR: s.addr };
  const token1 = await jwt();
  const r = await cofre(["login", "-method=jwt", "role=ci", "jwt=-"], {
    env,
    home: home.dir,
    stdin: `${token1}\n`,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Success! You are now authenticated/);
  assert.ok(!r.stdout.includes(token1) && !r.stderr.includes(token1));
  const stored = (await readFile(join(home.dir, ".cofre-token"), "utf8")).trim();
  assert.deepEqual((await s.request("GET", "auth/token/lookup-self", { token: stored })).body.data.policies, [
    "ci",
    "default",
  ]);
  const file = join(home.dir, "ci.jwt");
  await writeFile(file, `${await jwt()}\n`);
  clock.advance(1000);
  const fromFile = await cofre(["login", "-method=jwt", "-path=jwt", "role=ci", `jwt=@${file}`], {
    env,
    home: home.dir,
  });
  assert.equal(fromFile.code, 0, fromFile.stderr);
});

test("a refused JWT exits 2 with the server's message; a missing jwt= is a usage error", async () => {
  const env = { COFRE_ADDR: s.addr };
  const bad = await jwt("someone-else");
  clock.advance(1000);
  const r = await cofre(["login", "-method=jwt", "role=ci", `jwt=${bad}`], { env, home: home.dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /login refused: the JWT is invalid or not allowed for this role/);
  assert.ok(!r.stderr.includes(bad));
  const missing = await cofre(["login", "-method=jwt", "role=ci"], { env, home: home.dir });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /jwt=JWT is required/);
});
