/** `cofre audit ...` against a real server: enable/list/disable, verify a real log, query it. */
import assert from "node:assert/strict";
import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { cofre, tempHome } from "./harness.js";

let s: TestServer;
let dir: string;
let home: { dir: string; cleanup: () => Promise<void> };
let env: Record<string, string>;
const log = () => join(dir, "audit.log");
const run = (argv: string[], stdin?: string) => cofre(argv, { env, home: home.dir, stdin });

const SECRET = "prod-db-password-Zq81";
let appToken = "";
let appAccessor = "";

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cofre-cli-audit-"));
  home = await tempHome();
  s = await startTestServer({ auditAllowedDirs: [dir] });
  env = { COFRE_ADDR: s.addr, COFRE_TOKEN: s.rootToken };
  const on = await run(["audit", "enable", "file", `file_path=${log()}`, "-description=main log"]);
  assert.equal(on.code, 0, on.stderr);
  assert.match(on.stdout, /Enabled the file audit device at: file\//);
  // Some history: an app reads the production secret, is denied elsewhere; root writes.
  await s.request("PUT", "sys/policies/acl/app", {
    token: s.rootToken,
    body: { policy: 'path "secret/data/prod/*" { capabilities = ["read"] }' },
  });
  await s.request("POST", "secret/data/prod/db", {
    token: s.rootToken,
    body: { data: { password: SECRET } },
  });
  const c = await s.request("POST", "auth/token/create", {
    token: s.rootToken,
    body: { policies: ["app"], display_name: "billing" },
  });
  appToken = c.body.auth.client_token;
  appAccessor = c.body.auth.accessor;
  for (let i = 0; i < 3; i++) await s.request("GET", "secret/data/prod/db", { token: appToken });
  await s.request("GET", "secret/data/dev/db", { token: appToken });
});
after(async () => {
  await s.close();
  await rm(dir, { recursive: true, force: true });
  await home.cleanup();
});

