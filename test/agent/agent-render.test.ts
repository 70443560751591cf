/** The agent renders templates from a real server: files, perms, commands, re-renders, leases, failures. */
import assert from "node:assert/strict";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../helpers/server.js";
import { addTestBackends, type LeaseLog } from "../inject/test-backends.js";
import { startAgent, stopAgents, tempDir } from "./agent-harness.js";

let s: TestServer;
let leases: LeaseLog;
let token: string;
const PASSWORD = "s3cr3t-password-value-1";

async function put(path: string, data: Record<string, unknown>) {
  const r = await s.request("POST", `secret/data/${path}`, { token: s.rootToken, body: { data } });
  assert.equal(r.status, 200, r.text);
}

before(async () => {
  s = await startTestServer();
  leases = await addTestBackends(s, { leasedMount: "database" });
  const p = await s.request("PUT", "sys/policies/acl/app", {
    token: s.rootToken,
    body: {
      policy:
        'path "secret/data/app*" { capabilities = ["read"] }\npath "secret/metadata/*" { capabilities = ["list"] }\npath "database/creds/*" { capabilities = ["read"] }',
    },
  });
  assert.equal(p.status, 204, p.text);
  token = await tokenWith(s, ["app"]);
  await put("app", { password: PASSWORD, user: "app" });
});
after(async () => {
  await stopAgents();
  await s.close();
});

function config(dir: string, template: string, extra = ""): string {
  return `vault {
  address = "${s.addr}"
}
auto_auth {
  method "token_file" {
    config = {
      token_file_path = "${dir}/token"
    }
  }
  sink "file" {
    config = {
      path = "${dir}/sink/token"
    }
  }
}
template_config {
  static_secret_render_interval = "30s"
}
${template}
${extra}
`;
}

