import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { SqliteStorage } from "../../src/storage/sqlite.js";
import { expectedValue } from "./fixtures/sqlite-writer-values.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const writerScript = fileURLToPath(new URL("./fixtures/sqlite-writer.ts", import.meta.url));

type Acks = Map<number, number[]>; // writer -> acknowledged n, in order

/** Runs the writer child until `killAfter` acks were read, then SIGKILLs it; returns every ack read. */
function writeUntilKilled(path: string, round: string, killAfter: number): Promise<Acks> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", writerScript, path, round], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const acks: Acks = new Map();
    let count = 0;
    let pending = "";
    let stderr = "";
    let killed = false;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split("\n");
      pending = lines.pop() ?? ""; // an unfinished line is not an ack
      for (const line of lines) {
        const [w, n] = line.split(" ").map(Number);
        if (!acks.has(w)) acks.set(w, []);
        acks.get(w)!.push(n);
        count++;
      }
      if (!killed && count >= killAfter) {
        killed = child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    // "close" fires once stdout is drained: acks already in the pipe when the kill landed count too.
    child.on("close", (code, signal) => {
      if (signal !== "SIGKILL") {
        reject(new Error(`writer exited on its own (code ${code}) after ${count} acks: ${stderr}`));
      } else resolve(acks);
    });
  });
}

async function assertEveryAckDurable(path: string, round: string, acks: Acks): Promise<number> {
  const raw = new Database(path);
  const integrity = raw.pragma("integrity_check", { simple: true });
  raw.close();
  assert.equal(integrity, "ok");
  const storage = new SqliteStorage({ path });
  let checked = 0;
  try {
    for (const [w, ns] of acks) {
      for (const n of ns) {
        const key = `${round}/k/${w}/${n}`;
        const entry = await storage.get(key);
        assert.ok(entry, `acknowledged key ${key} is missing`);
        assert.deepEqual(entry.value, expectedValue(key), `acknowledged key ${key} has a wrong value`);
        checked++;
      }
      const counter = await storage.get(`${round}/counter/${w}`);
      const last = new TextDecoder().decode(counter?.value).split(":")[0];
      assert.ok(Number(last) >= Math.max(...ns), `counter of writer ${w} went back to ${last}`);
      assert.deepEqual(counter?.value, expectedValue(last));
    }
  } finally {
    await storage.close();
  }
  return checked;
}

test("no acknowledged write is lost when the process is killed with SIGKILL", {
  timeout: 30_000,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "cofre-crash-"));
  try {
    const path = join(dir, "cofre.db");
    // Three rounds on one file: each later round starts from a database recovered after a kill.
    for (const round of ["r1", "r2", "r3"]) {
      const killAfter = 300 + Math.floor(Math.random() * 1200);
      const acks = await writeUntilKilled(path, round, killAfter);
      const checked = await assertEveryAckDurable(path, round, acks);
      assert.ok(checked >= killAfter, `round ${round}: checked ${checked} acks, killed after ${killAfter}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
