/**
 * Connections: reads never show the root password (a literal one in the URL is masked), bad
 * configs are refused and stored nowhere, rotate-root leaves only cofre knowing the root password,
 * pools close with their config, password policies and SCRAM verifiers shape new users.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { assertBadRequest, assertDenied, assertEnvelope, writePolicy } from "../../core/http-helpers.js";
import { usePostgres } from "../../helpers/postgres.js";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";
import {
  cofreSessions,
  cofreSessionsAfterClose,
  configure,
  preparePostgres,
  READONLY_CREATION,
  ROOT_USER,
  roleExists,
  TEMPLATED_URL,
} from "./helpers.js";

const pg = usePostgres();
const ROOT_PASSWORD = "root-Config-pw-2";
let s: TestServer;
let root: string;

before(async () => {
  if (pg.skip) return;
  await preparePostgres(await pg.ready(), ROOT_PASSWORD);
  s = await startTestServer({ kv: false, clock: new ManualClock(Date.now()) });
  root = s.rootToken;
  await configure(s.request, root, pg.server(), ROOT_PASSWORD);
  for (const role of ["readonly", "custom-unverified"]) {
    const db = role === "readonly" ? "pg" : "unverified";
    const r = await s.request("POST", `database/roles/${role}`, {
      token: root,
      body: { db_name: db, creation_statements: READONLY_CREATION, default_ttl: "1h" },
    });
    assert.equal(r.status, 204, r.text);
  }
});
after(async () => {
  await s?.close();
});

const write = (name: string, body: Record<string, unknown>, token = root) =>
  s.request("POST", `database/config/${name}`, { token, body });

async function creds(role = "readonly") {
  const r = await s.request("GET", `database/creds/${role}`, { token: root });
  assertEnvelope(r);
  return {
    username: r.body.data.username as string,
    password: r.body.data.password as string,
    leaseId: r.body.lease_id as string,
  };
}

test("config reads never show the root password; a literal one in connection_url is masked and warned about", {
  skip: pg.skip,
}, async () => {
  const r = await s.request("GET", "database/config/pg", { token: root });
  assertEnvelope(r);
  assert.equal(r.body.data.plugin_name, "postgresql-database-plugin");
  assert.deepEqual(r.body.data.allowed_roles, ["readonly", "static-*", "broken*", "custom*"]);
  assert.equal(r.body.data.connection_details.connection_url, TEMPLATED_URL(pg.server()));
  assert.equal(r.body.data.connection_details.username, ROOT_USER);
  assert.equal(r.body.data.connection_details.max_open_connections, 4);
  assert.ok(!("password" in r.body.data.connection_details));
  assert.ok(!r.text.includes(ROOT_PASSWORD));

  const { host, port } = pg.server();
  const literal = await write("literal", {
    plugin_name: "postgresql-database-plugin",
    connection_url: `postgresql://${ROOT_USER}:${ROOT_PASSWORD}@${host}:${port}/postgres?sslmode=disable`,
    username: ROOT_USER,
  });
  assert.equal(literal.status, 200, literal.text);
  assert.match(literal.body.warnings[0], /Password found in connection_url/);
  const read = await s.request("GET", "database/config/literal", { token: root });
  assert.equal(
    read.body.data.connection_details.connection_url,
    `postgresql://${ROOT_USER}:xxxxx@${host}:${port}/postgres?sslmode=disable`,
  );
  assert.ok(!read.text.includes(ROOT_PASSWORD));
  const list = await s.request("LIST", "database/config", { token: root });
  assert.deepEqual(list.body.data.keys, ["literal", "pg"]);
  assertBadRequest(
    await s.request("POST", "database/rotate-root/literal", { token: root }),
    /literal password/,
  );
  assert.equal((await s.request("DELETE", "database/config/literal", { token: root })).status, 204);
  assert.equal((await s.request("GET", "database/config/literal", { token: root })).status, 404);
});

test("malformed and unverifiable configs are 400, never echo the password, and store nothing", {
  skip: pg.skip,
}, async () => {
  const base = {
    plugin_name: "postgresql-database-plugin",
    connection_url: TEMPLATED_URL(pg.server()),
    username: ROOT_USER,
    password: ROOT_PASSWORD,
  };
  const wrong = "Wrong-pw-never-echoed";
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ ...base, plugin_name: undefined }, /^empty plugin name$/],
    [{ ...base, plugin_name: "oracle-database-plugin" }, /unsupported plugin_name "oracle-database-plugin"/],
    [{ ...base, connection_url: undefined }, /connection_url cannot be empty/],
    [
      { ...base, connection_url: "mysql://{{username}}:{{password}}@h/db" },
      /must start with "postgresql:\/\/"/,
    ],
    [{ ...base, connection_url: "not a url" }, /connection_url must be a URL/],
    [
      { ...base, connection_url: TEMPLATED_URL(pg.server()).replace("sslmode=disable", "sslmode=require") },
      /^error creating database object: .*The server does not support SSL connections/,
    ],
    [
      { ...base, password: wrong },
      /^error creating database object: connection check failed: password authentication failed for user "cofre_root" \(SQLSTATE 28P01\)$/,
    ],
    [{ ...base, max_open_connections: 0 }, /max_open_connections must be between 1 and 1000/],
    [{ ...base, max_open_connections: "many" }, /max_open_connections/],
    [{ ...base, password_policy: "nope" }, /password policy "nope" does not exist/],
    [{ ...base, username_template: "{{ random }}" }, /invalid username_template: random needs an integer/],
    [{ ...base, password_authentication: "md5" }, /password_authentication/],
    [
      { ...base, root_rotation_statements: ["ALTER ROLE {{name}} PASSWORD '{{passwrd}}'"] },
      /unknown template placeholder/,
    ],
  ];
  for (const [body, message] of cases) {
    const r = await write("bad", body);
    assertBadRequest(r, message);
    assert.ok(!r.text.includes(wrong) && !r.text.includes(ROOT_PASSWORD));
  }
  assert.equal((await s.request("GET", "database/config/bad", { token: root })).status, 404);
  assert.equal((await s.request("POST", "database/reset/bad", { token: root })).status, 400);

  // verify_connection=false stores it; using it then fails upstream (502), still without the password.
  const stored = await write("unverified", {
    ...base,
    password: wrong,
    verify_connection: false,
    allowed_roles: "custom-*",
  });
  assert.equal(stored.status, 204, stored.text);
  const r = await s.request("GET", "database/creds/custom-unverified", { token: root });
  assert.equal(r.status, 502, r.text);
  assert.match(r.body.errors[0], /password authentication failed/);
  assert.ok(!r.text.includes(wrong));
});

test("config, reset and rotate-root need their capabilities", { skip: pg.skip }, async () => {
  await writePolicy(s, "db-config-read", 'path "database/config/*" { capabilities = ["read", "list"] }');
  const reader = await tokenWith(s, ["db-config-read"]);
  const r = await s.request("GET", "database/config/pg", { token: reader });
  assert.equal(r.status, 200);
  assert.ok(!r.text.includes(ROOT_PASSWORD));
  assertDenied(await write("pg", { allowed_roles: "*" }, reader));
  assertDenied(await s.request("DELETE", "database/config/pg", { token: reader }));
  assertDenied(await s.request("POST", "database/rotate-root/pg", { token: reader }));
  assertDenied(await s.request("POST", "database/reset/pg", { token: reader }));
  assert.deepEqual((await s.request("GET", "database/config/pg", { token: root })).body.data.allowed_roles, [
    "readonly",
    "static-*",
    "broken*",
    "custom*",
  ]);
});

test("password policies shape new users' passwords; SCRAM verifiers work", { skip: pg.skip }, async () => {
  const policy =
    'length = 32\nrule "charset" {\n  charset = "abcdefghijklmnopqrstuvwxyz"\n  min-chars = 1\n}\nrule "charset" {\n  charset = "0123456789"\n  min-chars = 1\n}';
  assert.equal(
    (await s.request("PUT", "sys/policies/password/db", { token: root, body: { policy } })).status,
    204,
  );
  assert.equal((await write("pg", { password_policy: "db" })).status, 204);
  const c = await creds();
  assert.match(c.password, /^[a-z0-9]{32}$/);
  assert.ok(await pg.server().canLogin(c.username, c.password));

  assert.equal((await write("pg", { password_authentication: "scram-sha-256" })).status, 204);
  const scram = await creds();
  assert.ok(
    await pg.server().canLogin(scram.username, scram.password),
    "the SCRAM verifier matches the password",
  );
  assert.equal(await pg.server().canLogin(scram.username, `${scram.password}x`), false);
  const read = await s.request("GET", "database/config/pg", { token: root });
  assert.equal(read.body.data.connection_details.password_authentication, "scram-sha-256");
  assert.equal(read.body.data.password_policy, "db");
});

test("usernames from a hostile username_template are sanitised and cut to 63 bytes", {
  skip: pg.skip,
}, async () => {
  const w = await s.request("POST", "database/roles/custom-evil", {
    token: root,
    body: {
      db_name: "pg",
      creation_statements: READONLY_CREATION,
      username_template: `evil"; DROP ROLE ${ROOT_USER}; --{{ random 100 }}`,
    },
  });
  assert.equal(w.status, 204, w.text);
  const c = await creds("custom-evil");
  assert.match(c.username, /^evil___DROP_ROLE_cofre_root__--[A-Za-z0-9]+$/);
  assert.equal(c.username.length, 63);
  assert.ok(await roleExists(pg.server(), c.username));
  assert.ok(await roleExists(pg.server(), ROOT_USER));
});

test("rotate-root: the old root password no longer logs in, and cofre still works", {
  skip: pg.skip,
}, async () => {
  assert.ok(await pg.server().canLogin(ROOT_USER, ROOT_PASSWORD));
  const r = await s.request("POST", "database/rotate-root/pg", { token: root });
  assert.equal(r.status, 204, r.text);
  assert.equal(await pg.server().canLogin(ROOT_USER, ROOT_PASSWORD), false, "the old root password is dead");
  const c = await creds();
  assert.ok(await pg.server().canLogin(c.username, c.password), "cofre still creates users");
  const again = await s.request("POST", "database/rotate-root/pg", { token: root });
  assert.equal(again.status, 204, again.text);
  const revoke = await s.request("PUT", "sys/leases/revoke", { token: root, body: { lease_id: c.leaseId } });
  assert.equal(revoke.status, 204, "and still drops them after a second rotation");
  assert.equal(await roleExists(pg.server(), c.username), false);
  const read = await s.request("GET", "database/config/pg", { token: root });
  assert.ok(!("password" in read.body.data.connection_details));
});

test("reset reconnects; deleting a config closes its pool, and its leases stay pending until it is back", {
  skip: pg.skip,
}, async () => {
  const c = await creds();
  assert.equal((await s.request("POST", "database/reset/pg", { token: root })).status, 204);
  assert.ok((await cofreSessions(pg.server())) > 0);
  const saved = (await s.request("GET", "database/config/pg", { token: root })).body.data;
  assert.equal((await s.request("DELETE", "database/config/pg", { token: root })).status, 204);
  assert.equal(await cofreSessionsAfterClose(pg.server()), 0, "the pool is closed");
  const r = await s.request("PUT", "sys/leases/revoke", { token: root, body: { lease_id: c.leaseId } });
  assert.equal(r.status, 502, r.text);
  assert.match(r.body.errors[0], /database configuration "pg" no longer exists/);
  assert.equal(
    (await s.request("PUT", "sys/leases/lookup", { token: root, body: { lease_id: c.leaseId } })).status,
    200,
  );
  assert.ok(await roleExists(pg.server(), c.username));
  // The root password was rotated, so only a superuser can hand cofre a connection again.
  await pg.server().query(`ALTER ROLE ${ROOT_USER} PASSWORD 'root-Restored-pw-3'`);
  const back = await write("pg", {
    plugin_name: saved.plugin_name,
    connection_url: saved.connection_details.connection_url,
    username: saved.connection_details.username,
    password: "root-Restored-pw-3",
    allowed_roles: saved.allowed_roles,
  });
  assert.equal(back.status, 204, back.text);
  assert.equal(
    (await s.request("PUT", "sys/leases/revoke", { token: root, body: { lease_id: c.leaseId } })).status,
    204,
  );
  assert.equal(await roleExists(pg.server(), c.username), false);
});
