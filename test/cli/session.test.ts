import assert from "node:assert/strict";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { envelope, FakeServer } from "../client/fake-server.js";
import { cofre, tempHome } from "./harness.js";

const SEALED = {
  type: "shamir",
  initialized: true,
  sealed: false,
  t: 1,
  n: 1,
  progress: 0,
  nonce: "",
  version: "0.1.0",
};

describe("cofre environment, token helper and login", () => {
  const a = new FakeServer();
  const b = new FakeServer();
  let home: Awaited<ReturnType<typeof tempHome>>;
  const lookup = (token: string) =>
    envelope({
      accessor: "acc-123",
      id: token,
      policies: ["default", "web"],
      ttl: 3600,
      renewable: true,
      meta: { user: "ci" },
      type: "service",
    });

  before(async () => {
    await a.start();
    await b.start();
    for (const s of [a, b]) s.on("GET /v1/sys/seal-status", { body: SEALED });
    a.on("GET /v1/auth/token/lookup-self", (req) =>
      req.headers["x-vault-token"] === "hvs.good-login-token"
        ? { body: lookup("hvs.good-login-token") }
        : { status: 403, body: { errors: ["permission denied", "invalid token"] } },
    );
    home = await tempHome();
  });
  after(async () => {
    await a.stop();
    await b.stop();
    await home.cleanup();
  });
  beforeEach(() => {
    a.requests.length = 0;
    b.requests.length = 0;
  });

  it("COFRE_ADDR wins over VAULT_ADDR, and -address wins over both", async () => {
    const seen = (s: FakeServer) => s.seen("GET", "/v1/sys/seal-status").length;
    await cofre(["status"], { env: { COFRE_ADDR: a.address, VAULT_ADDR: b.address }, home: home.dir });
    assert.deepEqual([seen(a), seen(b)], [1, 0]);
    await cofre(["status"], { env: { VAULT_ADDR: b.address }, home: home.dir });
    assert.deepEqual([seen(a), seen(b)], [1, 1]);
    await cofre(["status", `-address=${a.address}`], { env: { COFRE_ADDR: b.address }, home: home.dir });
    assert.deepEqual([seen(a), seen(b)], [2, 1]);
  });

  it("uses the env token over ~/.cofre-token, and ~/.vault-token when ours is absent", async () => {
    const h = await tempHome();
    try {
      const env = { VAULT_ADDR: a.address };
      await writeFile(join(h.dir, ".vault-token"), "hvs.vault-file\n");
      await cofre(["status"], { env, home: h.dir });
      assert.equal(a.requests.at(-1)!.headers["x-vault-token"], "hvs.vault-file");
      await writeFile(join(h.dir, ".cofre-token"), "hvs.cofre-file");
      await cofre(["status"], { env, home: h.dir });
      assert.equal(a.requests.at(-1)!.headers["x-vault-token"], "hvs.cofre-file");
      await cofre(["status"], { env: { ...env, VAULT_TOKEN: "hvs.vault-env" }, home: h.dir });
      assert.equal(a.requests.at(-1)!.headers["x-vault-token"], "hvs.vault-env");
      await cofre(["status"], {
        env: { ...env, VAULT_TOKEN: "hvs.vault-env", COFRE_TOKEN: "hvs.cofre-env" },
        home: h.dir,
      });
      assert.equal(a.requests.at(-1)!.headers["x-vault-token"], "hvs.cofre-env");
    } finally {
      await h.cleanup();
    }
  });

  it("login validates the token with lookup-self, stores it 0600 and never prints it", async () => {
    const h = await tempHome();
    try {
      const r = await cofre(["login", "hvs.good-login-token"], {
        env: { VAULT_ADDR: a.address },
        home: h.dir,
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(a.requests[0].path, "/v1/auth/token/lookup-self");
      assert.equal(a.requests[0].headers["x-vault-token"], "hvs.good-login-token");
      const file = join(h.dir, ".cofre-token");
      assert.equal(await readFile(file, "utf8"), "hvs.good-login-token");
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.ok(!r.stdout.includes("hvs.good-login-token") && !r.stderr.includes("hvs.good-login-token"));
      assert.match(r.stdout, /^Success! You are now authenticated/);
      assert.match(r.stdout, /token_accessor +acc-123\n/);
      assert.match(r.stdout, /token_duration +1h0m0s\n/);
      assert.match(r.stdout, /policies +\["default" "web"\]\n/);
      assert.match(r.stdout, /token_meta_user +ci\n/);

      const json = await cofre(["login", "-format=json", "-"], {
        env: { VAULT_ADDR: a.address },
        home: h.dir,
        stdin: "hvs.good-login-token\n",
      });
      assert.equal(json.code, 0, json.stderr);
      assert.equal(JSON.parse(json.stdout.slice(json.stdout.indexOf("{"))).auth.client_token, "");
    } finally {
      await h.cleanup();
    }
  });

  it("login with a bad token fails with exit 2 and stores nothing", async () => {
    const h = await tempHome();
    try {
      const r = await cofre(["login", "hvs.bad-token"], { env: { VAULT_ADDR: a.address }, home: h.dir });
      assert.equal(r.code, 2);
      assert.equal(
        r.stderr,
        "Error looking up token: Code: 403. Errors: * permission denied * invalid token\n",
      );
      await assert.rejects(stat(join(h.dir, ".cofre-token")), { code: "ENOENT" });
    } finally {
      await h.cleanup();
    }
  });

  it("login reads a prompted token from piped stdin, warns when an env token will win, and knows its methods", async () => {
    const h = await tempHome();
    try {
      const env = { VAULT_ADDR: a.address, VAULT_TOKEN: "hvs.env" };
      const r = await cofre(["login", "-no-print"], { env, home: h.dir, stdin: "hvs.good-login-token\n" });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /VAULT_TOKEN is set and takes precedence/);
      assert.equal(await readFile(join(h.dir, ".cofre-token"), "utf8"), "hvs.good-login-token");
      const unknown = await cofre(["login", "-method=github"], { env, home: h.dir });
      assert.equal(unknown.code, 1);
      assert.equal(unknown.stderr, "Error: Unknown auth method: github\n");
      const noStore = await cofre(["login", "-no-store", "hvs.good-login-token"], {
        env: { VAULT_ADDR: a.address },
        home: h.dir,
      });
      assert.match(noStore.stdout, /NOT stored/);
    } finally {
      await h.cleanup();
    }
  });

  it("a refused connection is one line and exit 2; a bad VAULT_SKIP_VERIFY is a local error", async () => {
    const r = await cofre(["kv", "get", "secret/x"], {
      env: { VAULT_ADDR: "http://127.0.0.1:1" },
      home: home.dir,
    });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^Error reading the KV mount of secret\/x: error making request to http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED.*\n$/,
    );
    const bad = await cofre(["status"], {
      env: { VAULT_ADDR: a.address, VAULT_SKIP_VERIFY: "maybe" },
      home: home.dir,
    });
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, "Error: could not parse VAULT_SKIP_VERIFY: expected a boolean\n");
  });

  it("unknown flags and commands are usage errors (exit 1)", async () => {
    const r = await cofre(["kv", "get", "-bogus", "secret/x"], {
      env: { VAULT_ADDR: a.address },
      home: home.dir,
    });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown option '--bogus'/);
    const help = await cofre(["kv", "--help"], { home: home.dir });
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: cofre kv/);
  });
});
