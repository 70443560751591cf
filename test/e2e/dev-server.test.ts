/**
 * `cofre server --dev --dev-storage=sqlite` (what `npm run dev` starts): a real child process on
 * the default SQLite store in a temporary folder, usable at once with the printed root token, and
 * the folder is gone after it stops.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "./child-server.js";

test("the dev server on SQLite serves at once, and removes its data when it stops", async () => {
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(repoRoot, "bin", "cofre.ts"),
      "server",
      "--dev",
      "--dev-storage=sqlite",
      "--dev-listen-address=127.0.0.1:0",
      "--dev-no-store-token",
    ],
    { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const deadline = Date.now() + 30_000;
    while (!/Root Token: \S+/.test(out)) {
      assert.ok(Date.now() < deadline, "the dev server printed its root token in time");
      await new Promise((r) => setTimeout(r, 50));
    }
    const addr = /COFRE_ADDR='(http:\/\/[^']+)'/.exec(out)?.[1];
    const root = /Root Token: (\S+)/.exec(out)?.[1];
    const dbPath = /SQLite file \(([^)]+)\)/.exec(out)?.[1];
    assert.ok(addr && root && dbPath, "address, root token and SQLite file are printed");
    assert.ok(existsSync(dbPath), "the SQLite file exists");

    const headers = { "x-vault-token": root, "content-type": "application/json" };
    const put = await fetch(`${addr}/v1/secret/data/app/db`, {
      method: "POST",
      headers,
      body: JSON.stringify({ data: { password: "dev-only" } }),
    });
    assert.equal(put.status, 200);
    const got = (await (await fetch(`${addr}/v1/secret/data/app/db`, { headers })).json()) as {
      data: { data: Record<string, string> };
    };
    assert.deepEqual(got.data.data, { password: "dev-only" });

    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    assert.equal(existsSync(dirname(dbPath)), false, "the temporary folder is removed");
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});
