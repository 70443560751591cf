import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GroupCommitter, type TransactionalConnection } from "../../src/storage/group-commit.js";

/** A connection that records what happens to it; `failBegin`/`failCommit` make the next one throw. */
class FakeConnection implements TransactionalConnection {
  log: string[] = [];
  inTransaction = false;
  failCommit = false;
  failBegin = false;
  begin(): void {
    if (this.failBegin) {
      this.failBegin = false;
      throw new Error("database is locked");
    }
    this.log.push("begin");
    this.inTransaction = true;
  }
  commit(): void {
    if (this.failCommit) {
      this.failCommit = false;
      throw new Error("disk I/O error");
    }
    this.log.push("commit");
    this.inTransaction = false;
  }
  rollback(): void {
    this.log.push("rollback");
    this.inTransaction = false;
  }
}

describe("group commit", () => {
  test("writes issued in the same tick share one transaction, applied in issue order", async () => {
    const conn = new FakeConnection();
    const committer = new GroupCommitter(conn);
    const writes = [1, 2, 3].map((n) => committer.submit(() => conn.log.push(`w${n}`) && n));
    assert.deepEqual(conn.log, [], "nothing runs before the batch is flushed");
    assert.deepEqual(await Promise.all(writes), [1, 2, 3]);
    assert.deepEqual(conn.log, ["begin", "w1", "w2", "w3", "commit"]);
  });

  test("a write issued after a commit goes into the next transaction", async () => {
    const conn = new FakeConnection();
    const committer = new GroupCommitter(conn);
    await committer.submit(() => conn.log.push("w1"));
    await committer.submit(() => conn.log.push("w2"));
    assert.deepEqual(conn.log, ["begin", "w1", "commit", "begin", "w2", "commit"]);
  });

  test("a batch larger than maxBatch is split into several commits", async () => {
    const conn = new FakeConnection();
    const committer = new GroupCommitter(conn, 2);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => committer.submit(() => n)));
    assert.deepEqual(results, [1, 2, 3, 4, 5]);
    assert.equal(conn.log.filter((e) => e === "commit").length, 3);
  });

  test("a failed commit rejects every write of its batch, and later batches still commit", async () => {
    const conn = new FakeConnection();
    const committer = new GroupCommitter(conn);
    conn.failCommit = true;
    const results = await Promise.allSettled([committer.submit(() => 1), committer.submit(() => 2)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["rejected", "rejected"],
    );
    assert.ok(conn.log.includes("rollback"));
    assert.equal(await committer.submit(() => 3), 3);
  });

  test("a write that throws fails alone while the transaction stays open", async () => {
    const conn = new FakeConnection();
    const committer = new GroupCommitter(conn);
    const results = await Promise.allSettled([
      committer.submit(() => 1),
      committer.submit(() => {
        throw new Error("constraint failed");
      }),
      committer.submit(() => 3),
    ]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
    assert.deepEqual(conn.log, ["begin", "commit"]);
  });

  test("a transaction that cannot start rejects every write of its batch; the next batch commits", async () => {
    const conn = new FakeConnection();
    const gc = new GroupCommitter(conn);
    conn.failBegin = true;
    const results = await Promise.allSettled([gc.submit(() => conn.log.push("w1")), gc.submit(() => 2)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["rejected", "rejected"],
    );
    assert.equal(await gc.submit(() => "again"), "again");
    assert.deepEqual(conn.log, ["begin", "commit"]);
  });

  test("flushAll commits the queued writes before it returns", async () => {
    const conn = new FakeConnection();
    const committer = new GroupCommitter(conn);
    const write = committer.submit(() => "done");
    committer.flushAll();
    assert.deepEqual(conn.log, ["begin", "commit"]);
    assert.equal(await write, "done");
  });
});
