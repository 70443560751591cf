/** sys/audit, sys/audit/:path, sys/audit-hash, sys/audit-status: permissions, validation, persistence. */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer, tokenWith } from "../../helpers/server.js";
import { logEntries, logLines } from "./helpers.js";

let s: TestServer;
let dir: string;

const put = (path: string, body: unknown, token = s.rootToken) =>
  s.request("PUT", `sys/audit/${path}`, { token, body });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cofre-audit-sys-"));
  s = await startTestServer({ auditAllowedDirs: [dir] });
});
after(async () => {
  await s.close();
  await rm(dir, { recursive: true, force: true });
});

describe("sys/audit", () => {
  it("enable, list (with top-level keys as Vault), disable", async () => {
    const file = join(dir, "list.log");
    const on = await put("list-dev", { type: "file", description: "d", options: { file_path: file } });
    assert.equal(on.status, 204, on.text);
    const l = await s.request("GET", "sys/audit", { token: s.rootToken });
    assert.equal(l.status, 200);
    const expected = {
      type: "file",
      description: "d",
      options: { file_path: file },
      local: false,
      path: "list-dev/",
    };
    assert.deepEqual(l.body.data["list-dev/"], expected);
    assert.deepEqual(l.body["list-dev/"], expected);
    assert.equal((await s.request("DELETE", "sys/audit/list-dev", { token: s.rootToken })).status, 204);
    const after = await s.request("GET", "sys/audit", { token: s.rootToken });
    assert.equal(after.body?.data?.["list-dev/"], undefined);
    // Disabling what is not there is not an error (Vault answers 204 too).
    assert.equal((await s.request("DELETE", "sys/audit/nothing", { token: s.rootToken })).status, 204);
  });

  it("needs sudo; audit-hash needs only update", async () => {
    await s.request("PUT", "sys/policies/acl/auditor", {
      token: s.rootToken,
      body: {
        policy:
          'path "sys/audit*" { capabilities = ["read", "update", "delete"] }\npath "sys/audit-hash/*" { capabilities = ["update"] }',
      },
    });
    const t = await tokenWith(s, ["auditor"]);
    assert.equal((await s.request("GET", "sys/audit", { token: t })).status, 403);
    const on = await put("nosudo", { type: "file", options: { file_path: "discard" } }, t);
    assert.equal(on.status, 403);
    assert.equal((await s.request("GET", "sys/audit-status", { token: t })).status, 403);
  });

  it("refuses bad input with 400 and changes nothing", async () => {
    await mkdir(join(dir, "adir"));
    const cases: Array<[unknown, RegExp]> = [
      [{ options: { file_path: "discard" } }, /type is required/],
      [{ type: "kafka" }, /unknown backend type/],
      [{ type: "file", options: {} }, /file_path is required/],
      [{ type: "file", options: { file_path: "/etc/passwd" } }, /outside the directories/],
      [{ type: "file", options: { file_path: join(dir, "nodir", "x.log") } }, /does not exist/],
      [
        { type: "file", options: { file_path: join(dir, "adir") } },
        /unable to open file audit device bad\/ for writing/,
      ],
      [{ type: "file", options: { file_path: "discard", colour: "red" } }, /unknown option/],
      [{ type: "socket", options: { address: "nohostport" } }, /address must be host:port/],
      [{ type: "syslog", options: { facility: "NOPE" } }, /facility/],
      [{ type: "file", options: "x" }, /expected an object/],
    ];
    for (const [body, message] of cases) {
      const r = await put("bad", body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(r.body.errors.join(" "), message, JSON.stringify(body));
    }
    const bad = await put("a%20b", { type: "file", options: { file_path: "discard" } });
    assert.equal(bad.status, 400);
    const l = await s.request("GET", "sys/audit", { token: s.rootToken });
    assert.equal(l.body?.data?.["bad/"], undefined);
  });

  it("refuses a path in use and a file another device writes", async () => {
    const file = join(dir, "dup.log");
    assert.equal((await put("dup", { type: "file", options: { file_path: file } })).status, 204);
    const again = await put("dup", { type: "file", options: { file_path: "discard" } });
    assert.equal(again.status, 400);
    assert.match(again.body.errors[0], /path already in use/);
    const same = await put("dup2", { type: "file", options: { file_path: file } });
    assert.match(same.body.errors[0], /already written by audit device dup\//);
    await s.request("DELETE", "sys/audit/dup", { token: s.rootToken });
  });

  it("audit-hash: empty input and unknown devices are 400; re-enabling makes a new salt", async () => {
    assert.equal((await put("salted", { type: "file", options: { file_path: "discard" } })).status, 204);
    const hash = async () =>
      (await s.request("POST", "sys/audit-hash/salted", { token: s.rootToken, body: { input: "v" } })).body
        .data.hash;
    const first = await hash();
    const empty = await s.request("POST", "sys/audit-hash/salted", {
      token: s.rootToken,
      body: { input: "" },
    });
    assert.equal(empty.status, 400);
    assert.deepEqual(empty.body.errors, ['the "input" parameter is empty']);
    const unknown = await s.request("POST", "sys/audit-hash/none", {
      token: s.rootToken,
      body: { input: "v" },
    });
    assert.equal(unknown.status, 400);
    await s.request("DELETE", "sys/audit/salted", { token: s.rootToken });
    await put("salted", { type: "file", options: { file_path: "discard" } });
    assert.notEqual(await hash(), first);
    await s.request("DELETE", "sys/audit/salted", { token: s.rootToken });
  });
});

describe("audit devices across seal and unseal", () => {
  it("are re-opened after unseal and keep their salt and chain", async () => {
    const other = await startTestServer({ auditAllowedDirs: [dir] });
    try {
      const file = join(dir, "persist.log");
      assert.equal(
        (
          await other.request("PUT", "sys/audit/keep", {
            token: other.rootToken,
            body: { type: "file", options: { file_path: file } },
          })
        ).status,
        204,
      );
      const h = async () =>
        (await other.request("POST", "sys/audit-hash/keep", { token: other.rootToken, body: { input: "x" } }))
          .body.data.hash;
      const before = await h();
      assert.equal((await other.request("PUT", "sys/seal", { token: other.rootToken })).status, 204);
      const un = await other.request("PUT", "sys/unseal", { body: { key: other.keys[0] } });
      assert.equal(un.body.sealed, false);
      assert.equal(await h(), before);
      const seqs = (await logEntries(file)).map((e) => e.seq);
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => i + 1),
        "one chain across the unseal",
      );
    } finally {
      await other.close();
    }
  });

  it("a request between the barrier opening and the devices loading is refused, not let through", async () => {
    const other = await startTestServer({ auditAllowedDirs: [dir] });
    try {
      await other.request("PUT", "sys/audit/early", {
        token: other.rootToken,
        body: { type: "file", options: { file_path: "discard" } },
      });
      await other.request("PUT", "sys/seal", { token: other.rootToken });
      // The barrier opens; the core's post-unseal setup (which reads the device table) has not run.
      await other.core.seal.submitUnsealKey(Buffer.from(other.keys[0], "base64"));
      const early = await other.request("GET", "sys/policy", { token: other.rootToken });
      assert.equal(early.status, 500);
      await other.core.afterUnseal();
      assert.equal((await other.request("GET", "sys/policy", { token: other.rootToken })).status, 200);
    } finally {
      await other.close();
    }
  });

  it("unseal is refused while no enabled device can be opened, and works once one can", async () => {
    const other = await startTestServer({ auditAllowedDirs: [dir] });
    try {
      const sub = join(dir, "gone");
      await mkdir(sub);
      const file = join(sub, "only.log");
      await other.request("PUT", "sys/audit/only", {
        token: other.rootToken,
        body: { type: "file", options: { file_path: file } },
      });
      await other.request("PUT", "sys/seal", { token: other.rootToken });
      await rename(sub, `${sub}.moved`);
      const un = await other.request("PUT", "sys/unseal", { body: { key: other.keys[0] } });
      assert.equal(un.status, 500);
      assert.equal((await other.request("GET", "sys/seal-status")).body.sealed, true);
      await mkdir(sub);
      const again = await other.request("PUT", "sys/unseal", { body: { key: other.keys[0] } });
      assert.equal(again.body.sealed, false);
      assert.equal((await other.request("GET", "secret/config", { token: other.rootToken })).status, 200);
      assert.ok((await logLines(file)).length >= 2);
    } finally {
      await other.close();
    }
  });
});
