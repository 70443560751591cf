/** auto_auth: approle, kubernetes and jwt logins, token sinks, renewal, a new login at max TTL, exit_after_auth, failures. */
import assert from "node:assert/strict";
import { access, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ManualClock } from "../../src/util/clock.js";
import { rsaKey, sign } from "../auth/jwt/issuer.js";
import { TestCluster } from "../auth/kubernetes/cluster.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { startAgent, stopAgents, tempDir } from "./agent-harness.js";

const clock = new ManualClock();
let s: TestServer;
let cluster: TestCluster;
const jwtKey = rsaKey("ci");
const REVIEWER = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXZpZXdlciJ9.c2lnbmF0dXJl";
const now = () => Math.floor(clock.now() / 1000);

async function root(method: string, path: string, body?: unknown) {
  const r = await s.request(method, path, { token: s.rootToken, body });
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
  return r;
}

before(async () => {
  cluster = await TestCluster.start();
  cluster.reviewers.add(REVIEWER);
  s = await startTestServer({ clock });
  await root("PUT", "sys/policies/acl/app", { policy: 'path "secret/data/app" { capabilities = ["read"] }' });
  await root("POST", "secret/data/app", { data: { password: "agent-auth-secret-1" } });
  await root("POST", "sys/auth/approle", { type: "approle" });
  await root("POST", "auth/approle/role/web", {
    token_policies: "app",
    token_ttl: "60s",
    token_max_ttl: "100s",
  });
  await root("POST", "sys/auth/kubernetes", { type: "kubernetes" });
  await root("POST", "auth/kubernetes/config", {
    kubernetes_host: cluster.url,
    token_reviewer_jwt: REVIEWER,
  });
  await root("POST", "auth/kubernetes/role/app", {
    bound_service_account_names: "app",
    bound_service_account_namespaces: "prod",
    token_policies: "app",
    token_ttl: "10m",
  });
  await root("POST", "sys/auth/jwt", { type: "jwt" });
  await root("POST", "auth/jwt/config", { jwt_validation_pubkeys: [jwtKey.publicPem] });
  await root("POST", "auth/jwt/role/ci", {
    role_type: "jwt",
    user_claim: "sub",
    bound_audiences: "cofre",
    token_policies: "app",
    token_ttl: "10m",
  });
});
after(async () => {
  await stopAgents();
  await s.close();
  await cluster.close();
});

async function approleFiles(dir: string): Promise<void> {
  const id = await root("GET", "auth/approle/role/web/role-id");
  const secret = await root("POST", "auth/approle/role/web/secret-id", {});
  await writeFile(join(dir, "role-id"), id.body.data.role_id);
  await writeFile(join(dir, "secret-id"), secret.body.data.secret_id);
}

const TEMPLATE = `template {
  destination = "out.txt"
  contents = "{{ with secret \\"secret/data/app\\" }}{{ .Data.data.password }}{{ end }}"
}`;

function approleConfig(dir: string, extra = ""): string {
  return `vault {
  address = "${s.addr}"
}
auto_auth {
  method "approle" {
    config = {
      role_id_file_path = "role-id"
      secret_id_file_path = "secret-id"
    }
  }
  sink "file" {
    config = { path = "${dir}/token" }
  }
}
${TEMPLATE}
${extra}`;
}

const lookupSelf = (token: string) => s.request("GET", "auth/token/lookup-self", { token });

