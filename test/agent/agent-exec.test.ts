/** Exec mode: the agent supervises one command with env_template values in its environment. */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { startAgent, stopAgents, tempDir } from "./agent-harness.js";

let s: TestServer;

async function put(password: string) {
  const r = await s.request("POST", "secret/data/exec", { token: s.rootToken, body: { data: { password } } });
  assert.equal(r.status, 200, r.text);
}

before(async () => {
  s = await startTestServer();
  await put("exec-first-value");
});
after(async () => {
  await stopAgents();
  await s.close();
});

/** Polls (a child process is involved) until `read` gives a value `ok` accepts; 5 s at most. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const v = await read().catch(() => undefined as T);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > deadline) throw new Error("timed out waiting for the child");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The child: appends "<pid> <DB_PASSWORD> <VAULT_TOKEN or none>" at start and "hup <value>" on SIGHUP. */
const CHILD = [
  "const fs = require('fs');",
  "const out = process.argv[1];",
  "const line = (p) => fs.appendFileSync(out, p + '\\n');",
  "line(process.pid + ' ' + process.env.DB_PASSWORD + ' ' + (process.env.VAULT_TOKEN || 'none'));",
  "process.on('SIGHUP', () => line('hup ' + process.env.DB_PASSWORD));",
  "process.on('SIGTERM', () => process.exit(Number(process.env.EXIT_ON_TERM || 0)));",
  "if (process.env.EXIT_NOW) process.exit(Number(process.env.EXIT_NOW));",
  "setInterval(() => {}, 1e6);",
].join(" ");

function config(dir: string, execExtra = ""): string {
  return `vault {
  address = "${s.addr}"
}
template_config {
  static_secret_render_interval = "1m"
}
env_template "DB_PASSWORD" {
  contents = "{{ with secret \\"secret/data/exec\\" }}{{ .Data.data.password }}{{ end }}"
  error_on_missing_key = true
}
exec {
  command = [${JSON.stringify(process.execPath)}, "-e", ${JSON.stringify(CHILD)}, "${dir}/seen"]
  ${execExtra}
}
`;
}

const lines = (dir: string) => async () => (await readFile(join(dir, "seen"), "utf8")).trimEnd().split("\n");

describe("cofre agent exec mode", () => {
  it("starts the command with the rendered variables (not the agent's token), restarts it on a change, stops it with the agent", async () => {
    const { dir, remove } = await tempDir();
    try {
      await put("exec-first-value");
      const env = { PATH: process.env.PATH ?? "", VAULT_TOKEN: s.rootToken };
      const a = await startAgent(dir, config(dir), { env });
      const [first] = await until(lines(dir), (l) => l.length === 1);
      assert.match(first, /^\d+ exec-first-value none$/);
      await put("exec-second-value");
      await a.tick();
      const after2 = await until(lines(dir), (l) => l.length === 2);
      assert.match(after2[1], /^\d+ exec-second-value none$/);
      assert.notEqual(after2[1].split(" ")[0], first.split(" ")[0], "a new process");
      await a.agent.stop();
      assert.equal(await a.exited, 0, "the child's exit code on SIGTERM");
      assert.ok(!a.log.text.includes("exec-second-value"));
    } finally {
      await remove();
    }
  });

  it("reload_signal sends the signal instead of restarting; restart_on_secret_changes = never leaves it alone", async () => {
    const { dir, remove } = await tempDir();
    try {
      await put("reload-one");
      const a = await startAgent(dir, config(dir, 'reload_signal = "SIGHUP"'), {
        env: { PATH: process.env.PATH ?? "", VAULT_TOKEN: s.rootToken },
      });
      await until(lines(dir), (l) => l.length === 1);
      await put("reload-two");
      await a.tick();
      const l = await until(lines(dir), (x) => x.length === 2);
      assert.equal(l[1], "hup reload-one", "same process (its environment is from its start), signalled");
      await a.agent.stop();
      await a.exited;

      const dir2 = join(dir, "never");
      await (await import("node:fs/promises")).mkdir(dir2);
      const b = await startAgent(dir2, config(dir2, 'restart_on_secret_changes = "never"'), {
        env: { PATH: process.env.PATH ?? "", VAULT_TOKEN: s.rootToken },
      });
      await until(lines(dir2), (x) => x.length === 1);
      await put("reload-three");
      await b.tick();
      await b.log.waitFor(/keeps running \(restart_on_secret_changes = never\)/);
      assert.equal((await lines(dir2)()).length, 1);
      await b.agent.stop();
      await b.exited;
    } finally {
      await remove();
    }
  });

  it("when the command exits on its own, the agent ends with its exit code", async () => {
    const { dir, remove } = await tempDir();
    try {
      const a = await startAgent(dir, config(dir), {
        env: { PATH: process.env.PATH ?? "", EXIT_NOW: "3", VAULT_TOKEN: s.rootToken },
      });
      assert.equal(await a.exited, 3);
    } finally {
      await remove();
    }
  });

  it("a command that cannot start is one error naming the exec block", async () => {
    const { dir, remove } = await tempDir();
    try {
      await writeFile(join(dir, "x"), "");
      const a = await startAgent(
        dir,
        config(dir).replace(/command = \[[^\n]*\]/, 'command = ["/nonexistent/cofre-test-binary"]'),
        { env: { PATH: "", VAULT_TOKEN: s.rootToken } },
      );
      assert.equal(await a.exited, 1);
      assert.match(
        a.stderr.text,
        /^Error: .*agent\.hcl:11: cannot start \/nonexistent\/cofre-test-binary: ENOENT\n$/,
      );
    } finally {
      await remove();
    }
  });
});