describe("cofre audit list/enable/disable", () => {
  it("lists devices, and disables one", async () => {
    const other = join(dir, "second.log");
    assert.equal((await run(["audit", "enable", "-path=second", "file", `file_path=${other}`])).code, 0);
    const list = await run(["audit", "list", "-detailed"]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /file\/\s+file\s+main log/);
    assert.match(list.stdout, /second\/\s+file/);
    assert.ok(list.stdout.includes(`file_path:${other}`));
    const off = await run(["audit", "disable", "second"]);
    assert.equal(off.code, 0);
    const json = await run(["audit", "list", "-format=json"]);
    assert.deepEqual(Object.keys(JSON.parse(json.stdout)), ["file/"]);
    const bad = await run(["audit", "enable", "file", "file_path=/etc/x.log", "-path=bad"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /outside the directories/);
  });

  it("audit hash prints the device's HMAC of a value", async () => {
    const h = await run(["audit", "hash", "file", SECRET]);
    assert.equal(h.code, 0);
    assert.match(h.stdout.trim(), /^hmac-sha256:[0-9a-f]{64}$/);
    assert.ok((await readFile(log(), "utf8")).includes(h.stdout.trim()));
  });
});

describe("cofre audit verify", () => {
  /** A copy of the log to tamper with (the live log keeps growing). */
  async function copy(name: string, change?: (lines: string[]) => string[]): Promise<string> {
    const lines = (await readFile(log(), "utf8")).split("\n").filter(Boolean);
    const path = join(dir, name);
    await writeFile(path, `${(change ? change(lines) : lines).join("\n")}\n`);
    return path;
  }

  it("proves an untouched log whole", async () => {
    const r = await run(["audit", "verify", await copy("whole.log")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /whole\.log: OK: \d+ lines, entries #1-#\d+, chain verified/);
  });

  it("names an edited line", async () => {
    const path = await copy("edited.log", (l) => {
      l[4] = l[4].replace('"operation":"read"', '"operation":"list"').replace('"127.0.0.1"', '"10.9.9.9"');
      return l;
    });
    const r = await run(["audit", "verify", path]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /NOT WHOLE: line 5 was edited/);
    assert.match(r.stderr, /verification FAILED/);
  });

  it("names the line after a deleted one", async () => {
    const path = await copy("deleted.log", (l) => [...l.slice(0, 6), ...l.slice(7)]);
    const r = await run(["audit", "verify", path]);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /entry #7 is missing before line 7/);
  });

  it("names swapped lines", async () => {
    const path = await copy("swapped.log", (l) => {
      [l[2], l[3]] = [l[3], l[2]];
      return l;
    });
    const r = await run(["audit", "verify", "-format=json", path]);
    assert.equal(r.code, 2);
    const report = JSON.parse(r.stdout);
    assert.equal(report.valid, false);
    assert.deepEqual(
      { line: report.files[0].problem.line, kind: report.files[0].problem.kind },
      { line: 3, kind: "reordered" },
    );
  });

  it("verifies a rotated log and its successor as one sequence", async () => {
    const rotated = join(dir, "rotate-src.log");
    assert.equal((await run(["audit", "enable", "-path=rot", "file", `file_path=${rotated}`])).code, 0);
    await s.request("GET", "secret/data/prod/db", { token: s.rootToken });
    await rename(rotated, `${rotated}.1`);
    await s.core.auditDevices.reopen();
    await s.request("GET", "secret/data/prod/db", { token: s.rootToken });
    await copyFile(rotated, `${rotated}.snap`);
    const both = await run(["audit", "verify", "-device=rot", `${rotated}.1`, `${rotated}.snap`]);
    assert.equal(both.code, 0, both.stdout + both.stderr);
    assert.match(
      both.stdout,
      /snap: OK: 2 lines, entries #4-#5, chain verified\n {2}it follows on from the previous file/,
    );
    const alone = await run(["audit", "verify", "-device=rot", `${rotated}.snap`]);
    assert.equal(alone.code, 0);
    // Without the older file the link is named, with nothing to check it against.
    assert.match(alone.stdout, /continues an earlier file/);
    await run(["audit", "disable", "rot"]);
  });
});

describe("cofre audit query", () => {
  const query = (...args: string[]) => run(["audit", "query", "-device=file", ...args, log()]);

  it("finds who read a path, with plain accessors matched through audit-hash", async () => {
    const r = await query(
      "-path=secret/data/prod/*",
      "-operation=read",
      `-accessor=${appAccessor}`,
      "-format=json",
    );
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout);
    assert.equal(rows.length, 3);
    for (const row of rows) {
      assert.equal(row.path, "secret/data/prod/db");
      assert.equal(row.identity, "token-billing");
      assert.equal(row.result, "ok");
      assert.equal(row.remote_address, "127.0.0.1");
      assert.match(row.accessor, /^hmac-sha256:/);
    }
  });

  it("-failed shows the denial; -value finds requests that carried a value", async () => {
    const failed = await query("-failed", "-format=csv");
    assert.equal(failed.code, 0);
    const lines = failed.stdout.trim().split("\n");
    assert.equal(
      lines[0],
      "time,operation,path,identity,entity_id,accessor,remote_address,result,error,request_id",
    );
    assert.ok(
      lines.some((l) => l.includes("secret/data/dev/db") && l.includes(",denied,permission denied,")),
    );
    const byValue = await run(
      ["audit", "query", "-device=file", "-value=-", "-format=json", log()],
      `${SECRET}\n`,
    );
    const rows = JSON.parse(byValue.stdout);
    // The write, the reads, and this lookup itself (sys/audit-hash is audited too).
    assert.deepEqual([...new Set(rows.map((x: { path: string }) => x.path))].sort(), [
      "secret/data/prod/db",
      "sys/audit-hash/file",
    ]);
    assert.ok(rows.length >= 4, "the write and the reads");
    assert.ok(!byValue.stdout.includes(SECRET));
  });

  it("-since and -until bound the time; the table is the default", async () => {
    const future = await query("-since=2999-01-01T00:00:00Z");
    assert.equal(future.stdout.trim(), "No matching audit entries.");
    const recent = await query("-since=1h", "-path=secret/data/dev/db");
    assert.match(recent.stdout, /Time\s+Operation\s+Path\s+Identity\s+Remote\s+Result/);
    assert.match(recent.stdout, /read\s+secret\/data\/dev\/db\s+token-billing\s+127\.0\.0\.1\s+denied/);
    const bad = await query("-since=yesterday");
    assert.equal(bad.code, 1);
  });

  it("-summary counts requests by path and by identity", async () => {
    const r = await query("-summary", "-path=secret/data/*", "-format=json");
    const sum = JSON.parse(r.stdout);
    assert.equal(sum.by_path["secret/data/prod/db"] >= 4, true);
    assert.equal(sum.by_identity["token-billing"], 4);
    const text = await query("-summary", "-path=secret/data/*");
    assert.match(text.stdout, /Requests: \d+/);
    assert.match(text.stdout, /token-billing\s+4/);
  });

  it("never prints the token", async () => {
    const r = await query("-format=json");
    assert.ok(!r.stdout.includes(appToken));
    assert.ok(!r.stdout.includes(s.rootToken));
  });
});
