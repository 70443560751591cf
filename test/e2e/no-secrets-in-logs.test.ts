/**
 * Runs the real `cofre server` (log_level debug, a stdout audit device, a file device) as a child
 * process, drives it through init, unseal, logins (token creation), writes, reads, denials, bad
 * tokens, malformed bodies, wrapping, SIGHUP and a failing audit device, then greps everything it
 * printed on stdout and stderr for every secret value, token, key and password used: none may
 * appear.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { repoRoot } from "./child-server.js";

let dir: string;
let child: ChildProcess;
let out = "";
let err = "";
let base = "";
const secrets: string[] = [];

async function call(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (opts.token) headers["x-vault-token"] = opts.token;
  let body: string | undefined;
  if (opts.raw !== undefined || opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = opts.raw ?? JSON.stringify(opts.body);
  }
  const res = await fetch(`${base}/v1/${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : null };
}

function waitFor(pattern: RegExp, what: string): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}: ${err}`)), 20_000);
    const check = () => {
      const m = pattern.exec(err);
      if (!m) return;
      clearTimeout(timer);
      child.stderr?.off("data", check);
      resolve(m);
    };
    child.stderr?.on("data", check);
    check();
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cofre-e2e-logs-"));
  const config = join(dir, "cofre.hcl");
  await writeFile(
    config,
    [
      `storage "sqlite" { path = ${JSON.stringify(join(dir, "cofre.db"))} }`,
      `listener "tcp" {`,
      `  address = "127.0.0.1:0"`,
      `  tls_disable = true`,
      `}`,
      `log_level = "debug"`,
      `audit_allowed_dirs = [${JSON.stringify(dir)}]`,
      ``,
    ].join("\n"),
  );
  child = spawn(
    process.execPath,
    ["--import", "tsx", join(repoRoot, "bin", "cofre.ts"), "server", `-config=${config}`],
    {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const m = await waitFor(/"msg":"cofre server started","addresses":\["([^"]+)"/, "the server to start");
  base = `http://${m[1]}`;
});

after(async () => {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

test("nothing secret reaches the server's stdout or stderr", { timeout: 60_000 }, async () => {
  const init = await call("PUT", "sys/init", { body: { secret_shares: 3, secret_threshold: 2 } });
  assert.equal(init.status, 200);
  const root: string = init.json.root_token;
  secrets.push(root, ...init.json.keys, ...init.json.keys_base64);
  // A wrong share first, then the right ones.
  await call("PUT", "sys/unseal", { body: { key: "00".repeat(33) } });
  await call("PUT", "sys/unseal", { body: { reset: true } });
  for (const k of init.json.keys_base64.slice(0, 2)) await call("PUT", "sys/unseal", { body: { key: k } });
  assert.equal((await call("GET", "sys/seal-status")).json.sealed, false);

  const log = join(dir, "audit.log");
  assert.equal(
    (
      await call("PUT", "sys/audit/stdout", {
        token: root,
        body: { type: "file", options: { file_path: "stdout" } },
      })
    ).status,
    204,
  );
  assert.equal(
    (
      await call("PUT", "sys/audit/file", {
        token: root,
        body: { type: "file", options: { file_path: log } },
      })
    ).status,
    204,
  );
  assert.equal(
    (
      await call("POST", "sys/mounts/secret", {
        token: root,
        body: { type: "kv", options: { version: "2" } },
      })
    ).status,
    204,
  );
  await call("PUT", "sys/policies/acl/app", {
    token: root,
    body: { policy: 'path "secret/data/app/*" { capabilities = ["create", "read", "update"] }' },
  });

  // "Logins": tokens created for the app, with and without a role-like display name.
  const created = await call("POST", "auth/token/create", {
    token: root,
    body: { policies: ["app"], ttl: "1h" },
  });
  const app: string = created.json.auth.client_token;
  secrets.push(app, created.json.auth.accessor);
  const orphan = await call("POST", "auth/token/create-orphan", {
    token: root,
    body: { policies: ["default"] },
  });
  secrets.push(orphan.json.auth.client_token);

  const values = [
    "Pa55word-9f2c-in-body",
    "sk_live_51HqLyjWDarjtT1zdp7dc",
    "-----BEGIN PRIVATE KEY-----MIIEv",
  ];
  secrets.push(...values);
  for (const [i, v] of values.entries()) {
    assert.equal(
      (await call("POST", `secret/data/app/s${i}`, { token: app, body: { data: { v } } })).status,
      200,
    );
    assert.equal((await call("GET", `secret/data/app/s${i}`, { token: app })).status, 200);
  }
  // Denied, bad token, no token, malformed JSON carrying a secret, a wrong CAS, a bad PATCH type.
  assert.equal((await call("GET", "secret/data/other", { token: app })).status, 403);
  const bogus = "hvs.CAESIJ-not-a-real-token-0123456789";
  secrets.push(bogus);
  assert.equal((await call("GET", "secret/data/app/s0", { token: bogus })).status, 403);
  assert.equal((await call("GET", "secret/data/app/s0")).status, 403);
  const inBrokenJson = "broken-json-secret-77aa";
  secrets.push(inBrokenJson);
  const broken = await call("POST", "secret/data/app/s9", {
    token: app,
    raw: `{"data": {"v": "${inBrokenJson}"`,
  });
  assert.equal(broken.status, 400);
  assert.ok(!broken.text.includes(inBrokenJson), "the error does not echo the body");
  const casSecret = "cas-mismatch-secret-31";
  secrets.push(casSecret);
  await call("POST", "secret/data/app/s0", {
    token: app,
    body: { options: { cas: 0 }, data: { v: casSecret } },
  });
  const inQuery = "query-string-secret-5e";
  secrets.push(inQuery);
  await call("GET", `secret/data/app/s0?version=${inQuery}`, { token: app });
  // Response wrapping and unwrapping.
  const wrapped = await fetch(`${base}/v1/secret/data/app/s1`, {
    headers: { "x-vault-token": app, "x-vault-wrap-ttl": "60s" },
  }).then((r) => r.json() as Promise<{ wrap_info: { token: string } }>);
  secrets.push(wrapped.wrap_info.token);
  assert.equal((await call("POST", "sys/wrapping/unwrap", { token: wrapped.wrap_info.token })).status, 200);
  // Audit hashing of a plain value.
  const looked = "looked-up-value-0c";
  secrets.push(looked);
  await call("POST", "sys/audit-hash/file", { token: root, body: { input: looked } });

  const fileLog = await readFile(log, "utf8");
  assert.match(fileLog, /"path":"secret\/data\/app\/s0"/);
  // Rotation: SIGHUP re-opens; then the file device breaks (a directory in its place) and reports.
  await unlink(log);
  await mkdir(log);
  child.kill("SIGHUP");
  await waitFor(/audit device could not be re-opened/, "the failed re-open to be logged");
  assert.equal((await call("GET", "secret/data/app/s2", { token: app })).status, 200, "stdout keeps serving");
  await waitFor(/audit device failed to write/, "the failing device to be logged");
  const health = await call("GET", "sys/health");
  assert.deepEqual(health.json.audit_devices, { enabled: 2, failing: 1 });
  await call("PUT", "sys/seal", { token: root });

  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;

  // The run produced debug logs and stdout audit entries: the grep below looks at real output.
  assert.match(err, /"level":"debug"|"level":"info"/);
  assert.match(out, /"type":"response"/);
  assert.match(out, /hmac-sha256:/);
  const printed = `${out}\n${err}`;
  for (const s of secrets) {
    assert.ok(s.length >= 8, "a secret long enough to be meaningful");
    assert.ok(!printed.includes(s), `the server printed a secret (${s.slice(0, 4)}...)`);
  }
  // The file device's log (read before it broke) holds no plain secret either.
  for (const s of secrets) {
    assert.ok(!fileLog.includes(s), `the audit file holds a secret (${s.slice(0, 4)}...)`);
  }
});
