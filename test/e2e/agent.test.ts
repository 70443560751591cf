/**
 * `cofre agent` as users run it: the real bin/cofre.ts as a child process against a real
 * `cofre server` child on sqlite. It renders a template to a 0600 file, renders again within the
 * configured interval after a `kv put` and runs the command, survives a restart of the server
 * (restarted on the same port and unsealed), and keeps its 4-second token alive by renewing it.
 * Timing is real (child processes), so the agent's interval is 200 ms and waits are polls.
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  type ChildServer,
  makeServerDir,
  repoRoot,
  type ServerDir,
  startChildServer,
} from "./child-server.js";
import { initAndUnseal, mountKv2, type Requester, requester, unseal } from "./http.js";

let dir: ServerDir | undefined;
let server: ChildServer | undefined;
let agent: ChildProcess | undefined;
after(async () => {
  agent?.kill("SIGKILL");
  await server?.stop("SIGKILL");
  await dir?.remove();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function check(req: Requester, method: string, path: string, token: string, body?: unknown) {
  const r = await req(method, path, { token, body });
  assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${r.text}`);
  return r;
}

test("cofre agent renders, re-renders after kv put, runs the command, survives a server restart, renews its token", async () => {
  dir = await makeServerDir();
  const port = await freePort();
  const serverHcl = (await readFile(dir.configPath, "utf8")).replace("127.0.0.1:0", `127.0.0.1:${port}`);
  await writeFile(dir.configPath, serverHcl);
  server = await startChildServer(dir.configPath);
  const req = requester(server.addr);
  const { keys, rootToken } = await initAndUnseal(req);
  await mountKv2(req, rootToken);
  await check(req, "PUT", "sys/policies/acl/web", rootToken, {
    policy: 'path "secret/data/web" { capabilities = ["read"] }',
  });
  await check(req, "POST", "sys/auth/approle", rootToken, { type: "approle" });
  await check(req, "POST", "auth/approle/role/web", rootToken, {
    token_policies: "web",
    token_ttl: "4s",
    token_max_ttl: "10m",
  });
  await check(req, "POST", "secret/data/web", rootToken, { data: { password: "e2e-agent-one" } });
  const roleId = (await check(req, "GET", "auth/approle/role/web/role-id", rootToken)).body.data.role_id;
  const secretId = (await check(req, "POST", "auth/approle/role/web/secret-id", rootToken, {})).body.data
    .secret_id;
  const work = join(dir.dir, "agent");
  await (await import("node:fs/promises")).mkdir(work);
  await writeFile(join(work, "role-id"), roleId);
  await writeFile(join(work, "secret-id"), secretId);
  await writeFile(
    join(work, "agent.hcl"),
    `vault {
  address = "${server.addr}"
}
auto_auth {
  method "approle" {
    min_backoff = "200ms"
    max_backoff = "1s"
    config = {
      role_id_file_path = "role-id"
      secret_id_file_path = "secret-id"
    }
  }
  sink "file" {
    config = { path = "token" }
  }
}
template_config {
  static_secret_render_interval = "200ms"
}
template {
  destination = "out/web.env"
  command = "echo rendered >> commands.log"
  contents = <<EOT
{{ with secret "secret/data/web" }}PASSWORD={{ .Data.data.password }}{{ end }}
EOT
}
`,
  );

  let stderr = "";
  agent = spawn(
    process.execPath,
    ["--import", import.meta.resolve("tsx"), join(repoRoot, "bin", "cofre.ts"), "agent", "-config=agent.hcl"],
    {
      cwd: work,
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  agent.stdout?.resume();
  agent.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => agent?.on("exit", (code) => resolve(code)));

  const out = join(work, "out", "web.env");
  const text = () => readFile(out, "utf8");
  await until("the first render", text, (t) => t === "PASSWORD=e2e-agent-one\n").catch((err) => {
    throw new Error(`${err.message}; agent log: ${stderr}`);
  });
  assert.equal((await stat(out)).mode & 0o777, 0o600);
  assert.equal((await stat(join(work, "token"))).mode & 0o777, 0o600);
  const commands = () => readFile(join(work, "commands.log"), "utf8");
  await until("the command", commands, (t) => t === "rendered\n");

  await check(req, "POST", "secret/data/web", rootToken, { data: { password: "e2e-agent-two" } });
  const changedAt = Date.now();
  await until("the re-render", text, (t) => t === "PASSWORD=e2e-agent-two\n", 5000);
  assert.ok(Date.now() - changedAt < 3000, "re-rendered within a few render intervals");
  await until("the second command", commands, (t) => t === "rendered\nrendered\n");

  // Restart the server on the same port and unseal it; the agent keeps going.
  await server.stop("SIGTERM");
  server = await startChildServer(dir.configPath);
  await unseal(req, keys.slice(0, 2));
  await check(req, "POST", "secret/data/web", rootToken, { data: { password: "e2e-agent-three" } });
  await until("a render after the restart", text, (t) => t === "PASSWORD=e2e-agent-three\n");

  // Its token lives 4 s; it is renewed (or replaced by a new login) so it is always valid.
  const renewedBefore = (stderr.match(/renewed the auth token/g) ?? []).length;
  await until(
    "a token renewal",
    async () => (stderr.match(/renewed the auth token/g) ?? []).length,
    (n) => n > renewedBefore,
    8000,
  );
  const sinkToken = await readFile(join(work, "token"), "utf8");
  const self = await req("GET", "auth/token/lookup-self", { token: sinkToken });
  assert.equal(self.status, 200, self.text);
  assert.ok(self.body.data.last_renewal_time > 0, "the sink's token has been renewed");

  agent.kill("SIGTERM");
  assert.equal(await exited, 0, stderr);
  for (const secret of ["e2e-agent-one", "e2e-agent-two", "e2e-agent-three", secretId, sinkToken]) {
    assert.ok(!stderr.includes(secret), "the agent's log holds no secret");
  }
});
