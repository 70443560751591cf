import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { cofre, tempHome } from "./harness.js";

let s: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;
const run = (argv: string[], stdin?: string, token = s.rootToken) =>
  cofre(argv, { env: { COFRE_ADDR: s.addr, COFRE_TOKEN: token }, home: home.dir, stdin });

before(async () => {
  s = await startTestServer({ kv: false });
  home = await tempHome();
});
after(async () => {
  await s.close();
  await home.cleanup();
});

test("auth enable, list, tune and disable talk to sys/auth like Vault's CLI", async () => {
  const e = await run([
    "auth",
    "enable",
    "-path=apps",
    "-description=Service logins",
    "-default-lease-ttl=30m",
    "-max-lease-ttl=2h",
    "-listing-visibility=unauth",
    "-token-type=default-batch",
    "approle",
  ]);
  assert.equal(e.code, 0, e.stderr);
  assert.equal(e.stdout, "Success! Enabled approle auth method at: apps/\n");
  const info = (await s.request("GET", "sys/auth", { token: s.rootToken })).body.data["apps/"];
  assert.equal(info.type, "approle");
  assert.equal(info.description, "Service logins");
  assert.equal(info.config.default_lease_ttl, 1800);
  assert.equal(info.config.max_lease_ttl, 7200);
  assert.equal(info.config.listing_visibility, "unauth");
  assert.equal(info.config.token_type, "default-batch");

  assert.equal(
    (await run(["auth", "enable", "userpass"])).stdout,
    "Success! Enabled userpass auth method at: userpass/\n",
  );
  const list = await run(["auth", "list"]);
  assert.equal(list.code, 0, list.stderr);
  const lines = list.stdout.trimEnd().split("\n");
  assert.match(lines[0], /^Path +Type +Accessor +Description$/);
  assert.match(lines[2], /^apps\/ +approle +auth_approle_[0-9a-f]{8} +Service logins$/);
  assert.match(lines[3], /^token\/ +token +auth_token_[0-9a-f]{8} +token based credentials$/);
  assert.match(lines[4], /^userpass\/ +userpass +auth_userpass_[0-9a-f]{8} +n\/a$/);
  const detailed = (await run(["auth", "list", "-detailed"])).stdout;
  assert.match(
    detailed.split("\n")[0],
    /^Path +Plugin +Accessor +Default TTL +Max TTL +Token Type +Replication/,
  );
  assert.match(detailed, /apps\/ +approle +auth_approle_\w+ +1800 +7200 +default-batch +replicated/);
  const json = JSON.parse((await run(["auth", "list", "-format=json"])).stdout);
  assert.deepEqual(Object.keys(json).sort(), ["apps/", "token/", "userpass/"]);

  const t = await run([
    "auth",
    "tune",
    "-default-lease-ttl=1h",
    "-description=Apps",
    "-token-type=service",
    "apps/",
  ]);
  assert.equal(t.code, 0, t.stderr);
  assert.equal(t.stdout, "Success! Tuned the auth method at: apps/\n");
  const tuned = (await s.request("GET", "sys/auth/apps/tune", { token: s.rootToken })).body.data;
  assert.equal(tuned.default_lease_ttl, 3600);
  assert.equal(tuned.description, "Apps");
  assert.equal(tuned.token_type, "service");
  const reset = await run(["auth", "tune", "-max-lease-ttl=system", "apps"]);
  assert.equal(reset.code, 0, reset.stderr);

  const d = await run(["auth", "disable", "userpass/"]);
  assert.equal(d.stdout, "Success! Disabled the auth method (if it existed) at: userpass/\n");
  assert.equal(
    (await s.request("GET", "sys/auth", { token: s.rootToken })).body.data["userpass/"],
    undefined,
  );
});

