/** Destination files: mode past the umask, owner, no temporary file left, the old file kept on failure. */
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { writeFileAtomic } from "../../src/agent/atomic-write.js";
import { tempDir } from "./agent-harness.js";

describe("writeFileAtomic", () => {
  it("sets the exact mode (past the umask), creates parent folders 0700, replaces the old content", async () => {
    const { dir, remove } = await tempDir();
    try {
      const path = join(dir, "a", "b", "out.txt");
      await writeFileAtomic(path, "one", { mode: 0o666, createDirs: true });
      assert.equal((await stat(path)).mode & 0o777, 0o666);
      assert.equal((await stat(join(dir, "a"))).mode & 0o777, 0o700);
      await writeFileAtomic(path, "two", { mode: 0o600 });
      assert.equal(await readFile(path, "utf8"), "two");
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.deepEqual(await readdir(join(dir, "a", "b")), ["out.txt"]);
    } finally {
      await remove();
    }
  });

  it("a failed write leaves the destination as it was, no temporary file, and an error without the content", async () => {
    const { dir, remove } = await tempDir();
    try {
      const target = join(dir, "is-a-dir");
      await mkdir(target);
      await writeFile(join(target, "keep"), "x");
      await assert.rejects(writeFileAtomic(target, "secret-content-value", { mode: 0o600 }), (err: Error) => {
        assert.match(err.message, /^cannot write .*is-a-dir: E[A-Z]+$/);
        assert.ok(!err.message.includes("secret-content-value"));
        return true;
      });
      assert.deepEqual(await readdir(dir), ["is-a-dir"]);
      assert.deepEqual(await readdir(target), ["keep"]);
      await assert.rejects(writeFileAtomic(join(dir, "missing", "f"), "x", { mode: 0o600 }), /ENOENT/);
    } finally {
      await remove();
    }
  });

  it("sets the owner (when running as root)", { skip: process.getuid?.() !== 0 }, async () => {
    const { dir, remove } = await tempDir();
    try {
      const path = join(dir, "owned");
      await writeFileAtomic(path, "x", { mode: 0o640, uid: 65534, gid: 65534 });
      const st = await stat(path);
      assert.equal(st.uid, 65534);
      assert.equal(st.gid, 65534);
    } finally {
      await remove();
    }
  });
});
