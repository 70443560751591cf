/**
 * hvac, the Python Vault client (Debian's python3-hvac), against the real `cofre server` child on
 * sqlite: test/e2e/hvac/scenario.py drives it from init to AppRole, transit and wrapping and
 * prints what it saw; test/e2e/hvac/database.py drives the database engine on a throwaway
 * PostgreSQL. Without hvac the test is skipped with a message saying how to install it;
 * with COFRE_REQUIRE_HVAC=1 (CI) a missing hvac fails it instead.
 */
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { after, test } from "node:test";
import { promisify } from "node:util";
import { preparePostgres, ROOT_USER, roleExists, TEMPLATED_URL } from "../engines/database/helpers.js";
import { usePostgres } from "../helpers/postgres.js";
import { startTestServer } from "../helpers/server.js";
import {
  type ChildServer,
  makeServerDir,
  repoRoot,
  type ServerDir,
  startChildServer,
} from "./child-server.js";

const PYTHON = "/usr/bin/python3";
const probe = spawnSync(PYTHON, ["-c", "import hvac"], { stdio: "ignore" });
const missing = probe.status === 0 ? false : "hvac is not installed (apt-get install python3-hvac)";
if (missing && process.env.COFRE_REQUIRE_HVAC === "1") throw new Error(`COFRE_REQUIRE_HVAC=1 but ${missing}`);

const pg = usePostgres();
const run = promisify(execFile);
const script = (name: string) => `${repoRoot}/test/e2e/hvac/${name}`;

let dir: ServerDir | undefined;
let server: ChildServer | undefined;
after(async () => {
  await server?.stop("SIGTERM");
  await dir?.remove();
});

test("hvac: init, unseal, KV v2/v1, a restricted token, AppRole, userpass, identity, tune, transit, wrapping, seal", {
  skip: missing,
}, async () => {
  dir = await makeServerDir();
  server = await startChildServer(dir.configPath);
  const { stdout } = await run(PYTHON, [script("scenario.py")], {
    env: { PATH: process.env.PATH ?? "", COFRE_URL: server.addr },
    timeout: 60_000,
  });
  const seen = JSON.parse(stdout);
  assert.deepEqual(seen, {
    initialized_before: false,
    key_count: 3,
    sealed_after_init: true,
    sealed_after_unseal: false,
    authenticated: true,
    health: { initialized: true, sealed: false, standby: false },
    mounts_have_secret: true,
    cas_conflict: "InvalidRequest",
    version: 2,
    password_matches: true,
    old_version_matches: true,
    patched_keys: ["password", "port", "user"],
    list: ["api", "db"],
    metadata: { max_versions: 5, owner: "team-a", versions: ["1", "2", "3"] },
    deleted_read: "InvalidPath",
    undeleted: true,
    list_after_delete: ["db"],
    kv1: { a: "1" },
    policies: ["default", "myapp", "root"],
    app_read_ok: true,
    app_list: ["db"],
    app_write_denied: "Forbidden",
    app_other_denied: "Forbidden",
    app_policies: ["default", "myapp"],
    renewed_ttl: 1800,
    revoked_token_denied: "Forbidden",
    approle_policies: ["default", "myapp"],
    approle_ttl: 600,
    approle_read_ok: true,
    approle_bad_secret: "InvalidRequest",
    userpass_policies: ["default", "myapp"],
    userpass_wrong_password: "InvalidRequest",
    identity_group_members: true,
    identity_lookup: true,
    identity_policies: ["ops", "readers"],
    tuned_max_ttl: 7200,
    ciphertext_prefix: "vault:v1",
    decrypted: true,
    wrap_ttl: 60,
    unwrapped_policies: ["default", "myapp"],
    second_unwrap: "InvalidRequest",
    sealed_at_end: true,
    sealed_read: "VaultDown",
  });
  for (const secret of ["hvac-pw-1", "hvac-pw-2"])
    assert.ok(!server.log().includes(secret), "no secret in the server log");
});

test("hvac: database engine on PostgreSQL (connection, role, leased user renewed and dropped, rotate-root)", {
  skip: missing || pg.skip,
}, async () => {
  const server = await pg.ready();
  const rootPassword = "hvac-root-pw-0123";
  await preparePostgres(server, rootPassword);
  const s = await startTestServer({ kv: false });
  try {
    const { stdout } = await run(PYTHON, [script("database.py")], {
      env: {
        PATH: process.env.PATH ?? "",
        COFRE_URL: s.addr,
        COFRE_TOKEN: s.rootToken,
        PG_TEMPLATED_URL: TEMPLATED_URL(server),
        PG_ROOT_USER: ROOT_USER,
        PG_ROOT_PASSWORD: rootPassword,
      },
      timeout: 60_000,
    });
    const seen = JSON.parse(stdout);
    const { username, ...rest } = seen;
    assert.deepEqual(rest, {
      connection_plugin: "postgresql-database-plugin",
      connection_hides_password: true,
      roles: ["readonly"],
      role_ttl: 3600,
      lease_duration: 3600,
      renewable: true,
      lease_prefix: "database/creds/readonly",
      renewed: 600,
      lease_after_revoke: "gone",
      creds_after_rotate_root: true,
      unknown_role: "InvalidRequest",
    });
    assert.match(username, /^v-/);
    assert.equal(await roleExists(server, username), false, "the revoked lease's user is dropped");
    assert.equal(
      await server.canLogin(ROOT_USER, rootPassword),
      false,
      "rotate-root changed the root password",
    );
  } finally {
    await s.close();
  }
});
