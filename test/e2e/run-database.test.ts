/**
 * Issue 8 with issue 6: `cofre run --path=database/creds/readonly -- app` (the real CLI as a child
 * process) gives the app a brand-new PostgreSQL user it can query with, and the user is dropped
 * when the app exits, because cofre revokes the lease.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { configure, preparePostgres, READONLY_CREATION, roleExists } from "../engines/database/helpers.js";
import { usePostgres } from "../helpers/postgres.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { cofreRun } from "./cofre-run.js";

const pg = usePostgres();
const ROOT_PASSWORD = "root-Initial-pw-2";
let s: TestServer;

before(async () => {
  if (pg.skip) return;
  await preparePostgres(await pg.ready(), ROOT_PASSWORD);
  s = await startTestServer({ kv: false });
  await configure(s.request, s.rootToken, pg.server(), ROOT_PASSWORD);
  const r = await s.request("POST", "database/roles/readonly", {
    token: s.rootToken,
    body: { db_name: "pg", creation_statements: READONLY_CREATION, default_ttl: "1h", max_ttl: "24h" },
  });
  assert.equal(r.status, 204, r.text);
});
after(async () => {
  await s?.close();
});

test("the app connects with its own database user, which is gone once the app exits", {
  skip: pg.skip,
}, async () => {
  const server = pg.server();
  // The app: connects with the injected USERNAME/PASSWORD, reads a row, prints its user (reversed,
  // since cofre masks every injected value, the user name too) and the password, then exits.
  const app = [
    "const { Client } = require('pg');",
    `const c = new Client({ host: ${JSON.stringify(server.host)}, port: ${server.port}, database: 'postgres',`,
    "  user: process.env.USERNAME, password: process.env.PASSWORD });",
    "c.connect().then(() => c.query('SELECT name FROM items WHERE id = 1')).then((r) => {",
    "  console.log('resu=' + [...process.env.USERNAME].reverse().join('') + ' user=' + process.env.USERNAME + ' row=' + r.rows[0].name + ' pw=' + process.env.PASSWORD);",
    "  return c.end(); }).catch((e) => { console.error(e.message); process.exit(5); });",
  ].join("\n");
  const { code, stdout, stderr } = await cofreRun(s, "database/creds/readonly", app).exited;
  assert.equal(code, 0, stderr);
  const m = /^resu=(\S+) user=(\S+) row=one pw=(\S+)$/m.exec(stdout);
  assert.ok(m, stdout);
  const username = [...m[1]].reverse().join("");
  assert.deepEqual([m[2], m[3]], ["***", "***"], "the user name and password are masked in the app's output");
  assert.match(username, /^v-root-readonly-/);
  assert.equal(await roleExists(server, username), false, "the user is dropped when the app exits");
  const leases = await s.request("LIST", "sys/leases/lookup/database/creds/readonly/", {
    token: s.rootToken,
  });
  assert.equal(leases.status, 404, "no lease is left");
});
