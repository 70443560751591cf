/**
 * `cofre run` as users run it: the real bin/cofre.ts as a child process, its command a grandchild.
 * SIGTERM sent to cofre reaches the command, exit codes (and deaths by signal) come back, and a
 * secret the command prints in two separate writes is masked.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { cofreRun } from "./cofre-run.js";

let s: TestServer;
const SECRET = "e2e-secret-value-0123456789";

before(async () => {
  s = await startTestServer();
  const r = await s.request("POST", "secret/data/e2e", {
    token: s.rootToken,
    body: { data: { secret: SECRET } },
  });
  assert.equal(r.status, 200, r.text);
});
after(() => s.close());

const run = (script: string) => cofreRun(s, "secret/e2e", script);

describe("cofre run (real process)", () => {
  it("forwards SIGTERM to the command and exits with the command's code", async () => {
    const started = run(
      "process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(42); }); console.log('READY'); setInterval(() => {}, 1e6);",
    );
    await started.ready;
    started.child.kill("SIGTERM");
    const r = await started.exited;
    assert.equal(r.code, 42, r.stderr);
    assert.equal(r.stdout, "READY\ngot SIGTERM\n");
  });

  it("passes exit codes through, and a death by signal as 128 + its number", async () => {
    const plain = await run("process.exit(3)").exited;
    assert.equal(plain.code, 3, plain.stderr);
    const killed = await run("process.kill(process.pid, 'SIGKILL')").exited;
    assert.equal(killed.code, 137, killed.stderr);
  });

  it("masks a secret the command prints in two writes, on stdout and stderr", async () => {
    const script =
      "const s = process.env.SECRET; const h = s.length >> 1; const fs = require('node:fs');" +
      "fs.writeSync(1, 'value: ' + s.slice(0, h)); fs.writeSync(2, 'err: ' + s.slice(0, 5));" +
      "setTimeout(() => { fs.writeSync(1, s.slice(h) + ' done\\n'); fs.writeSync(2, s.slice(5) + '\\n'); }, 150);";
    const r = await run(script).exited;
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "value: *** done\n");
    assert.equal(r.stderr, "err: ***\n");
  });
});
