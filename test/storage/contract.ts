import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { InvalidRequestError } from "../../src/errors.js";
import type { PhysicalStorage, TxOp } from "../../src/storage/types.js";

export interface StorageUnderTest {
  storage: PhysicalStorage;
  /** Releases what the backend used (temp dir, database); runs after storage.close(). */
  cleanup(): Promise<void>;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined): string => new TextDecoder().decode(value);

/** The behaviour every physical backend must show. Each test gets a fresh, empty store. */
export function runStorageContract(name: string, make: () => Promise<StorageUnderTest>): void {
  const withStorage = async (body: (storage: PhysicalStorage) => Promise<void>): Promise<void> => {
    const { storage, cleanup } = await make();
    try {
      await body(storage);
    } finally {
      await storage.close();
      await cleanup();
    }
  };
  const it = (title: string, body: (storage: PhysicalStorage) => Promise<void>) =>
    test(title, () => withStorage(body));
  const putAll = async (storage: PhysicalStorage, keys: string[]) => {
    await Promise.all(keys.map((key) => storage.put(key, bytes(key))));
  };

  describe(`${name} storage contract`, () => {
    describe("get, put, delete", () => {
      it("get of a missing key is null", async (s) => {
        assert.equal(await s.get("missing"), null);
      });

      it("put then get returns the key, value and revision 1", async (s) => {
        assert.equal(await s.put("a/b", bytes("hello")), 1);
        assert.deepEqual(await s.get("a/b"), { key: "a/b", value: bytes("hello"), revision: 1 });
      });

      it("each put replaces the value and adds 1 to the revision", async (s) => {
        assert.equal(await s.put("k", bytes("one")), 1);
        assert.equal(await s.put("k", bytes("two")), 2);
        assert.equal(await s.put("k", bytes("three")), 3);
        const entry = await s.get("k");
        assert.equal(text(entry?.value), "three");
        assert.equal(entry?.revision, 3);
      });

      it("delete removes a key, deleting an absent key is fine, a recreated key restarts at 1", async (s) => {
        await s.put("k", bytes("v"));
        await s.put("k", bytes("v2"));
        await s.delete("k");
        assert.equal(await s.get("k"), null);
        await s.delete("k");
        await s.delete("never-existed");
        assert.equal(await s.put("k", bytes("again")), 1);
        assert.equal((await s.get("k"))?.revision, 1);
      });

      it("stores every byte value and the empty value exactly", async (s) => {
        const all = Uint8Array.from({ length: 256 }, (_, i) => i);
        await s.put("bin/all", all);
        await s.put("bin/empty", new Uint8Array(0));
        const entry = await s.get("bin/all");
        assert.ok(entry?.value instanceof Uint8Array);
        assert.deepEqual(entry?.value, all);
        const empty = await s.get("bin/empty");
        assert.notEqual(empty, null, "an empty value is still a stored key");
        assert.equal(empty?.value.length, 0);
      });

      it("keeps its own copy of values in and out", async (s) => {
        const input = Buffer.from("original");
        const written = s.put("copy", input);
        input.fill(0); // the caller reuses its buffer before the write completed
        await written;
        const first = await s.get("copy");
        first?.value.fill(0);
        assert.equal(text((await s.get("copy"))?.value), "original");
      });

      it("a put issued after another in the same tick wins, and revisions follow issue order", async (s) => {
        const revisions = await Promise.all([
          s.put("k", bytes("1")),
          s.put("k", bytes("2")),
          s.put("k", bytes("3")),
        ]);
        assert.deepEqual(revisions, [1, 2, 3]);
        assert.equal(text((await s.get("k"))?.value), "3");
      });

      it("rejects a key that is not valid Unicode and stores nothing", async (s) => {
        await assert.rejects(s.put("bad/\ud800", bytes("v")), InvalidRequestError);
        await assert.rejects(
          s.transaction([{ type: "put", key: "bad/\udc00x", value: bytes("v") }]),
          InvalidRequestError,
        );
        assert.deepEqual(await s.list(""), []);
      });

      it("rejects a value that is not bytes", async (s) => {
        await assert.rejects(s.put("k", "text" as unknown as Uint8Array), InvalidRequestError);
        assert.equal(await s.get("k"), null);
      });
    });

    describe("list", () => {
      it("returns direct children, sorted, folders once with a trailing slash", async (s) => {
        await putAll(s, ["a/e/f", "a/b/c", "a/d", "a/e/g/h", "b", "a/b/c2"]);
        assert.deepEqual(await s.list("a/"), ["b/", "d", "e/"]);
        assert.deepEqual(await s.list("a/e/"), ["f", "g/"]);
        assert.deepEqual(await s.list(""), ["a/", "b"]);
      });

      it("is empty for an unknown prefix and for an empty store", async (s) => {
        assert.deepEqual(await s.list(""), []);
        await putAll(s, ["x/y"]);
        assert.deepEqual(await s.list("nothing/"), []);
        assert.deepEqual(await s.list("x/y/"), []);
      });

      it("lists a key that is also a folder twice: as a leaf and as a folder", async (s) => {
        await putAll(s, ["p/a", "p/a/b", "p/a/c/d"]);
        assert.deepEqual(await s.list("p/"), ["a", "a/"]);
      });

      it("lists a folder once however many keys it holds", async (s) => {
        const keys = Array.from({ length: 300 }, (_, i) => `big/f1/${i % 7}/${i}`);
        await putAll(s, [...keys, "big/f2/x", "big/leaf"]);
        assert.deepEqual(await s.list("big/"), ["f1/", "f2/", "leaf"]);
        assert.equal((await s.list("big/f1/")).length, 7);
      });

      it("does not mix neighbours of the separator into a folder", async (s) => {
        await putAll(s, ["a/x", "a/y/z", "a0", "a.", "a-b/c", "a/0", "a//d"]);
        assert.deepEqual(await s.list(""), ["a-b/", "a.", "a/", "a0"]);
        assert.deepEqual(await s.list("a/"), ["/", "0", "x", "y/"]);
      });

      it("treats %, _ and non-ASCII characters literally and sorts by code point", async (s) => {
        const names = ["%", "_", "a%b/c", "a_b", "ab", "é", "日本/x", "\uff61", "\u{1f600}"];
        await putAll(
          s,
          names.map((n) => `u/${n}`),
        );
        await putAll(s, ["w_/x", "wa/y", "w%/z", "wzz/q"]);
        assert.deepEqual(await s.list("u/"), [
          "%",
          "_",
          "a%b/",
          "a_b",
          "ab",
          "é",
          "日本/",
          "\uff61",
          "\u{1f600}",
        ]);
        assert.deepEqual(await s.list("u/a%b/"), ["c"]);
        assert.deepEqual(await s.list("u/日本/"), ["x"]);
        assert.deepEqual(await s.list("w_/"), ["x"]);
        assert.deepEqual(await s.list("w%/"), ["z"]);
      });

      it("forgets deleted keys and folders whose last key was deleted", async (s) => {
        await putAll(s, ["d/gone/x", "d/kept", "d/gone2"]);
        await s.delete("d/gone/x");
        await s.delete("d/gone2");
        assert.deepEqual(await s.list("d/"), ["kept"]);
      });
    });

    describe("transaction", () => {
      it("applies every op when the checks hold", async (s) => {
        await s.put("t/a", bytes("a1"));
        await s.put("t/b", bytes("b1"));
        const ok = await s.transaction(
          [
            { type: "put", key: "t/a", value: bytes("a2") },
            { type: "delete", key: "t/b" },
            { type: "put", key: "t/c", value: bytes("c1") },
          ],
          [
            { key: "t/a", revision: 1 },
            { key: "t/c", absent: true },
          ],
        );
        assert.equal(ok, true);
        assert.deepEqual(await s.get("t/a"), { key: "t/a", value: bytes("a2"), revision: 2 });
        assert.equal(await s.get("t/b"), null);
        assert.equal((await s.get("t/c"))?.revision, 1);
      });

      it("applies nothing when one check fails", async (s) => {
        await s.put("t/a", bytes("a1"));
        await s.put("t/a", bytes("a2"));
        const ops: TxOp[] = [
          { type: "put", key: "t/new", value: bytes("n") },
          { type: "delete", key: "t/a" },
        ];
        assert.equal(
          await s.transaction(ops, [
            { key: "t/new", absent: true },
            { key: "t/a", revision: 1 },
          ]),
          false,
        );
        assert.equal(await s.transaction(ops, [{ key: "t/a", absent: true }]), false);
        assert.equal(await s.transaction(ops, [{ key: "t/missing", revision: 1 }]), false);
        assert.equal(await s.get("t/new"), null);
        assert.deepEqual(await s.get("t/a"), { key: "t/a", value: bytes("a2"), revision: 2 });
      });

      it("checks absence, and the revision of a key recreated after a delete", async (s) => {
        assert.equal(
          await s.transaction([{ type: "put", key: "k", value: bytes("1") }], [{ key: "k", absent: true }]),
          true,
        );
        assert.equal(
          await s.transaction([{ type: "put", key: "k", value: bytes("2") }], [{ key: "k", absent: true }]),
          false,
        );
        await s.put("k", bytes("2"));
        await s.delete("k");
        await s.put("k", bytes("3"));
        assert.equal(await s.transaction([{ type: "delete", key: "k" }], [{ key: "k", revision: 2 }]), false);
        assert.equal(await s.transaction([{ type: "delete", key: "k" }], [{ key: "k", revision: 1 }]), true);
        assert.equal(await s.get("k"), null);
      });

      it("with no ops reports whether the checks hold and changes nothing", async (s) => {
        await s.put("k", bytes("v"));
        assert.equal(await s.transaction([], [{ key: "k", revision: 1 }]), true);
        assert.equal(await s.transaction([], [{ key: "k", revision: 2 }]), false);
        assert.equal(await s.transaction([]), true);
        assert.equal((await s.get("k"))?.revision, 1);
      });

      it("rejects a malformed op or check and applies nothing", async (s) => {
        const bogus = { type: "truncate", key: "t/x" } as unknown as TxOp;
        const good: TxOp = { type: "put", key: "t/ok", value: bytes("v") };
        await assert.rejects(s.transaction([good, bogus]), InvalidRequestError);
        await assert.rejects(s.transaction([good], [{ key: "t/ok" } as never]), InvalidRequestError);
        assert.equal(await s.get("t/ok"), null);
      });

      it("sees the writes issued before it in the same tick", async (s) => {
        const put = s.put("k", bytes("v"));
        const tx = s.transaction([{ type: "put", key: "k", value: bytes("w") }], [{ key: "k", revision: 1 }]);
        const stale = s.transaction([{ type: "delete", key: "k" }], [{ key: "k", revision: 1 }]);
        assert.deepEqual(await Promise.all([put, tx, stale]), [1, true, false]);
        assert.deepEqual(await s.get("k"), { key: "k", value: bytes("w"), revision: 2 });
      });

      it("lets exactly one of many concurrent compare-and-set writers win", async (s) => {
        await s.put("cas", bytes("start"));
        const writers = Array.from({ length: 50 }, (_, i) =>
          s.transaction(
            [{ type: "put", key: "cas", value: bytes(`writer-${i}`) }],
            [{ key: "cas", revision: 1 }],
          ),
        );
        const results = await Promise.all(writers);
        const winners = results.flatMap((won, i) => (won ? [i] : []));
        assert.equal(winners.length, 1);
        assert.deepEqual(await s.get("cas"), {
          key: "cas",
          value: bytes(`writer-${winners[0]}`),
          revision: 2,
        });
      });

      it("lets exactly one of many concurrent create-if-absent writers win", async (s) => {
        const writers = Array.from({ length: 30 }, (_, i) =>
          s.transaction(
            [
              { type: "put", key: "lock", value: bytes(`${i}`) },
              { type: "put", key: `owner/${i}`, value: bytes("yes") },
            ],
            [{ key: "lock", absent: true }],
          ),
        );
        const results = await Promise.all(writers);
        assert.equal(results.filter(Boolean).length, 1);
        const winner = results.indexOf(true);
        assert.equal(text((await s.get("lock"))?.value), `${winner}`);
        assert.deepEqual(await s.list("owner/"), [`${winner}`]);
      });
    });
  });
}
