import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { clientOptionsFromEnv, readClientEnv, TokenHelper } from "../../src/index.js";

describe("readClientEnv", () => {
  it("defaults to http://127.0.0.1:8200 with no token", () => {
    const e = readClientEnv({});
    assert.equal(e.address, "http://127.0.0.1:8200");
    assert.equal(e.token, undefined);
    assert.equal(e.skipVerify, false);
  });

  it("prefers COFRE_* over VAULT_* and ignores empty values", () => {
    const e = readClientEnv({
      COFRE_ADDR: "https://cofre:8200",
      VAULT_ADDR: "https://vault:8200",
      COFRE_TOKEN: "",
      VAULT_TOKEN: "vault-token",
      VAULT_CACERT: "/ca.pem",
      VAULT_FORMAT: "json",
      COFRE_FORMAT: "yaml",
      VAULT_NAMESPACE: "ns1",
      VAULT_CLIENT_TIMEOUT: "5s",
    });
    assert.equal(e.address, "https://cofre:8200");
    assert.equal(e.token, "vault-token");
    assert.equal(e.caCertPath, "/ca.pem");
    assert.equal(e.format, "yaml");
    assert.equal(e.namespace, "ns1");
    assert.equal(e.timeoutMs, 5000);
  });

  it("parses VAULT_SKIP_VERIFY as Go does and rejects other values", () => {
    assert.equal(readClientEnv({ VAULT_SKIP_VERIFY: "1" }).skipVerify, true);
    assert.equal(readClientEnv({ VAULT_SKIP_VERIFY: "false" }).skipVerify, false);
    assert.equal(readClientEnv({ COFRE_SKIP_VERIFY: "true", VAULT_SKIP_VERIFY: "false" }).skipVerify, true);
    assert.throws(() => readClientEnv({ VAULT_SKIP_VERIFY: "yes" }), /could not parse VAULT_SKIP_VERIFY/);
  });

  it("reads the CA file named by VAULT_CACERT and names a missing one clearly", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cofre-env-"));
    try {
      await writeFile(join(dir, "ca.pem"), "PEM TEXT");
      const opts = await clientOptionsFromEnv({ VAULT_CACERT: join(dir, "ca.pem") });
      assert.equal(String(opts.caCert), "PEM TEXT");
      await assert.rejects(
        clientOptionsFromEnv({ COFRE_CACERT: join(dir, "nope.pem") }),
        /cannot read CA certificate file .*nope\.pem: ENOENT/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("TokenHelper", () => {
  it("stores the token in ~/.cofre-token with mode 0600 and reads it back", async () => {
    const home = await mkdtemp(join(tmpdir(), "cofre-home-"));
    try {
      const helper = new TokenHelper(home);
      assert.equal(await helper.get(), undefined);
      await helper.store("hvs.first");
      await helper.store("hvs.second");
      assert.equal(await helper.get(), "hvs.second");
      const st = await stat(join(home, ".cofre-token"));
      assert.equal(st.mode & 0o777, 0o600);
      assert.equal(await readFile(join(home, ".cofre-token"), "utf8"), "hvs.second");
      await helper.erase();
      assert.equal(await helper.get(), undefined);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it("falls back to ~/.vault-token only when ours is absent", async () => {
    const home = await mkdtemp(join(tmpdir(), "cofre-home-"));
    try {
      await writeFile(join(home, ".vault-token"), "hvs.from-vault\n");
      const helper = new TokenHelper(home);
      assert.equal(await helper.get(), "hvs.from-vault");
      await helper.store("hvs.ours");
      assert.equal(await helper.get(), "hvs.ours");
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
