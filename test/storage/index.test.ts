import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { InvalidRequestError } from "../../src/errors.js";
import { createStorage } from "../../src/storage/index.js";

test("createStorage builds the in-memory store", async () => {
  const storage = createStorage("inmem", {});
  assert.equal(storage.type, "inmem");
  await storage.put("k", new Uint8Array([1]));
  assert.equal((await storage.get("k"))?.revision, 1);
  await storage.close();
});

test("createStorage builds the sqlite store at the configured path", async () => {
  const dir = await mkdtemp(join(tmpdir(), "cofre-storage-"));
  try {
    const storage = createStorage("sqlite", { path: join(dir, "cofre.db") });
    assert.equal(storage.type, "sqlite");
    assert.equal(await storage.put("k", new Uint8Array([1])), 1);
    await storage.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("createStorage names the supported types when the type is unknown", () => {
  assert.throws(
    () => createStorage("consul", {}),
    (error) =>
      error instanceof InvalidRequestError &&
      /consul/.test(error.message) &&
      /inmem, sqlite/.test(error.message),
  );
  assert.throws(() => createStorage("toString", {}), InvalidRequestError);
});

test("createStorage requires a path for sqlite", () => {
  assert.throws(
    () => createStorage("sqlite", {}),
    (error) => error instanceof InvalidRequestError && /path/.test(error.message),
  );
});