test("auth commands: bad input fails locally (exit 1), refusals remotely (exit 2)", async () => {
  assert.equal((await run(["auth", "enable"])).stderr, "Error: Not enough arguments (expected 1, got 0)\n");
  const ttl = await run(["auth", "enable", "-default-lease-ttl=soon", "approle"]);
  assert.equal(ttl.code, 1);
  assert.match(ttl.stderr, /invalid duration for -default-lease-ttl/);
  const unknown = await run(["auth", "enable", "no-such-method"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^Error enabling no-such-method auth: /);
  const tune = await run(["auth", "tune", "-token-type=sideways", "apps"]);
  assert.equal(tune.code, 2);
  assert.match(tune.stderr, /^Error tuning auth method apps\/: .*token_type/);
  const noToken = await run(["auth", "list"], undefined, "not-a-token");
  assert.equal(noToken.code, 2);
  assert.match(noToken.stderr, /^Error listing enabled authentications: .*permission denied/);
  assert.equal((await run(["auth", "disable", "token"])).code, 2);
});

test("cofre login -method=approle reads the secret_id from stdin and stores a working token", async () => {
  await run(["auth", "enable", "approle"]);
  await s.request("POST", "auth/approle/role/ci", { token: s.rootToken, body: { token_policies: "ci" } });
  const roleId = (await s.request("GET", "auth/approle/role/ci/role-id", { token: s.rootToken })).body.data
    .role_id;
  const secretId = (
    await s.request("POST", "auth/approle/role/ci/secret-id", { token: s.rootToken, body: {} })
  ).body.data.secret_id as string;
  const h = await tempHome();
  try {
    const r = await cofre(["login", "-method=approle", `role_id=${roleId}`, "secret_id=-"], {
      env: { COFRE_ADDR: s.addr },
      home: h.dir,
      stdin: `${secretId}\n`,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Success! You are now authenticated/);
    assert.match(r.stdout, /token_policies +\["ci" "default"\]/);
    assert.match(r.stdout, /token_meta_role_name +ci/);
    assert.ok(!r.stdout.includes(secretId) && !r.stderr.includes(secretId));
    const token = (await readFile(join(h.dir, ".cofre-token"), "utf8")).trim();
    assert.ok(!r.stdout.includes(token));
    const self = await s.request("GET", "auth/token/lookup-self", { token });
    assert.deepEqual(self.body.data.policies, ["ci", "default"]);

    const wrong = await cofre(["login", "-method=approle", `role_id=${roleId}`, "secret_id=wrong"], {
      env: { COFRE_ADDR: s.addr },
      home: h.dir,
    });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /^Error authenticating: .*invalid role or secret ID/);
    const missing = await cofre(["login", "-method=approle", "secret_id=x"], {
      env: { COFRE_ADDR: s.addr },
      home: h.dir,
    });
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, "Error: role_id=ID is required\n");
  } finally {
    await h.cleanup();
  }
});

test("the operator side of the AppRole recipe works from the CLI", async () => {
  await run(["auth", "enable", "-path=svc", "approle"]);
  const w = await run(["write", "auth/svc/role/billing", "token_policies=billing", "secret_id_num_uses=1"]);
  assert.equal(w.code, 0, w.stderr);
  const id = await run(["read", "-field=role_id", "auth/svc/role/billing/role-id"]);
  assert.equal(id.code, 0, id.stderr);
  assert.match(id.stdout, /^[0-9a-f-]{36}$/);
  const secret = await run(["write", "-force", "-field=secret_id", "auth/svc/role/billing/secret-id"]);
  assert.equal(secret.code, 0, secret.stderr);
  const tidy = await run(["write", "-force", "auth/svc/tidy/secret-id"]);
  assert.equal(tidy.code, 0, tidy.stderr);
  assert.match(tidy.stderr, /Tidy operation successfully started/);
  const h = await tempHome();
  try {
    const login = await cofre(
      ["login", "-method=approle", "-path=svc", `role_id=${id.stdout}`, "secret_id=-"],
      {
        env: { COFRE_ADDR: s.addr },
        home: h.dir,
        stdin: secret.stdout,
      },
    );
    assert.equal(login.code, 0, login.stderr);
  } finally {
    await h.cleanup();
  }
});
