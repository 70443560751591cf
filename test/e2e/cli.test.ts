/**
 * The cofre CLI drives a fresh real server from `status` to a sealed server: in-process through
 * runCli (env COFRE_ADDR/COFRE_TOKEN, a temp home for the token file), and as the real
 * `bin/cofre.ts` child process for the commands a shell script would run.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { type CliResult, cofre, tempHome } from "../cli/harness.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { repoRoot } from "./child-server.js";

const execFileAsync = promisify(execFile);

/** The value of `key` in a Key/Value table (the first row whose first column is `key`). */
function tableValue(stdout: string, key: string): string | undefined {
  for (const line of stdout.split("\n")) {
    const m = /^(\S(?:.*?\S)?)\s{2,}(.*)$/.exec(line);
    if (m && m[1] === key) return m[2].trimEnd();
  }
  return undefined;
}

/** Runs the real `bin/cofre.ts` as a child process. */
async function spawnCofre(argv: string[], env: Record<string, string>): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ["--import", "tsx", join(repoRoot, "bin", "cofre.ts"), ...argv],
      { cwd: repoRoot, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 20_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw err;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const APP_POLICY = `path "kv/data/production/myapp/*" {
  capabilities = ["read"]
}
path "kv/metadata/production/myapp/*" {
  capabilities = ["list", "read"]
}
`;

describe("cofre CLI end to end", () => {
  let server: TestServer;
  let home: Awaited<ReturnType<typeof tempHome>>;
  const env: Record<string, string> = {};
  let keys: string[] = [];
  let rootToken = "";
  let appToken = "";
  const run = (...argv: string[]) => cofre(argv, { env, home: home.dir });
  /** Runs as the application token, without touching the shared env. */
  const runAsApp = (...argv: string[]) =>
    cofre(argv, { env: { ...env, COFRE_TOKEN: appToken }, home: home.dir });

  before(async () => {
    server = await startTestServer({ init: false });
    home = await tempHome();
    env.COFRE_ADDR = server.addr;
  });
  after(async () => {
    await server.close();
    await home.cleanup();
  });

  test("status of an uninitialised server exits 2; operator init prints the shares as JSON", async () => {
    const st = await run("status");
    assert.equal(st.code, 2);
    assert.equal(tableValue(st.stdout, "Initialized"), "false");
    assert.equal(tableValue(st.stdout, "Sealed"), "true");

    const init = await run("operator", "init", "-key-shares=3", "-key-threshold=2", "-format=json");
    assert.equal(init.code, 0, init.stderr);
    const out = JSON.parse(init.stdout);
    assert.equal(out.unseal_keys_b64.length, 3);
    assert.equal(out.unseal_keys_hex.length, 3);
    assert.equal(out.unseal_shares, 3);
    assert.equal(out.unseal_threshold, 2);
    keys = out.unseal_keys_b64;
    rootToken = out.root_token;
    assert.match(rootToken, /^hvs\./);

    const again = await run("operator", "init", "-key-shares=3", "-key-threshold=2");
    assert.equal(again.code, 2);
    assert.equal(again.stderr.trim().split("\n").length, 1);
  });

  test("operator unseal twice unseals, even with COFRE_TOKEN already set", async () => {
    env.COFRE_TOKEN = rootToken;
    const first = await run("operator", "unseal", keys[0]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(tableValue(first.stdout, "Sealed"), "true");
    assert.equal(tableValue(first.stdout, "Unseal Progress"), "1/2");
    const second = await run("operator", "unseal", keys[2]);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(tableValue(second.stdout, "Sealed"), "false");
    delete env.COFRE_TOKEN;

    const st = await run("status");
    assert.equal(st.code, 0);
    assert.match(st.stdout, /^Key\s+Value\n---\s+-----\n/);
    assert.equal(tableValue(st.stdout, "Initialized"), "true");
    assert.equal(tableValue(st.stdout, "Total Shares"), "3");
    assert.equal(tableValue(st.stdout, "Threshold"), "2");
  });

  test("login stores the token for the next commands and never prints it", async () => {
    const login = await run("login", rootToken);
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stdout, /Success! You are now authenticated/);
    assert.equal(tableValue(login.stdout, "token_policies"), '["root"]');
    assert.ok(!login.stdout.includes(rootToken), "login output holds no token");
    assert.equal(await readFile(join(home.dir, ".cofre-token"), "utf8"), rootToken);
    assert.equal((await stat(join(home.dir, ".cofre-token"))).mode & 0o777, 0o600);
  });

  test("policy write from a file, secrets enable kv version 2", async () => {
    await writeFile(join(home.dir, "myapp.hcl"), APP_POLICY);
    const pw = await run("policy", "write", "myapp", "myapp.hcl");
    assert.equal(pw.code, 0, pw.stderr);
    assert.equal(pw.stdout.trim(), "Success! Uploaded policy: myapp");
    const pr = await run("policy", "read", "myapp");
    assert.equal(pr.stdout.trim(), APP_POLICY.trim());

    const en = await run("secrets", "enable", "-version=2", "-path=kv", "kv");
    assert.equal(en.code, 0, en.stderr);
    assert.equal(en.stdout.trim(), "Success! Enabled the kv secrets engine at: kv/");
    const list = await run("secrets", "list");
    assert.match(list.stdout, /^Path\s+Type\s+Accessor\s+Description\n/);
    assert.match(list.stdout, /^kv\/\s+kv\s+kv_[0-9a-f]+\s+n\/a$/m);
    const detailed = await run("secrets", "list", "-format=json");
    assert.equal(JSON.parse(detailed.stdout)["kv/"].options.version, "2");
  });

  test("kv put, get, get -field, list, metadata get, delete", async () => {
    const p1 = await run("kv", "put", "kv/production/myapp/db", "username=app", "password=pw-one");
    assert.equal(p1.code, 0, p1.stderr);
    assert.match(p1.stdout, /=+ Secret Path =+\nkv\/data\/production\/myapp\/db\n/);
    assert.equal(tableValue(p1.stdout, "version"), "1");
    const p2 = await run("kv", "put", "kv/production/myapp/db", "username=app", "password=pw-two");
    assert.equal(tableValue(p2.stdout, "version"), "2");
    await run("kv", "put", "kv/production/myapp/api", "key=api-1");
    await run("kv", "put", "kv/production/other/db", "password=not-for-myapp");

    const get = await run("kv", "get", "kv/production/myapp/db");
    assert.equal(get.code, 0, get.stderr);
    assert.match(get.stdout, /=+ Data =+\nKey\s+Value\n---\s+-----\npassword\s+pw-two\nusername\s+app\n/);
    assert.equal(tableValue(get.stdout, "version"), "2");
    const v1 = await run("kv", "get", "-version=1", "-format=json", "kv/production/myapp/db");
    assert.deepEqual(JSON.parse(v1.stdout).data.data, { username: "app", password: "pw-one" });
    const field = await run("kv", "get", "-field=password", "kv/production/myapp/db");
    assert.equal(field.stdout, "pw-two"); // raw, no newline when not a terminal

    const list = await run("kv", "list", "kv/production/myapp");
    assert.equal(list.stdout, "Keys\n----\napi\ndb\n");

    const meta = await run("kv", "metadata", "get", "kv/production/myapp/db");
    assert.equal(meta.code, 0, meta.stderr);
    assert.equal(tableValue(meta.stdout, "current_version"), "2");
    assert.match(meta.stdout, /=+ Version 1 =+\n/);
    assert.match(meta.stdout, /=+ Version 2 =+\n/);

    const del = await run("kv", "delete", "kv/production/myapp/api");
    assert.equal(del.code, 0, del.stderr);
    assert.equal(del.stdout.trim(), "Success! Data deleted (if it existed) at: kv/data/production/myapp/api");
    const gone = await run("kv", "get", "-field=key", "kv/production/myapp/api");
    assert.notEqual(gone.code, 0, "a deleted secret's data is not printed");
    assert.ok(!gone.stdout.includes("api-1"));
    const deletedMeta = await run("kv", "metadata", "get", "-format=json", "kv/production/myapp/api");
    assert.notEqual(JSON.parse(deletedMeta.stdout).data.versions["1"].deletion_time, "");
  });

  test("token create -policy; the restricted token reads its path and is denied elsewhere", async () => {
    const tc = await run("token", "create", "-policy=myapp", "-ttl=1h", "-format=json");
    assert.equal(tc.code, 0, tc.stderr);
    const auth = JSON.parse(tc.stdout).auth;
    assert.deepEqual(auth.policies, ["default", "myapp"]);
    assert.equal(auth.lease_duration, 3600);
    appToken = auth.client_token;

    const own = await runAsApp("kv", "get", "-field=password", "kv/production/myapp/db");
    assert.equal(own.code, 0, own.stderr);
    assert.equal(own.stdout, "pw-two");
    const listOwn = await runAsApp("kv", "list", "kv/production/myapp");
    assert.equal(listOwn.code, 0, listOwn.stderr);

    for (const argv of [
      ["kv", "get", "kv/production/other/db"],
      ["kv", "put", "kv/production/myapp/db", "password=overwritten"],
      ["kv", "list", "kv/production"],
      ["policy", "write", "myapp", "myapp.hcl"],
      ["read", "sys/mounts"],
    ]) {
      const denied = await runAsApp(...argv);
      assert.equal(denied.code, 2, `${argv.join(" ")} exits 2`);
      assert.equal(denied.stdout, "", `${argv.join(" ")} prints nothing on stdout`);
      const lines = denied.stderr.trimEnd().split("\n");
      assert.equal(lines.length, 1, `one error line: ${denied.stderr}`);
      assert.match(lines[0], /Code: 403\. Errors: \* permission denied$/);
      assert.ok(!denied.stderr.includes(appToken));
    }
    const still = await run("kv", "get", "-field=password", "kv/production/myapp/db");
    assert.equal(still.stdout, "pw-two", "the denied write changed nothing");
  });

  test("generic write, read, list, delete", async () => {
    const w = await run(
      "write",
      "sys/policies/acl/ops",
      'policy=path "sys/health" { capabilities = ["read"] }',
    );
    assert.equal(w.code, 0, w.stderr);
    assert.equal(w.stdout.trim(), "Success! Data written to: sys/policies/acl/ops");
    const r = await run("read", "sys/policies/acl/ops");
    assert.equal(tableValue(r.stdout, "name"), "ops");
    assert.equal(tableValue(r.stdout, "policy"), 'path "sys/health" { capabilities = ["read"] }');
    const l = await run("list", "sys/policies/acl");
    assert.equal(l.stdout, "Keys\n----\ndefault\nmyapp\nops\nroot\n");
    const kvRead = await run("read", "-format=json", "kv/data/production/myapp/db");
    assert.equal(JSON.parse(kvRead.stdout).data.data.password, "pw-two");
    const d = await run("delete", "sys/policies/acl/ops");
    assert.equal(d.code, 0, d.stderr);
    const missing = await run("read", "sys/policies/acl/ops");
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim(), "No value found at sys/policies/acl/ops");
  });

  test("the real bin/cofre.ts process: kv get -field, and a denied read exits 2 with one line", async () => {
    const procEnv = { COFRE_ADDR: server.addr, HOME: home.dir };
    const [got, denied] = await Promise.all([
      spawnCofre(["kv", "get", "-field=username", "kv/production/myapp/db"], {
        ...procEnv,
        COFRE_TOKEN: appToken,
      }),
      spawnCofre(["kv", "get", "kv/production/other/db"], { ...procEnv, VAULT_TOKEN: appToken }),
    ]);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout, "app");
    assert.equal(denied.code, 2);
    assert.equal(denied.stdout, "");
    assert.equal(
      denied.stderr.trim(),
      "Error reading kv/data/production/other/db: Code: 403. Errors: * permission denied",
    );
  });

  test("operator seal, then status exits 2 and secrets are refused", async () => {
    const seal = await run("operator", "seal");
    assert.equal(seal.code, 0, seal.stderr);
    const st = await run("status");
    assert.equal(st.code, 2);
    assert.equal(tableValue(st.stdout, "Sealed"), "true");
    assert.equal(tableValue(st.stdout, "Unseal Progress"), "0/2");
    const get = await run("kv", "get", "kv/production/myapp/db");
    assert.equal(get.code, 2);
    assert.match(get.stderr, /Vault is sealed/);
    assert.ok(!get.stdout.includes("pw-two"));
  });
});
