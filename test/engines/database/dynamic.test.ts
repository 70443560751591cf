/**
 * Dynamic PostgreSQL credentials end to end: a policy-bound token gets a user that can SELECT but
 * not INSERT; revocation, expiry and unmounting drop it (sessions first); bad roles and bad SQL
 * leave nothing behind; a failing revocation is retried and reported until it succeeds.
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
  roleExists,
} from "./helpers.js";

const pg = usePostgres();
const clock = new ManualClock(Date.now());
const ROOT_PASSWORD = "root-Initial-pw-1";
let s: TestServer;
let root: string;

before(async () => {
  if (pg.skip) return;
  await preparePostgres(await pg.ready(), ROOT_PASSWORD);
  await pg
    .server()
    .query(`CREATE TABLE rollback_log (name text); ALTER TABLE rollback_log OWNER TO cofre_root`);
  s = await startTestServer({ kv: false, clock });
  root = s.rootToken;
  await configure(s.request, root, pg.server(), ROOT_PASSWORD);
  const r = await s.request("POST", "database/roles/readonly", {
    token: root,
    body: { db_name: "pg", creation_statements: READONLY_CREATION, default_ttl: "1h", max_ttl: "24h" },
  });
  assert.equal(r.status, 204, r.text);
});
after(async () => {
  await s?.close();
});

const tick = () => s.core.tokens.expiration.tick();
const lookup = (leaseId: string) =>
  s.request("PUT", "sys/leases/lookup", { token: root, body: { lease_id: leaseId } });

async function creds(role: string, token = root) {
  const r = await s.request("GET", `database/creds/${role}`, { token });
  assertEnvelope(r);
  return {
    leaseId: r.body.lease_id as string,
    username: r.body.data.username as string,
    password: r.body.data.password as string,
    body: r.body,
  };
}

test("a token with read on database/creds/readonly gets a user that can SELECT but not INSERT; revoking drops it", {
  skip: pg.skip,
}, async () => {
  await writePolicy(s, "db-readonly", 'path "database/creds/readonly" { capabilities = ["read"] }');
  const app = await tokenWith(s, ["db-readonly"]);
  const c = await creds("readonly", app);
  assert.match(c.leaseId, /^database\/creds\/readonly\/[A-Za-z0-9]+$/);
  assert.equal(c.body.renewable, true);
  assert.equal(c.body.lease_duration, 3600);
  assert.deepEqual(Object.keys(c.body.data).sort(), ["password", "username"]);
  assert.match(c.username, /^v-token-readonly-[A-Za-z0-9]{20}-\d+$/);
  assert.equal(c.password.length, 20);

  const db = await pg.server().connect(c.username, c.password);
  const rows = await db.query("SELECT count(*)::int AS n FROM items");
  assert.equal(rows.rows[0].n, 2);
  await assert.rejects(db.query("INSERT INTO items VALUES (3, 'three')"), { code: "42501" });

  assertDenied(await s.request("GET", "database/creds/other", { token: app }));
  assertDenied(await s.request("GET", "database/roles/readonly", { token: app }));
  assertDenied(await s.request("PUT", "sys/leases/revoke", { token: app, body: { lease_id: c.leaseId } }));
  const nobody = await tokenWith(s, ["default"]);
  assertDenied(await s.request("GET", "database/creds/readonly", { token: nobody }));
  assert.ok(await roleExists(pg.server(), c.username), "the refused calls dropped nothing");

  const r = await s.request("PUT", "sys/leases/revoke", { token: root, body: { lease_id: c.leaseId } });
  assert.equal(r.status, 204, r.text);
  assert.equal(await roleExists(pg.server(), c.username), false, "the role is gone from pg_roles");
  assert.equal(await pg.server().canLogin(c.username, c.password), false, "the login fails");
  await assert.rejects(db.query("SELECT 1"), "the open session was terminated");
  await db.end().catch(() => {});
  assertBadRequest(await lookup(c.leaseId), "invalid lease");
});

test("an expired lease is revoked by the expiration manager: the user is dropped", {
  skip: pg.skip,
}, async () => {
  const c = await creds("readonly");
  assert.ok(await pg.server().canLogin(c.username, c.password));
  clock.advance(3599_000);
  assert.deepEqual(await tick(), { revoked: 0, failed: 0 });
  assert.ok(await roleExists(pg.server(), c.username));
  clock.advance(2_000);
  assert.deepEqual(await tick(), { revoked: 1, failed: 0 });
  assert.equal(await roleExists(pg.server(), c.username), false);
  assert.equal(await pg.server().canLogin(c.username, c.password), false);
});

test("renew extends the lease and the user's VALID UNTIL, capped by the role's max_ttl", {
  skip: pg.skip,
}, async () => {
  const c = await creds("readonly");
  const until = async () =>
    (
      await pg
        .server()
        .query("SELECT extract(epoch FROM rolvaliduntil)::bigint AS t FROM pg_roles WHERE rolname = $1", [
          c.username,
        ])
    ).rows[0].t as string;
  const first = Number(await until());
  assert.ok(Math.abs(first - (clock.now() / 1000 + 3605)) < 5, "valid until the lease end plus a margin");
  clock.advance(600_000);
  const r = await s.request("PUT", "sys/leases/renew", {
    token: root,
    body: { lease_id: c.leaseId, increment: "2h" },
  });
  assertEnvelope(r);
  assert.equal(r.body.lease_duration, 7200);
  const second = Number(await until());
  assert.ok(Math.abs(second - (clock.now() / 1000 + 7205)) < 5, `renewed VALID UNTIL ${second}`);
  const capped = await s.request("PUT", "sys/leases/renew", {
    token: root,
    body: { lease_id: c.leaseId, increment: "48h" },
  });
  assert.equal(capped.body.lease_duration, 24 * 3600 - 600, "max_ttl 24h from issue");
  assert.ok(await pg.server().canLogin(c.username, c.password));
  assert.equal(
    (await s.request("PUT", "sys/leases/revoke", { token: root, body: { lease_id: c.leaseId } })).status,
    204,
  );
});

test("bad input: unknown role, role not in allowed_roles, malformed roles are 400 and create nothing", {
  skip: pg.skip,
}, async () => {
  const before = (await pg.server().query("SELECT count(*)::int AS n FROM pg_roles")).rows[0].n;
  assertBadRequest(await s.request("GET", "database/creds/nope", { token: root }), "unknown role: nope");
  const w = await s.request("POST", "database/roles/outsider", {
    token: root,
    body: { db_name: "pg", creation_statements: READONLY_CREATION },
  });
  assert.equal(w.status, 204, w.text);
  assertBadRequest(
    await s.request("GET", "database/creds/outsider", { token: root }),
    '"outsider" is not an allowed role',
  );

  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ db_name: "pg" }, /empty creation statements/],
    [{ creation_statements: READONLY_CREATION }, /database name is required/],
    [
      { db_name: "pg", creation_statements: ['CREATE ROLE "{{nmae}}"'] },
      /unknown template placeholder \{\{nmae\}\}/,
    ],
    [
      { db_name: "pg", creation_statements: ["CREATE ROLE \"{{name}}\" PASSWORD 'x{{password}}'"] },
      /whole quoted value/,
    ],
    [
      { db_name: "pg", creation_statements: ['CREATE ROLE "{{name}}" PASSWORD \'{{password}}'] },
      /unterminated/,
    ],
    [
      {
        db_name: "pg",
        creation_statements: READONLY_CREATION,
        revocation_statements: ["ALTER ROLE {{name}} PASSWORD '{{password}}'"],
      },
      /revocation_statements: .*no value/,
    ],
    [
      { db_name: "pg", creation_statements: READONLY_CREATION, default_ttl: "2h", max_ttl: "1h" },
      /default_ttl cannot be greater than max_ttl/,
    ],
    [{ db_name: "pg", creation_statements: READONLY_CREATION, default_ttl: "forever" }, /default_ttl/],
    [
      { db_name: "pg", creation_statements: READONLY_CREATION, credential_type: "rsa_private_key" },
      /unsupported credential_type/,
    ],
    [{ db_name: "pg", creation_statements: { sql: 1 } }, /creation_statements/],
    [
      { db_name: "pg", creation_statements: READONLY_CREATION, username_template: "{{ .Nope }}" },
      /invalid username_template/,
    ],
  ];
  for (const [body, message] of bad) {
    assertBadRequest(await s.request("POST", "database/roles/custom-bad", { token: root, body }), message);
  }
  assert.equal((await s.request("GET", "database/roles/custom-bad", { token: root })).status, 404);
  assert.equal((await pg.server().query("SELECT count(*)::int AS n FROM pg_roles")).rows[0].n, before);
});

test("bad SQL in creation_statements: a clear error, the transaction rolled back, rollback_statements run", {
  skip: pg.skip,
}, async () => {
  const w = await s.request("POST", "database/roles/broken", {
    token: root,
    body: {
      db_name: "pg",
      creation_statements: [READONLY_CREATION[0], 'GRANT SELEC ON items TO "{{name}}";'],
      rollback_statements: ["INSERT INTO rollback_log (name) VALUES ('{{name}}');"],
    },
  });
  assert.equal(w.status, 204, w.text);
  const r = await s.request("GET", "database/creds/broken", { token: root });
  assertBadRequest(r, /^creation statements failed: unrecognized privilege type "selec" \(SQLSTATE 42601\)$/);
  const left = await pg
    .server()
    .query(
      "SELECT rolname FROM pg_roles WHERE rolname LIKE 'v-token-broken-%' OR rolname LIKE 'v-root-broken-%'",
    );
  assert.equal(left.rowCount, 0, "no half-created user");
  const log = await pg.server().query<{ name: string }>("SELECT name FROM rollback_log");
  assert.equal(log.rowCount, 1);
  assert.match(log.rows[0]?.name ?? "", /^v-root-broken-/);
});

test("a failing revocation stays pending, is retried with back-off and reported, and succeeds once fixed", {
  skip: pg.skip,
}, async () => {
  const role = {
    db_name: "pg",
    creation_statements: READONLY_CREATION,
    revocation_statements: ["DROP ROLE {{name}} BOGUS;"],
  };
  assert.equal(
    (await s.request("POST", "database/roles/custom-stuck", { token: root, body: role })).status,
    204,
  );
  const c = await creds("custom-stuck");
  const r = await s.request("PUT", "sys/leases/revoke", { token: root, body: { lease_id: c.leaseId } });
  assertBadRequest(r, /^revocation statements failed: syntax error at or near "BOGUS"/);
  assert.equal((await lookup(c.leaseId)).status, 200, "the lease is kept");
  assert.ok(await roleExists(pg.server(), c.username));
  assert.equal(await pg.server().canLogin(c.username, c.password), false, "but it can no longer log in");

  const mgr = s.core.tokens.expiration;
  for (const delay of [10, 20, 40, 80, 160]) {
    clock.advance(delay * 1000 - 1000);
    assert.deepEqual(await tick(), { revoked: 0, failed: 0 }, `not retried before ${delay} s`);
    clock.advance(1000);
    assert.deepEqual(await tick(), { revoked: 0, failed: 1 }, `retried after ${delay} s`);
  }
  const reported = mgr.failedRevocations().find((f) => f.leaseId === c.leaseId);
  assert.ok(reported, "reported after 6 failures");
  assert.equal(reported.failures, 6);
  assert.match(reported.lastError, /revocation statements failed/);
  assert.ok(!reported.lastError.includes(c.password));

  const fix = await s.request("POST", "database/roles/custom-stuck", {
    token: root,
    body: { revocation_statements: [] },
  });
  assert.equal(fix.status, 204, fix.text);
  clock.advance(320_000);
  assert.deepEqual(await tick(), { revoked: 1, failed: 0 });
  assert.equal(await roleExists(pg.server(), c.username), false);
  assert.equal(mgr.failedRevocations().length, 0);
});

test("revoke-prefix drops every user of a role; revoke-force forgets a lease whose user cannot be dropped", {
  skip: pg.skip,
}, async () => {
  const a = await creds("readonly");
  const b = await creds("readonly");
  const r = await s.request("PUT", "sys/leases/revoke-prefix/database/creds/readonly", { token: root });
  assert.equal(r.status, 204, r.text);
  assert.equal(await roleExists(pg.server(), a.username), false);
  assert.equal(await roleExists(pg.server(), b.username), false);

  const role = {
    db_name: "pg",
    creation_statements: READONLY_CREATION,
    revocation_statements: ["DROP ROLE {{name}} BOGUS;"],
  };
  assert.equal(
    (await s.request("POST", "database/roles/custom-stuck2", { token: root, body: role })).status,
    204,
  );
  const c = await creds("custom-stuck2");
  const forced = await s.request("PUT", "sys/leases/revoke-force/database/creds/custom-stuck2", {
    token: root,
  });
  assert.equal(forced.status, 204, forced.text);
  assertBadRequest(await lookup(c.leaseId), "invalid lease");
  assert.ok(await roleExists(pg.server(), c.username), "forcing forgets the lease; the user stays (NOLOGIN)");
  assert.equal(await pg.server().canLogin(c.username, c.password), false);
});

test("unmounting revokes every lease (drops the users) and closes the pool", { skip: pg.skip }, async () => {
  const a = await creds("readonly");
  const b = await creds("readonly");
  assert.ok((await cofreSessions(pg.server())) > 0);
  const r = await s.request("DELETE", "sys/mounts/database", { token: root });
  assert.equal(r.status, 204, r.text);
  assert.equal(await roleExists(pg.server(), a.username), false);
  assert.equal(await roleExists(pg.server(), b.username), false);
  assert.equal(await cofreSessionsAfterClose(pg.server()), 0, "no connection left open");
});