describe("cofre agent rendering", () => {
  it("renders to a 0600 file atomically, runs the command, re-renders after a change (and only then)", async () => {
    const { dir, remove } = await tempDir();
    try {
      await writeFile(join(dir, "token"), `${token}\n`);
      const a = await startAgent(
        dir,
        config(
          dir,
          `template {
  destination = "${dir}/out/app.env"
  command     = "echo ran >> ${dir}/ran.log"
  contents    = <<EOT
{{ with secret "secret/data/app" }}PASSWORD={{ .Data.data.password }}
USER={{ .Data.data.user }}{{ end }}
EOT
}`,
        ),
      );
      const file = join(dir, "out", "app.env");
      assert.equal(await readFile(file, "utf8"), `PASSWORD=${PASSWORD}\nUSER=app\n`);
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.equal(await readFile(join(dir, "sink", "token"), "utf8"), token);
      assert.equal((await stat(join(dir, "sink", "token"))).mode & 0o777, 0o600);
      assert.equal(await readFile(join(dir, "ran.log"), "utf8"), "ran\n");
      assert.ok(a.timers.delays.includes(30_000), "the next render waits static_secret_render_interval");

      await put("app", { password: "changed-password-2", user: "app" });
      const outcome = await a.tick();
      assert.deepEqual(outcome.failures, []);
      assert.equal(await readFile(file, "utf8"), "PASSWORD=changed-password-2\nUSER=app\n");
      assert.equal(await readFile(join(dir, "ran.log"), "utf8"), "ran\nran\n");

      await a.tick();
      assert.equal(
        await readFile(join(dir, "ran.log"), "utf8"),
        "ran\nran\n",
        "unchanged output: no write, no command",
      );
      assert.deepEqual((await readdir(join(dir, "out"))).sort(), ["app.env"], "no temporary files left");

      await a.agent.stop();
      assert.equal(await a.exited, 0);
      for (const secret of [PASSWORD, "changed-password-2", token]) assert.ok(!a.log.text.includes(secret));
      assert.match(a.log.text, /"msg":"rendered template"/);
    } finally {
      await remove();
    }
  });

  it("KV v2 paths without data/, secrets listing, perms and a template file", async () => {
    const { dir, remove } = await tempDir();
    try {
      await put("app-l/a", { password: "ay" });
      await put("app-l/b", { password: "bee" });
      await writeFile(join(dir, "token"), token);
      await writeFile(
        join(dir, "list.ctmpl"),
        '{{ range secrets "secret/app-l/" }}{{ . }}{{ with secret (printf "secret/app-l/%s" .) }}={{ .Data.data.password }}{{ end }};{{ end }}',
      );
      await startAgent(
        dir,
        config(dir, `template {\n  source = "list.ctmpl"\n  destination = "list.txt"\n  perms = "0640"\n}`),
      ).then((a) => a.agent.stop());
      assert.equal(await readFile(join(dir, "list.txt"), "utf8"), "a=ay;b=bee;");
      assert.equal((await stat(join(dir, "list.txt"))).mode & 0o777, 0o640);
    } finally {
      await remove();
    }
  });

  it("a leased secret is read once, renewed, and read again (new credentials) when it can no longer be renewed", async () => {
    const { dir, remove } = await tempDir();
    try {
      leases.ttl = 60;
      leases.maxTTL = 3600;
      await writeFile(join(dir, "token"), token);
      const a = await startAgent(
        dir,
        config(
          dir,
          `template {\n  destination = "db.txt"\n  contents = "{{ with secret \\"database/creds/web\\" }}{{ .Data.username }}:{{ .Data.password }}{{ end }}"\n}`,
        ),
      );
      const first = await readFile(join(dir, "db.txt"), "utf8");
      assert.match(first, /^v-web-\d+:pw-v-web-\d+-A1b2C3d4$/);
      const issued = leases.issued;
      assert.ok(a.timers.delays.includes(40_000), "the lease is renewed at two thirds of its TTL");

      const renewal = leases.nextRenewal();
      await a.tick();
      assert.equal(await renewal, first.split(":")[0]);
      assert.equal(leases.issued, issued, "a kept lease is not read again at the render interval");

      leases.maxTTL = 30; // the next renewal is capped by the max TTL: the lease is near its end
      const capped = leases.nextRenewal();
      a.timers.fireAll();
      await capped;
      // The stale timer (two thirds of what is left) drops the lease and asks for a render.
      let second = first;
      for (let i = 0; i < 20 && second === first; i++) {
        await a.tick();
        second = await readFile(join(dir, "db.txt"), "utf8");
      }
      assert.notEqual(second, first);
      assert.equal(leases.issued, issued + 1);
      await a.agent.stop();
      assert.ok(!a.log.text.includes("A1b2C3d4"));
    } finally {
      leases.maxTTL = 3600;
      await remove();
    }
  });

  it("a failing template keeps the last good file, logs the error once, and renders again when the secret is back", async () => {
    const { dir, remove } = await tempDir();
    try {
      await put("app-c", { password: "first" });
      await writeFile(join(dir, "token"), token);
      const a = await startAgent(
        dir,
        config(
          dir,
          `template {\n  destination = "c.txt"\n  contents = "{{ with secret \\"secret/data/app-c\\" }}{{ .Data.data.password }}{{ end }}"\n}`,
        ),
      );
      assert.equal(await readFile(join(dir, "c.txt"), "utf8"), "first");
      const del = await s.request("DELETE", "secret/data/app-c", { token: s.rootToken });
      assert.equal(del.status, 204);
      for (let i = 0; i < 3; i++) {
        const outcome = await a.tick();
        assert.equal(outcome.failures.length, 1);
        assert.match(
          outcome.failures[0].message,
          /^.*agent\.hcl:21:23: error calling secret: no secret exists at secret\/data\/app-c \(template at .*agent\.hcl:19, destination .*c\.txt\)$/,
        );
      }
      assert.equal(await readFile(join(dir, "c.txt"), "utf8"), "first");
      assert.equal(
        a.log.count(/no secret exists at secret\/data\/app-c/),
        1,
        "the same error is logged once",
      );
      assert.ok(
        a.timers.delays.some((d) => d < 30_000),
        "failures are retried with back-off, sooner than the interval",
      );
      await put("app-c", { password: "back" });
      await a.tick();
      assert.equal(await readFile(join(dir, "c.txt"), "utf8"), "back");
      await a.agent.stop();
    } finally {
      await remove();
    }
  });
});
