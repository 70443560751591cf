import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { runCli } from "../../src/cli/run.js";
import { tempRepo } from "./git-helpers.js";
import { githubToken, tempDir } from "./helpers.js";

async function cofre(args: string[], cwd: string, stdin?: string) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["scan", ...args], {
    env: {},
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdin,
    homeDir: cwd,
    cwd,
  });
  return { code, stdout, stderr };
}

test("cofre scan exits 1 with a redacted table when it finds a secret, 0 when clean, --exit-code to change", async () => {
  const t = await tempDir();
  try {
    const token = githubToken("cli");
    await t.write("clean/a.ts", "export const a = 1;\n");
    await t.write("leaky/a.ts", `export const t = "${token}";\n`);
    const clean = await cofre(["clean"], t.dir);
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /No secrets found/);
    const leaky = await cofre(["leaky"], t.dir);
    assert.equal(leaky.code, 1);
    assert.match(leaky.stdout, /a\.ts:1:19 +github-pat-classic +high +ghp_/);
    assert.ok(!leaky.stdout.includes(token) && !leaky.stderr.includes(token), "redacted by default");
    assert.match(leaky.stderr, /1 finding \(1 high, 0 medium, 0 low\); scanned 1 file/);
    assert.equal((await cofre(["leaky", "--exit-code", "3", "-q"], t.dir)).code, 3);
    const shown = await cofre(["leaky", "--format", "json", "--no-redact"], t.dir);
    assert.equal(JSON.parse(shown.stdout)[0].secret, token);
  } finally {
    await t.cleanup();
  }
});

test("--output writes the report to a private file; --baseline accepts earlier findings", async () => {
  const t = await tempDir();
  try {
    await t.write("src/a.ts", `export const t = "${githubToken("baseline-1")}";\n`);
    await writeFile(path.join(t.dir, "baseline.json"), "", { mode: 0o644 });
    const first = await cofre(["src", "-f", "json", "-o", "baseline.json"], t.dir);
    assert.equal(first.code, 1);
    assert.equal(first.stdout, "");
    const file = path.join(t.dir, "baseline.json");
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(JSON.parse(await readFile(file, "utf8")).length, 1);
    const again = await cofre(["src", "--baseline", "baseline.json"], t.dir);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /1 in baseline/);
    await t.write("src/b.ts", `export const t = "${githubToken("baseline-2")}";\n`);
    const added = await cofre(["src", "--baseline", "baseline.json", "-f", "json"], t.dir);
    assert.equal(added.code, 1);
    assert.deepEqual(
      JSON.parse(added.stdout).map((f: { file: string }) => f.file),
      ["b.ts"],
    );
    await writeFile(file, "{not json");
    const broken = await cofre(["src", "--baseline", "baseline.json"], t.dir);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /baseline .*not valid JSON/);
  } finally {
    await t.cleanup();
  }
});

test("stdin is scanned with `-` or --stdin; conflicting modes and bad values exit 2", async () => {
  const t = await tempDir();
  try {
    const out = await cofre(["-", "-f", "json"], t.dir, `deploy log\nGITHUB_TOKEN=${githubToken("stdin")}\n`);
    assert.equal(out.code, 1);
    const [f] = JSON.parse(out.stdout);
    assert.deepEqual([f.file, f.line, f.rule], ["<stdin>", 2, "github-pat-classic"]);
    assert.equal((await cofre(["--stdin"], t.dir, "nothing here\n")).code, 0);
    for (const args of [
      ["--git", "--staged"],
      ["--threads", "0"],
      ["--exit-code", "x"],
      ["--since", "2024-01-01"],
      ["missing-dir"],
    ]) {
      const bad = await cofre(args, t.dir);
      assert.equal(bad.code, 2, args.join(" "));
      assert.match(bad.stderr, /^Error: /);
    }
  } finally {
    await t.cleanup();
  }
});

test("install-hook writes a pre-commit hook that blocks a commit holding a secret", async () => {
  const repo = await tempRepo();
  try {
    const installed = await cofre(["install-hook"], repo.dir);
    assert.equal(installed.code, 0, installed.stderr);
    const hook = path.join(repo.dir, ".git", "hooks", "pre-commit");
    assert.match(installed.stdout, /Installed pre-commit hook/);
    assert.match(
      await readFile(hook, "utf8"),
      /installed by `cofre scan install-hook`[\s\S]*exec .*hook-main/,
    );
    assert.equal((await cofre(["install-hook"], repo.dir)).code, 0, "reinstalling its own hook is fine");

    await repo.write("app.ts", `export const t = "${githubToken("hook")}";\n`);
    repo.git(["add", "app.ts"]);
    const commit = () =>
      execFileSync("git", ["-c", "user.name=A", "-c", "user.email=a@x", "commit", "-q", "-m", "x"], {
        cwd: repo.dir,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, HOME: repo.dir },
      });
    // git hands a hook's stdout to stderr
    assert.throws(commit, (err: { status: number; stderr: Buffer }) => {
      assert.equal(err.status, 1);
      assert.match(err.stderr.toString(), /github-pat-classic/);
      return true;
    });
    // An accepted finding, recorded in the repository's baseline, lets the commit through.
    const accepted = await cofre(["--staged", "-f", "json", "-o", ".cofre-baseline.json"], repo.dir);
    assert.equal(accepted.code, 1);
    commit();

    await writeFile(hook, "#!/bin/sh\necho mine\n");
    const foreign = await cofre(["install-hook"], repo.dir);
    assert.equal(foreign.code, 2);
    assert.match(foreign.stderr, /use --force/);
    const forced = await cofre(["install-hook", "--force"], repo.dir);
    assert.equal(forced.code, 0);
    assert.equal(await readFile(`${hook}.bak`, "utf8"), "#!/bin/sh\necho mine\n");
  } finally {
    await repo.cleanup();
  }
});
