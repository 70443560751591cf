/**
 * Static roles on a SQLite-backed server: the password is rotated when the role is created, at its
 * scheduled time (periodic runner, injected clock) and on rotate-role; the previous password stops
 * working; across a server restart nothing is lost (static passwords, expired leases revoked).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ManualClock } from "../../../src/util/clock.js";
import { createLogger } from "../../../src/util/logger.js";
import { assertBadRequest, assertDenied, assertEnvelope } from "../../core/http-helpers.js";
import { usePostgres } from "../../helpers/postgres.js";
import {
  type CofreNode,
  cofreSessions,
  cofreSessionsAfterClose,
  configure,
  openSqliteNode,
  preparePostgres,
  READONLY_CREATION,
  ROOT_USER,
  roleExists,
} from "./helpers.js";

const pg = usePostgres();
const ROOT_PASSWORD = "root-Static-pw-4";
const clock = new ManualClock(Date.now());
let dir: string;
let node: CofreNode;
let keys: Buffer[];
let root: string;
/** Every server log line of this file, and every password the tests saw. */
const logLines: string[] = [];
const logger = createLogger({ level: "debug", write: (line) => logLines.push(line) });
const seen = new Set<string>();

before(async () => {
  if (pg.skip) return;
  const server = await pg.ready();
  await preparePostgres(server, ROOT_PASSWORD);
  await server.query("CREATE ROLE app_static LOGIN PASSWORD 'initial-static'");
  await server.query("CREATE ROLE app_sched LOGIN PASSWORD 'initial-sched'");
  dir = await mkdtemp(join(tmpdir(), "cofre-db-static-"));
  node = await openSqliteNode(dir, clock, logger);
  const init = await node.core.initialize(1, 1);
  keys = init.keys;
  root = init.rootToken;
  await node.core.unseal(keys);
  await configure(node.request, root, server, ROOT_PASSWORD);
  const r = await node.request("POST", "database/roles/readonly", {
    token: root,
    body: { db_name: "pg", creation_statements: READONLY_CREATION, default_ttl: "1h" },
  });
  assert.equal(r.status, 204, r.text);
});
after(async () => {
  await node?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const req = (method: string, path: string, body?: unknown, token = root) =>
  node.request(method, path, { token, body });
const staticCreds = async (name: string) => {
  const r = await req("GET", `database/static-creds/${name}`);
  assertEnvelope(r);
  seen.add(r.body.data.password);
  return r.body.data;
};

test("a static role takes the user over at once, and rotates at its time; the old password dies", {
  skip: pg.skip,
}, async () => {
  const w = await req("POST", "database/static-roles/static-app", {
    db_name: "pg",
    username: "app_static",
    rotation_period: "1h",
  });
  assert.equal(w.status, 204, w.text);
  assert.equal(
    await pg.server().canLogin("app_static", "initial-static"),
    false,
    "taken over: the old password is gone",
  );
  const first = await staticCreds("static-app");
  assert.deepEqual(Object.keys(first).sort(), [
    "last_vault_rotation",
    "password",
    "rotation_period",
    "ttl",
    "username",
  ]);
  assert.equal(first.username, "app_static");
  assert.equal(first.rotation_period, 3600);
  assert.equal(first.ttl, 3600);
  assert.equal(first.last_vault_rotation, new Date(clock.now()).toISOString());
  assert.ok(await pg.server().canLogin("app_static", first.password));

  clock.advance(59 * 60_000);
  await node.core.periodic.runOnce();
  const early = await staticCreds("static-app");
  assert.equal(early.password, first.password, "not rotated before its time");
  assert.equal(early.ttl, 60);

  clock.advance(2 * 60_000);
  await node.core.periodic.runOnce();
  const second = await staticCreds("static-app");
  assert.notEqual(second.password, first.password);
  assert.equal(second.ttl, 3600);
  assert.equal(
    await pg.server().canLogin("app_static", first.password),
    false,
    "the previous password stops working",
  );
  assert.ok(await pg.server().canLogin("app_static", second.password));

  assert.equal((await req("POST", "database/rotate-role/static-app")).status, 204);
  const third = await staticCreds("static-app");
  assert.notEqual(third.password, second.password);
  assert.equal(await pg.server().canLogin("app_static", second.password), false);
  assert.ok(await pg.server().canLogin("app_static", third.password));

  const role = await req("GET", "database/static-roles/static-app");
  assertEnvelope(role);
  assert.equal(role.body.data.username, "app_static");
  assert.equal(role.body.data.rotation_period, 3600);
  assert.ok(!role.text.includes(third.password), "the role read does not show the password");
  assert.deepEqual((await req("LIST", "database/static-roles")).body.data.keys, ["static-app"]);
});

test("a cron rotation_schedule rotates at the scheduled minute (UTC)", { skip: pg.skip }, async () => {
  const w = await req("POST", "database/static-roles/static-sched", {
    db_name: "pg",
    username: "app_sched",
    rotation_schedule: "30 3 * * *",
    rotation_window: "1h",
  });
  assert.equal(w.status, 204, w.text);
  const first = await staticCreds("static-sched");
  assert.equal(first.rotation_schedule, "30 3 * * *");
  assert.equal(first.rotation_window, 3600);
  const next = new Date(
    (await req("GET", "database/static-roles/static-sched")).body.data.next_vault_rotation,
  );
  assert.equal(next.getUTCHours(), 3);
  assert.equal(next.getUTCMinutes(), 30);
  assert.ok(next.getTime() > clock.now() && next.getTime() <= clock.now() + 24 * 3600_000);
  assert.equal(first.ttl, Math.floor((next.getTime() - clock.now()) / 1000));

  clock.set(next.getTime() - 1000);
  await node.core.periodic.runOnce();
  assert.equal((await staticCreds("static-sched")).password, first.password);
  clock.set(next.getTime() + 1000);
  await node.core.periodic.runOnce();
  const second = await staticCreds("static-sched");
  assert.notEqual(second.password, first.password);
  assert.equal(await pg.server().canLogin("app_sched", first.password), false);
  assert.ok(await pg.server().canLogin("app_sched", second.password));
  assert.equal(second.ttl, 24 * 3600 - 1);
});

test("bad static roles are 400 and change nothing; a failed rotation keeps the working password", {
  skip: pg.skip,
}, async () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [
      { db_name: "pg", username: "app_static", rotation_period: "1h", rotation_schedule: "@daily" },
      /mutually exclusive/,
    ],
    [
      { db_name: "pg", username: "app_static", rotation_period: "2s" },
      /rotation_period must be 5 seconds or more/,
    ],
    [{ db_name: "pg", username: "app_static", rotation_schedule: "61 * * * *" }, /invalid rotation_schedule/],
    [{ db_name: "pg", username: "app_static", rotation_schedule: "0 0 30 2 *" }, /never matches/],
    [{ db_name: "pg", username: "app_static" }, /one of rotation_schedule or rotation_period/],
    [{ db_name: "pg", rotation_period: "1h" }, /username is a required field/],
    [{ username: "app_static", rotation_period: "1h" }, /database name is a required field/],
    [
      { db_name: "pg", username: ROOT_USER, rotation_period: "1h" },
      /cannot manage the connection's own \(root\) user/,
    ],
    [
      { db_name: "pg", username: "no_such_user", rotation_period: "1h" },
      /rotation statements failed: role "no_such_user" does not exist/,
    ],
    [
      { db_name: "nowhere", username: "app_static", rotation_period: "1h" },
      /database configuration "nowhere" does not exist/,
    ],
  ];
  for (const [body, message] of cases)
    assertBadRequest(await req("POST", "database/static-roles/static-bad", body), message);
  assert.equal((await req("GET", "database/static-roles/static-bad")).status, 404);
  assertBadRequest(
    await req("POST", "database/static-roles/outside", {
      db_name: "pg",
      username: "app_static",
      rotation_period: "1h",
    }),
    '"outside" is not an allowed role',
  );
  assertBadRequest(
    await req("POST", "database/static-roles/readonly", {
      db_name: "pg",
      username: "app_static",
      rotation_period: "1h",
    }),
    "Role and Static Role names must be unique",
  );
  assertBadRequest(
    await req("POST", "database/static-roles/static-app", { username: "app_sched" }),
    "cannot update static account username",
  );
  assertBadRequest(await req("GET", "database/static-creds/nope"), "unknown role: nope");
  assertBadRequest(await req("POST", "database/rotate-role/nope"), 'no static role named "nope"');

  const user = await node.request("POST", "auth/token/create", {
    token: root,
    body: { policies: ["default"] },
  });
  const nobody = user.body.auth.client_token as string;
  assertDenied(await req("GET", "database/static-creds/static-app", undefined, nobody));
  assertDenied(await req("POST", "database/rotate-role/static-app", undefined, nobody));
  assertDenied(await req("POST", "database/static-roles/static-app", { rotation_period: "2h" }, nobody));

  const before = await staticCreds("static-app");
  const broken = await req("POST", "database/static-roles/static-app", {
    rotation_statements: ["ALTER ROLE {{name}} PASSWORD '{{password}}' NONSENSE"],
  });
  assert.equal(broken.status, 204, broken.text);
  assertBadRequest(
    await req("POST", "database/rotate-role/static-app"),
    /^rotation statements failed: unrecognized role option "nonsense"/,
  );
  assert.equal(
    (await staticCreds("static-app")).password,
    before.password,
    "static-creds still has the working password",
  );
  assert.ok(await pg.server().canLogin("app_static", before.password));
  assert.equal(
    (await req("POST", "database/static-roles/static-app", { rotation_statements: [] })).status,
    204,
  );
  assert.equal((await req("POST", "database/rotate-role/static-app")).status, 204);
  const after = await staticCreds("static-app");
  assert.notEqual(after.password, before.password);
  assert.ok(await pg.server().canLogin("app_static", after.password));
});

