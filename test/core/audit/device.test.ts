import assert from "node:assert/strict";
import { mkdtemp, readFile, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createDevice, type FactoryDeps } from "../../../src/core/audit/create-device.js";
import { SocketDevice } from "../../../src/core/audit/devices.js";
import { NO_EXEMPT_KEYS } from "../../../src/core/audit/hash-entry.js";
import { commonSettings } from "../../../src/core/audit/options.js";
import type { AuditSink } from "../../../src/core/audit/sinks/types.js";
import { verifyLines } from "../../../src/core/audit/verify.js";
import { ManualClock } from "../../../src/util/clock.js";
import { silentLogger } from "../../../src/util/logger.js";
import { deviceEntry, KEYS, logLines, ManualTimers, plainEntry } from "./helpers.js";

let dir: string;
let deps: FactoryDeps;
const key = Buffer.from(KEYS.chainKey, "base64");

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cofre-audit-dev-"));
  deps = { clock: new ManualClock(), logger: silentLogger, timers: new ManualTimers(), allowedDirs: [dir] };
});
after(() => rm(dir, { recursive: true, force: true }));

const fileDevice = (file: string, extra: Record<string, string> = {}) =>
  createDevice(deviceEntry("file", { file_path: file, ...extra }), KEYS, deps);

describe("file device", () => {
  it("writes concurrent entries as whole chained lines, in order, with mode 0600", async () => {
    const file = join(dir, "order.log");
    const d = await fileDevice(file);
    await d.open();
    await Promise.all(Array.from({ length: 20 }, (_, i) => d.log(plainEntry(`p/${i}`), NO_EXEMPT_KEYS)));
    const lines = await logLines(file);
    assert.equal(lines.length, 20);
    assert.deepEqual(
      lines.map((l) => JSON.parse(l).request.path),
      Array.from({ length: 20 }, (_, i) => `p/${i}`),
    );
    assert.equal(verifyLines(key, { lines, firstLine: 1, after: null, prefix: "" }).valid, true);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(d.health().writes, 20);
    await d.close();
  });

  it("resumes the chain of an existing file after a restart", async () => {
    const file = join(dir, "resume.log");
    const first = await fileDevice(file);
    await first.open();
    await first.log(plainEntry("a"), NO_EXEMPT_KEYS);
    await first.close();
    const second = await fileDevice(file);
    await second.open();
    await second.log(plainEntry("b"), NO_EXEMPT_KEYS);
    await second.close();
    const lines = await logLines(file);
    assert.deepEqual(
      lines.map((l) => JSON.parse(l).seq),
      [1, 2],
    );
    assert.equal(verifyLines(key, { lines, firstLine: 1, after: null, prefix: "" }).valid, true);
  });

  it("after rotation, the new file links to the old one's last line", async () => {
    const file = join(dir, "rotate.log");
    const d = await fileDevice(file);
    await d.open();
    await d.log(plainEntry("a"), NO_EXEMPT_KEYS);
    await d.log(plainEntry("b"), NO_EXEMPT_KEYS);
    await rename(file, `${file}.1`);
    await d.open();
    await d.log(plainEntry("c"), NO_EXEMPT_KEYS);
    await d.close();
    const old = await logLines(`${file}.1`);
    const fresh = await logLines(file);
    assert.equal(fresh.length, 1);
    assert.equal(JSON.parse(fresh[0]).chain_prev, JSON.parse(old[1]).chain);
    const both = verifyLines(key, { lines: [...old, ...fresh], firstLine: 1, after: null, prefix: "" });
    assert.equal(both.valid, true);
    assert.deepEqual(both.restarts, []);
  });

  it("a re-open during writes loses nothing: in-flight lines stay in the old file, later ones go to the new", async () => {
    const file = join(dir, "busy.log");
    const d = await fileDevice(file);
    await d.open();
    const first = Array.from({ length: 15 }, (_, i) => d.log(plainEntry(`a/${i}`), NO_EXEMPT_KEYS));
    await rename(file, `${file}.1`);
    const reopened = d.reopen();
    const second = Array.from({ length: 15 }, (_, i) => d.log(plainEntry(`b/${i}`), NO_EXEMPT_KEYS));
    await Promise.all([...first, ...second, reopened]);
    await d.close();
    const old = await logLines(`${file}.1`);
    const fresh = await logLines(file);
    assert.equal(old.length + fresh.length, 30);
    assert.ok(fresh.length > 0);
    const both = verifyLines(key, { lines: [...old, ...fresh], firstLine: 1, after: null, prefix: "" });
    assert.equal(both.valid, true);
    assert.deepEqual(both.restarts, []);
  });

  it("a file ending in a cut line is continued on a fresh line, with a fresh chain", async () => {
    const file = join(dir, "cut.log");
    await writeFile(file, '{"time":"x","type":"req');
    const d = await fileDevice(file);
    await d.open();
    await d.log(plainEntry("a"), NO_EXEMPT_KEYS);
    await d.close();
    const lines = await logLines(file);
    assert.equal(lines.length, 2);
    assert.equal(JSON.parse(lines[1]).seq, 1);
  });

  it("a full disk fails the write with ENOSPC and is reported", async () => {
    const d = await createDevice(deviceEntry("file", { file_path: "/dev/full" }), KEYS, {
      ...deps,
      allowedDirs: ["/dev"],
    });
    await d.open();
    await assert.rejects(d.log(plainEntry("x"), NO_EXEMPT_KEYS), { code: "ENOSPC" });
    const h = d.health();
    assert.equal(h.healthy, false);
    assert.equal(h.lastError, "ENOSPC");
    await d.close();
  });

  it("refuses a symlink as the log file, and paths outside the allowed directories", async () => {
    const target = join(dir, "target.log");
    await writeFile(target, "");
    const link = join(dir, "link.log");
    await symlink(target, link);
    const viaLink = await fileDevice(link);
    await assert.rejects(viaLink.open(), /symbolic link/);

    await assert.rejects(fileDevice("/etc/cofre-audit.log"), /outside the directories/);
    await assert.rejects(fileDevice("relative.log"), /absolute/);
    const outside = await mkdtemp(join(tmpdir(), "cofre-audit-out-"));
    try {
      await symlink(outside, join(dir, "escape"));
      await assert.rejects(fileDevice(join(dir, "escape", "x.log")), /outside the directories/);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
    await assert.rejects(
      createDevice(deviceEntry("file", { file_path: join(dir, "x.log") }), KEYS, {
        ...deps,
        allowedDirs: [],
      }),
      /may only write to "stdout" or "discard"/,
    );
  });

  it("the prefix starts every line", async () => {
    const file = join(dir, "prefix.log");
    const d = await fileDevice(file, { prefix: "AUDIT " });
    await d.open();
    await d.log(plainEntry("a"), NO_EXEMPT_KEYS);
    await d.close();
    assert.match(await readFile(file, "utf8"), /^AUDIT \{"time"/);
  });

  it("refuses unknown options and bad values", async () => {
    const file = join(dir, "opts.log");
    await assert.rejects(fileDevice(file, { file_pth: "x" }), /unknown option\(s\).*file_pth/);
    await assert.rejects(fileDevice(file, { log_raw: "maybe" }), /log_raw must be a boolean/);
    await assert.rejects(fileDevice(file, { format: "jsonx" }), /format must be "json"/);
    await assert.rejects(fileDevice(file, { mode: "999" }), /mode must be octal/);
    await assert.rejects(fileDevice(file, { write_timeout: "forever" }), /write_timeout/);
  });
});

describe("write deadline", () => {
  /** A sink whose writes hang until released. */
  function hangingSink() {
    const waiting: Array<() => void> = [];
    let aborted = 0;
    const sink: AuditSink = {
      isOpen: true,
      open: async () => {},
      write: () => new Promise<void>((resolve) => waiting.push(resolve)),
      abort: () => {
        aborted++;
      },
      close: async () => {},
    };
    return {
      sink,
      release: () => {
        for (const r of waiting.splice(0)) r();
      },
      aborted: () => aborted,
    };
  }

  it("a hanging write fails at its deadline, and the device then refuses at once until it settles", async () => {
    const timers = new ManualTimers();
    const { sink, release, aborted } = hangingSink();
    const entry = deviceEntry("socket", { address: "127.0.0.1:9" });
    const d = new SocketDevice(entry, "salt", commonSettings({ write_timeout: "100ms" }), sink, {
      clock: new ManualClock(),
      logger: silentLogger,
      timers,
    });
    const first = d.log(plainEntry("a"), NO_EXEMPT_KEYS);
    assert.equal(timers.count, 1);
    timers.fireAll();
    await assert.rejects(first, { code: "ETIMEDOUT" });
    assert.equal(aborted(), 1);
    // Stalled: refused immediately, nothing queued behind the hung write.
    await assert.rejects(d.log(plainEntry("b"), NO_EXEMPT_KEYS), { code: "ESTALLED" });
    assert.equal(timers.count, 0);
    assert.equal(d.health().consecutiveFailures, 2);
    // Once the hung write settles, the device writes again.
    release();
    await new Promise((r) => setImmediate(r));
    const third = d.log(plainEntry("c"), NO_EXEMPT_KEYS);
    release();
    await third;
    assert.equal(d.health().healthy, true);
  });
});