describe("cofre agent auto_auth", () => {
  it("approle: removes the secret ID file, writes a 0600 sink, renews the token, logs in again at its max TTL", async () => {
    const { dir, remove } = await tempDir();
    try {
      await approleFiles(dir);
      const a = await startAgent(dir, approleConfig(dir));
      await assert.rejects(access(join(dir, "secret-id")), "the secret ID file is removed after reading");
      const first = await readFile(join(dir, "token"), "utf8");
      assert.equal((await stat(join(dir, "token"))).mode & 0o777, 0o600);
      assert.equal((await lookupSelf(first)).body.data.ttl, 60);
      assert.equal(await readFile(join(dir, "out.txt"), "utf8"), "agent-auth-secret-1");
      assert.ok(a.timers.delays.includes(40_000), "renewal at two thirds of the TTL");

      clock.advance(40_000);
      a.timers.fireAll();
      await a.log.waitFor(/"msg":"renewed the auth token","ttl":60/);
      assert.equal((await lookupSelf(first)).body.data.ttl, 60, "renewed: a full TTL again");

      clock.advance(40_000); // 80s of the 100s max TTL: the next renewal grants only 20s
      a.timers.fireAll();
      await a.log.waitFor(/cannot be renewed further/);
      clock.advance(14_000);
      a.timers.fireAll(); // the new login (the cached secret ID; its file is gone), then a render
      await a.log.waitFor(/"msg":"authenticated"/, 2);
      await a.nextCycle();
      const second = await readFile(join(dir, "token"), "utf8");
      assert.notEqual(second, first);
      assert.equal((await lookupSelf(second)).status, 200);
      assert.equal(a.log.count(/"msg":"authenticated"/), 2);
      await a.agent.stop();
      assert.equal(await a.exited, 0);
      for (const t of [first, second, "agent-auth-secret-1"]) assert.ok(!a.log.text.includes(t));
    } finally {
      await remove();
    }
  });

  it("exit_after_auth: logs in, writes the sink and the templates once, exits 0", async () => {
    const { dir, remove } = await tempDir();
    try {
      await approleFiles(dir);
      const a = await startAgent(dir, approleConfig(dir, "exit_after_auth = true"));
      assert.equal(await a.exited, 0);
      assert.equal(await readFile(join(dir, "out.txt"), "utf8"), "agent-auth-secret-1");
      assert.equal((await lookupSelf(await readFile(join(dir, "token"), "utf8"))).status, 200);
      assert.deepEqual(a.timers.delays, [], "nothing left running");
    } finally {
      await remove();
    }
  });

  it("a sink with wrap_ttl holds a wrapping token (the wrap info as JSON) that unwraps once to the agent's token", async () => {
    const { dir, remove } = await tempDir();
    try {
      await approleFiles(dir);
      const config = approleConfig(dir).replace(
        "auto_auth {",
        `auto_auth {
  sink "file" {
    wrap_ttl = "5m"
    config = { path = "${dir}/wrapped" }
  }`,
      );
      const a = await startAgent(dir, config);
      const token = await readFile(join(dir, "token"), "utf8");
      const text = await readFile(join(dir, "wrapped"), "utf8");
      assert.equal((await stat(join(dir, "wrapped"))).mode & 0o777, 0o600);
      const info = JSON.parse(text);
      assert.deepEqual(Object.keys(info), [
        "token",
        "accessor",
        "ttl",
        "creation_time",
        "creation_path",
        "wrapped_accessor",
      ]);
      assert.equal(info.ttl, 300);
      assert.equal(info.creation_path, "sys/wrapping/wrap");
      assert.notEqual(info.token, token);
      assert.ok(!text.includes(token), "the sink does not hold the token itself");
      const unwrapped = await s.request("POST", "sys/wrapping/unwrap", { token: info.token });
      assert.equal(unwrapped.status, 200, unwrapped.text);
      assert.equal(unwrapped.body.data.token, token);
      assert.equal((await s.request("POST", "sys/wrapping/unwrap", { token: info.token })).status, 400);
      await a.agent.stop();
      assert.equal(await a.exited, 0);
      for (const t of [token, info.token]) assert.ok(!a.log.text.includes(t), "no token in the log");
    } finally {
      await remove();
    }
  });

  it("kubernetes: logs in with the pod's service account token file", async () => {
    const { dir, remove } = await tempDir();
    try {
      const jwt = await cluster.projected({ namespace: "prod", name: "app", uid: "uid-1" }, { now: now() });
      await writeFile(join(dir, "sa-token"), jwt);
      const a = await startAgent(
        dir,
        `vault {\n  address = "${s.addr}"\n}\nexit_after_auth = true\nauto_auth {\n  method "kubernetes" {\n    config = {\n      role = "app"\n      token_path = "sa-token"\n    }\n  }\n  sink "file" {\n    config = { path = "token" }\n  }\n}\n${TEMPLATE}\n`,
      );
      assert.equal(await a.exited, 0, a.stderr.text);
      assert.equal(await readFile(join(dir, "out.txt"), "utf8"), "agent-auth-secret-1");
      assert.equal(cluster.reviews.at(-1)?.token, jwt);
      await access(join(dir, "sa-token")); // a projected token is never removed
    } finally {
      await remove();
    }
  });

  it("jwt: logs in with the JWT file and removes it after reading (default)", async () => {
    const { dir, remove } = await tempDir();
    try {
      const jwt = await sign(jwtKey, { sub: "build-1", aud: "cofre", iat: now(), exp: now() + 300 });
      await writeFile(join(dir, "jwt"), jwt);
      const a = await startAgent(
        dir,
        `vault {\n  address = "${s.addr}"\n}\nexit_after_auth = true\nauto_auth {\n  method "jwt" {\n    config = {\n      role = "ci"\n      path = "jwt"\n    }\n  }\n  sink "file" {\n    config = { path = "token" }\n  }\n}\n${TEMPLATE}\n`,
      );
      assert.equal(await a.exited, 0, a.stderr.text);
      assert.equal(await readFile(join(dir, "out.txt"), "utf8"), "agent-auth-secret-1");
      await assert.rejects(access(join(dir, "jwt")));
    } finally {
      await remove();
    }
  });

  it("a refused login is retried with back-off and logged once; exit_on_err exits with one error naming the method's line", async () => {
    const { dir, remove } = await tempDir();
    try {
      await writeFile(join(dir, "role-id"), "no-such-role-id");
      await writeFile(join(dir, "secret-id"), "wrong-secret-id-value");
      const hcl = (exitOnErr: boolean) =>
        `vault {\n  address = "${s.addr}"\n}\nauto_auth {\n  method "approle" {\n    min_backoff = "2s"\n    exit_on_err = ${exitOnErr}\n    config = {\n      role_id_file_path = "role-id"\n      secret_id_file_path = "secret-id"\n      remove_secret_id_file_after_reading = false\n    }\n  }\n}\n${TEMPLATE}\n`;
      const a = await startAgent(dir, hcl(false), { waitFirstCycle: false });
      await a.log.waitFor(/login with approle failed/);
      assert.deepEqual(a.timers.delays, [2000]);
      a.timers.fireAll();
      await new Promise((r) => setTimeout(r, 50));
      a.timers.fireAll();
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(a.log.count(/login with approle failed/), 1, "the same failure is logged once");
      assert.ok(a.timers.delays[0] >= 4000, "the back-off grows");
      await a.agent.stop();
      await a.exited;
      assert.ok(!a.log.text.includes("wrong-secret-id-value"));

      const b = await startAgent(dir, hcl(true));
      assert.equal(await b.exited, 1);
      assert.match(
        b.stderr.text,
        /^Error: .*agent\.hcl:5: login with approle failed: Code: 400\. Errors: \* invalid role or secret ID\n$/,
      );
    } finally {
      await remove();
    }
  });

  it("an unreachable server: one error naming the config line of vault.address", async () => {
    const { dir, remove } = await tempDir();
    try {
      await writeFile(join(dir, "t"), "some-token-value");
      const a = await startAgent(
        dir,
        `vault {\n  address = "http://127.0.0.1:1"\n}\nauto_auth {\n  method "token_file" {\n    exit_on_err = true\n    config = { token_file_path = "t" }\n  }\n}\n`,
      );
      assert.equal(await a.exited, 1);
      const lines = a.stderr.text.trimEnd().split("\n");
      assert.equal(lines.length, 1);
      assert.match(
        lines[0],
        /^Error: .*agent\.hcl:5: login with token_file failed: cannot reach the server at http:\/\/127\.0\.0\.1:1 \(address from .*agent\.hcl:2 \(vault\.address\)\): /,
      );
      assert.ok(!a.stderr.text.includes("some-token-value"));
    } finally {
      await remove();
    }
  });

  it("exit_after_auth with a missing secret: one error naming template file:line:col, and no file written", async () => {
    const { dir, remove } = await tempDir();
    try {
      await approleFiles(dir);
      await writeFile(
        join(dir, "t.ctmpl"),
        'a={{ with secret "secret/data/app" }}{{ .Data.data.password }}{{ end }}\nb={{ with secret "secret/data/missing" }}x{{ end }}\n',
      );
      const a = await startAgent(
        dir,
        `vault {\n  address = "${s.addr}"\n  retry {\n    num_retries = -1\n  }\n}\nexit_after_auth = true\nauto_auth {\n  method "approle" {\n    config = {\n      role_id_file_path = "role-id"\n      secret_id_file_path = "secret-id"\n    }\n  }\n}\ntemplate {\n  source = "t.ctmpl"\n  destination = "t.out"\n}\n`,
      );
      assert.equal(await a.exited, 1);
      assert.match(
        a.stderr.text,
        /^Error: .*t\.ctmpl:2:11: error calling secret: Code: 403\. Errors: \* permission denied \(template at .*agent\.hcl:16, destination .*t\.out\)\n$/,
      );
      await assert.rejects(access(join(dir, "t.out")), "no half-rendered file");
      assert.ok(!a.stderr.text.includes("agent-auth-secret-1"));
    } finally {
      await remove();
    }
  });
});
