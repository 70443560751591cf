/**
 * `cofre run --fallback`: written (encrypted, 0600) while the server answers; used, loudly, when
 * it cannot be reached; refused when too old, written for other paths, or under another key.
 */
import assert from "node:assert/strict";
import { readFile, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { writeFallback } from "../../src/cli/inject/fallback.js";
import { ManualClock } from "../../src/util/clock.js";
import { cofre, tempHome } from "../cli/harness.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const NODE = process.execPath;
const PRINT = [NODE, "-e", "console.log(process.env.API_KEY)"];
const PASSPHRASE = "correct horse battery staple";

let s: TestServer;
let home: Awaited<ReturnType<typeof tempHome>>;
let downAddr: string;

/** An address nothing listens on. */
async function closedAddress(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return `http://127.0.0.1:${port}`;
}

before(async () => {
  s = await startTestServer();
  home = await tempHome();
  downAddr = await closedAddress();
  const r = await s.request("POST", "secret/data/app", {
    token: s.rootToken,
    body: { data: { api_key: "ak-fallback-999" } },
  });
  assert.equal(r.status, 200);
});
after(async () => {
  await s.close();
  await home.cleanup();
});

const run = (argv: string[], env: Record<string, string>) =>
  cofre(["run", "--no-mask", ...argv], { env: { COFRE_TOKEN: s.rootToken, ...env }, home: home.dir });

describe("cofre run --fallback", () => {
  const file = () => join(home.dir, "app.fallback");

  it("writes the file while the server answers, and uses it (loudly) when the server is down", async () => {
    const up = await run([`--fallback=${file()}`, "--path=secret/app", "--", ...PRINT], {
      COFRE_ADDR: s.addr,
      COFRE_FALLBACK_PASSPHRASE: PASSPHRASE,
    });
    assert.equal(up.code, 0, up.stderr);
    assert.equal(up.stdout, "ak-fallback-999\n");
    assert.equal((await stat(file())).mode & 0o777, 0o600);
    const raw = await readFile(file(), "utf8");
    assert.ok(
      !raw.includes("ak-fallback-999") && !raw.includes(Buffer.from("ak-fallback-999").toString("base64")),
    );

    const down = await run([`--fallback=${file()}`, "--path=secret/app", "--", ...PRINT], {
      COFRE_ADDR: downAddr,
      COFRE_FALLBACK_PASSPHRASE: PASSPHRASE,
    });
    assert.equal(down.code, 0, down.stderr);
    assert.equal(down.stdout, "ak-fallback-999\n");
    assert.match(
      down.stderr,
      /WARNING: cofre cannot reach the server \(error making request to .*ECONNREFUSED/,
    );
    assert.match(down.stderr, /fallback file .*app\.fallback,\nwritten \d+s ago/);
  });

  it("refuses a wrong passphrase, other paths, and a file older than -fallback-max-age", async () => {
    const wrong = await run([`--fallback=${file()}`, "--path=secret/app", "--", ...PRINT], {
      COFRE_ADDR: downAddr,
      COFRE_FALLBACK_PASSPHRASE: "not the passphrase",
    });
    assert.equal(wrong.code, 2);
    assert.match(
      wrong.stderr,
      /^Error: cannot decrypt the fallback file .*: wrong passphrase or key file, or the file was altered\n$/,
    );
    assert.equal(wrong.stdout, "");

    const other = await run([`--fallback=${file()}`, "--path=secret/app", "--prefix=X_", "--", ...PRINT], {
      COFRE_ADDR: downAddr,
      COFRE_FALLBACK_PASSPHRASE: PASSPHRASE,
    });
    assert.equal(other.code, 2);
    assert.match(other.stderr, /was written for other paths/);

    const old = join(home.dir, "old.fallback");
    const yesterday = new ManualClock(Date.now() - 25 * 3600 * 1000);
    await writeFallback(
      old,
      Buffer.from(PASSPHRASE),
      { sources: ["*=secret/app"], env: { API_KEY: "stale-value-1" } },
      yesterday,
    );
    const stale = await run([`--fallback=${old}`, "--path=secret/app", "--", ...PRINT], {
      COFRE_ADDR: downAddr,
      COFRE_FALLBACK_PASSPHRASE: PASSPHRASE,
    });
    assert.equal(stale.code, 2);
    assert.match(stale.stderr, /is too old \(written 25h0m\d+s ago; -fallback-max-age is 24h0m0s\)/);
    const allowed = await run(
      [`--fallback=${old}`, "--fallback-max-age=48h", "--path=secret/app", "--", ...PRINT],
      {
        COFRE_ADDR: downAddr,
        COFRE_FALLBACK_PASSPHRASE: PASSPHRASE,
      },
    );
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(allowed.stdout, "stale-value-1\n");
  });

  it("works with a key file; without any key, or with the server down and no fallback, it says why", async () => {
    const keyFile = join(home.dir, "fallback.key");
    await writeFile(keyFile, Buffer.alloc(32, 7), { mode: 0o600 });
    const kf = join(home.dir, "kf.fallback");
    const up = await run(
      [`--fallback=${kf}`, `--fallback-key-file=${keyFile}`, "--path=secret/app", "--", ...PRINT],
      {
        COFRE_ADDR: s.addr,
      },
    );
    assert.equal(up.code, 0, up.stderr);
    const down = await run(
      [`--fallback=${kf}`, `--fallback-key-file=${keyFile}`, "--path=secret/app", "--", ...PRINT],
      {
        COFRE_ADDR: downAddr,
      },
    );
    assert.equal(down.code, 0, down.stderr);
    assert.equal(down.stdout, "ak-fallback-999\n");

    const nokey = await run([`--fallback=${kf}`, "--path=secret/app", "--", ...PRINT], {
      COFRE_ADDR: s.addr,
    });
    assert.equal(nokey.code, 1);
    assert.match(nokey.stderr, /-fallback needs a key/);

    const plain = await run(["--path=secret/app", "--", ...PRINT], { COFRE_ADDR: downAddr });
    assert.equal(plain.code, 2);
    assert.match(plain.stderr, /^Error reading secret\/app: error making request to/);
  });
});