test("across a restart nothing is lost: static passwords stay, expired leases are revoked, pools were closed", {
  skip: pg.skip,
}, async () => {
  const lease = await req("GET", "database/creds/readonly");
  assertEnvelope(lease);
  const dynamicUser = lease.body.data.username as string;
  seen.add(lease.body.data.password);
  const kept = await staticCreds("static-app");
  assert.ok((await cofreSessions(pg.server())) > 0);

  await node.close();
  assert.equal(await cofreSessionsAfterClose(pg.server()), 0, "stopping the server closed its pools");
  clock.advance(2 * 3600_000);

  node = await openSqliteNode(dir, clock, logger);
  await node.core.unseal(keys);
  assert.equal((await staticCreds("static-app")).password, kept.password, "the static password survived");
  assert.ok(await roleExists(pg.server(), dynamicUser));
  assert.deepEqual(await node.core.tokens.expiration.tick(), { revoked: 1, failed: 0 });
  assert.equal(
    await roleExists(pg.server(), dynamicUser),
    false,
    "the lease that expired while down was revoked",
  );

  await node.core.periodic.runOnce();
  const rotated = await staticCreds("static-app");
  assert.notEqual(rotated.password, kept.password, "the overdue rotation ran after the restart");
  assert.equal(await pg.server().canLogin("app_static", kept.password), false);
  assert.ok(await pg.server().canLogin("app_static", rotated.password));
});

test("no password ever reaches the server log", { skip: pg.skip }, async () => {
  assert.ok(
    logLines.some((l) => l.includes("rotated the password of a static database role")),
    "the log was captured",
  );
  for (const secret of [ROOT_PASSWORD, "initial-static", "initial-sched", ...seen]) {
    const hit = logLines.find((l) => l.includes(secret));
    assert.equal(hit, undefined, "a password appeared in a log line");
  }
  assert.ok(seen.size >= 6);
});
