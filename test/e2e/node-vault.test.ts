/**
 * node-vault (a real Vault client from npm) drives a fresh cofre server from init to a restricted
 * application token, used exactly as a user would: first against an in-process server, then
 * against `npx tsx bin/cofre.ts server -config=FILE` (sqlite storage) as a child process.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import nodeVault from "node-vault";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { type ChildServer, makeServerDir, type ServerDir, startChildServer } from "./child-server.js";

const APP_POLICY = `
path "secret/data/production/myapp/*" {
  capabilities = ["read"]
}
path "secret/metadata/production/myapp/*" {
  capabilities = ["list"]
}
`;

type VaultClient = ReturnType<typeof nodeVault>;

/** Runs `fn`, which must reject with node-vault's ApiResponseError of the given status. */
async function rejectsWith(fn: () => Promise<unknown>, status: number, message?: RegExp): Promise<void> {
  await assert.rejects(fn, (err: Error & { response?: { statusCode?: number } }) => {
    assert.equal(err.response?.statusCode, status, `expected ${status}, got ${err.response?.statusCode}`);
    if (message) assert.match(err.message, message);
    return true;
  });
}

/** The whole user story; every call goes through node-vault. */
async function scenario(endpoint: string): Promise<void> {
  const admin: VaultClient = nodeVault({ endpoint });

  const fresh = await admin.health();
  assert.equal(fresh.initialized, false);
  assert.equal((await admin.initialized()).initialized, false);

  const init = await admin.init({ secret_shares: 3, secret_threshold: 2 });
  assert.equal(init.keys.length, 3);
  assert.equal(init.keys_base64.length, 3);
  assert.match(init.root_token, /^hvs\./);
  admin.token = init.root_token;

  let status = await admin.status();
  assert.equal(status.sealed, true);
  assert.equal(status.t, 2);
  assert.equal(status.n, 3);
  assert.equal(status.progress, 0);
  await rejectsWith(() => admin.mounts(), 503, /Vault is sealed/);

  status = await admin.unseal({ key: init.keys[0] }); // hex form
  assert.equal(status.sealed, true);
  assert.equal(status.progress, 1);
  status = await admin.unseal({ key: init.keys_base64[2] }); // base64 form
  assert.equal(status.sealed, false);
  assert.equal((await admin.status()).sealed, false);

  const health = await admin.health();
  assert.equal(health.initialized, true);
  assert.equal(health.sealed, false);
  assert.equal(health.standby, false);

  await admin.mount({
    mount_point: "secret",
    type: "kv",
    options: { version: "2" },
    description: "app secrets",
  });
  const mounts = await admin.mounts();
  const secretMount = mounts.data?.["secret/"] ?? mounts["secret/"];
  assert.equal(secretMount.type, "kv");
  assert.equal(secretMount.options.version, "2");
  assert.equal(secretMount.description, "app secrets");

  await admin.addPolicy({ name: "myapp", rules: APP_POLICY });
  assert.ok((await admin.policies()).policies.includes("myapp"));
  assert.equal((await admin.getPolicy({ name: "myapp" })).rules, APP_POLICY);

  const base = "secret/data/production/myapp";
  const w1 = await admin.write(`${base}/db`, { data: { username: "app", password: "s3cret-1" } });
  assert.equal(w1.data.version, 1);
  const w2 = await admin.write(`${base}/db`, { data: { username: "app", password: "s3cret-2" } });
  assert.equal(w2.data.version, 2);
  await admin.write(`${base}/api`, { data: { key: "api-key-1" } });
  const db = await admin.read(`${base}/db`);
  assert.deepEqual(db.data.data, { username: "app", password: "s3cret-2" });
  assert.equal(db.data.metadata.version, 2);
  const v1 = await admin.read(`${base}/db?version=1`);
  assert.deepEqual(v1.data.data, { username: "app", password: "s3cret-1" });

  assert.deepEqual((await admin.list("secret/metadata/production/myapp")).data.keys, ["api", "db"]);
  assert.deepEqual((await admin.list("secret/metadata/production")).data.keys, ["myapp/"]);

  await admin.delete(`${base}/api`);
  await rejectsWith(() => admin.read(`${base}/api`), 404);
  const apiMeta = await admin.read("secret/metadata/production/myapp/api");
  assert.notEqual(apiMeta.data.versions["1"].deletion_time, "");
  await admin.write("secret/data/production/other/db", { data: { password: "not-for-myapp" } });

  // tokenCreate makes the client use the new token (node-vault's behaviour): give the app its own.
  const creator: VaultClient = nodeVault({ endpoint, token: init.root_token });
  const created = await creator.tokenCreate({ policies: ["myapp"], ttl: "1h" });
  const appToken: string = created.auth.client_token;
  assert.deepEqual(created.auth.policies, ["default", "myapp"]);
  assert.equal(created.auth.lease_duration, 3600);

  const app: VaultClient = nodeVault({ endpoint, token: appToken });
  const self = await app.tokenLookupSelf();
  assert.deepEqual(self.data.policies, ["default", "myapp"]);
  assert.equal(self.data.ttl <= 3600 && self.data.ttl > 3500, true);
  assert.deepEqual((await app.read(`${base}/db`)).data.data, { username: "app", password: "s3cret-2" });
  // a soft-deleted key is still listed (its metadata remains), as in Vault
  assert.deepEqual((await app.list("secret/metadata/production/myapp")).data.keys, ["api", "db"]);

  await rejectsWith(() => app.read("secret/data/production/other/db"), 403, /permission denied/);
  await rejectsWith(() => app.write(`${base}/db`, { data: { password: "overwritten" } }), 403);
  await rejectsWith(() => app.delete(`${base}/db`), 403);
  await rejectsWith(() => app.list("secret/metadata/production"), 403);
  await rejectsWith(() => app.mounts(), 403);
  await rejectsWith(
    () => app.addPolicy({ name: "myapp", rules: 'path "*" { capabilities = ["sudo"] }' }),
    403,
  );
  // nothing the denied requests tried changed anything
  const after = await admin.read(`${base}/db`);
  assert.equal(after.data.metadata.version, 2);
  assert.equal((await admin.getPolicy({ name: "myapp" })).rules, APP_POLICY);

  // a bad token is refused the same way
  const stranger: VaultClient = nodeVault({ endpoint, token: "hvs.not-a-real-token-000000000" });
  await rejectsWith(() => stranger.read(`${base}/db`), 403);
}

describe("node-vault end to end", () => {
  let server: TestServer | undefined;
  let child: ChildServer | undefined;
  let dir: ServerDir | undefined;
  after(async () => {
    await server?.close();
    await child?.stop("SIGTERM");
    await dir?.remove();
  });

  test("against an in-process server: init, unseal, policy, kv-v2, restricted token", async () => {
    server = await startTestServer({ init: false });
    await scenario(server.addr);
  });

  test("against `npx tsx bin/cofre.ts server -config=FILE` on sqlite", async () => {
    dir = await makeServerDir();
    child = await startChildServer(dir.configPath, { npx: true });
    await scenario(child.addr);
    await child.stop("SIGTERM"); // npm itself dies of the signal: the crash test checks exit code 0
    assert.doesNotMatch(child.log(), /hvs\.|s3cret/, "no token or secret value in the server log");
  });
});
