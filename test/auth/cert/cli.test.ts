import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cofre, tempHome } from "../../cli/harness.js";
import { type CertWorld, startCertWorld, writeRole } from "./fixtures.js";

describe("cofre login -method=cert", () => {
  let w: CertWorld;
  let home: Awaited<ReturnType<typeof tempHome>>;
  let env: Record<string, string>;
  before(async () => {
    w = await startCertWorld();
    home = await tempHome();
    await writeRole(w, "web", ["intermediate"], { token_policies: "web" });
    env = { COFRE_ADDR: w.server.tlsAddr ?? "", COFRE_CACERT: w.pki.get("server").certFile };
  });
  after(async () => {
    await w.close();
    await home.cleanup();
  });

  const storedToken = async () => (await readFile(join(home.dir, ".cofre-token"), "utf8")).trim();

  it("logs in with -client-cert/-client-key and stores a working token", async () => {
    const web = w.pki.get("web");
    const r = await cofre(
      ["login", "-method=cert", `-client-cert=${web.certFile}`, `-client-key=${web.keyFile}`, "name=web"],
      { env, home: home.dir },
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Success! You are now authenticated/);
    assert.match(r.stdout, /web\.example\.com/);
    const token = await storedToken();
    assert.ok(!r.stdout.includes(token));
    assert.ok(!r.stdout.includes("PRIVATE KEY") && !r.stderr.includes("PRIVATE KEY"));
    const self = await w.server.request("GET", "auth/token/lookup-self", { token });
    assert.deepEqual(self.body.data.policies, ["default", "web"]);
    assert.equal(self.body.data.meta.cert_name, "web");
  });

  it("reads the certificate and key from VAULT_CLIENT_CERT/VAULT_CLIENT_KEY", async () => {
    await rm(join(home.dir, ".cofre-token"), { force: true });
    const web = w.pki.get("web");
    const r = await cofre(["login", "-method=cert"], {
      env: { ...env, VAULT_CLIENT_CERT: web.certFile, VAULT_CLIENT_KEY: web.keyFile },
      home: home.dir,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok((await storedToken()).length > 0);
  });

  it("fails with the server's message when no certificate is presented, or an untrusted one", async () => {
    const none = await cofre(["login", "-method=cert", "-no-store"], { env, home: home.dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /client certificate must be supplied/);
    const rogue = w.pki.get("rogue");
    const bad = await cofre(
      [
        "login",
        "-method=cert",
        "-no-store",
        `-client-cert=${rogue.certFile}`,
        `-client-key=${rogue.keyFile}`,
      ],
      { env, home: home.dir },
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /invalid certificate|failed to verify/);
  });

  it("refuses a certificate without its key, and unknown arguments, before calling the server", async () => {
    const web = w.pki.get("web");
    const half = await cofre(["login", "-method=cert", `-client-cert=${web.certFile}`], {
      env,
      home: home.dir,
    });
    assert.notEqual(half.code, 0);
    assert.match(half.stderr, /certificate and its key must be given together/);
    const extra = await cofre(["login", "-method=cert", "role=web"], { env, home: home.dir });
    assert.notEqual(extra.code, 0);
    assert.match(extra.stderr, /only name=ROLE/);
  });
});
