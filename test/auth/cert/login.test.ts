import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { tokenWith } from "../../helpers/server.js";
import { type CertWorld, startCertWorld, tlsCall, writeRole } from "./fixtures.js";

const UNTRUSTED = "invalid certificate or no client certificate supplied";
const UNMATCHED = "no chain matching all constraints could be found for this login certificate";

describe("cert auth: login over TLS", () => {
  let w: CertWorld;
  before(async () => {
    w = await startCertWorld();
    await writeRole(w, "web", ["root"], {
      allowed_common_names: "web.example.com",
      token_policies: "web,read-only",
      token_ttl: "1h",
      token_max_ttl: "4h",
      display_name: "web-svc",
    });
  });
  after(() => w.close());

  const login = (present: string[], body: Record<string, unknown> = { name: "web" }) =>
    tlsCall(w, "POST", "auth/cert/login", { present, body });

  it("a valid chain logs in with exactly the role's policies, TTLs and Vault's metadata", async () => {
    const r = await login(["web", "intermediate"]);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const auth = r.body.auth;
    assert.deepEqual(auth.token_policies, ["default", "read-only", "web"]);
    assert.deepEqual(auth.policies, ["default", "read-only", "web"]);
    assert.equal(auth.lease_duration, 3600);
    assert.equal(auth.renewable, true);
    assert.deepEqual(auth.metadata, {
      cert_name: "web",
      common_name: "web.example.com",
      serial_number: w.pki.serial("web"),
      subject_key_id: w.pki.subjectKeyId("web"),
      authority_key_id: w.pki.subjectKeyId("intermediate"),
    });
    const self = await w.server.request("GET", "auth/token/lookup-self", { token: auth.client_token });
    assert.equal(self.status, 200);
    assert.equal(self.body.data.display_name, "cert-web-svc");
    assert.equal(self.body.data.path, "auth/cert/login");
    assert.ok(self.body.data.ttl <= 3600 && self.body.data.ttl > 3500);
  });

  it("without a role name, the first role that validates the chain and its constraints is used", async () => {
    const r = await login(["web", "intermediate"], {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.auth.metadata.cert_name, "web");
  });

  it("refuses a leaf signed by an untrusted CA (even one with the trusted CA's name)", async () => {
    const r = await login(["rogue", "rogue-ca"]);
    assert.equal(r.status, 400);
    assert.match(r.body.errors[0], /invalid certificate|failed to verify/);
    assert.equal(r.body.auth, undefined);
  });

  it("refuses a self-signed leaf that no role pins", async () => {
    const r = await login(["self"], {});
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.errors, [UNTRUSTED]);
  });

  it("refuses a leaf presented without its intermediate when only the root is trusted", async () => {
    const r = await login(["web"]);
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.errors, [UNTRUSTED]);
  });

  it("accepts the same bare leaf for a role that trusts the intermediate itself (as Vault does)", async () => {
    await writeRole(w, "via-intermediate", ["intermediate"], { token_policies: "inter" });
    const r = await login(["web"], { name: "via-intermediate" });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.auth.token_policies, ["default", "inter"]);
  });

  it("refuses a chain whose issuer is not a CA (basicConstraints CA:FALSE)", async () => {
    await writeRole(w, "root-any", ["root"]);
    const r = await login(["under-not-a-ca", "not-a-ca"], { name: "root-any" });
    assert.equal(r.status, 400);
    assert.match(r.body.errors[0], /^failed to verify client's certificate: .*"Not A CA" is not a CA/);
  });

  it("refuses a common name or DNS SAN the role does not allow", async () => {
    const cn = await login(["other", "intermediate"]);
    assert.equal(cn.status, 400);
    assert.deepEqual(cn.body.errors, [UNMATCHED]);
    await writeRole(w, "dns", ["root"], { allowed_dns_sans: "*.example.org,web.*.com" });
    assert.equal((await login(["other", "intermediate"], { name: "dns" })).status, 400);
    assert.equal((await login(["web", "intermediate"], { name: "dns" })).status, 200);
  });

  it("checks OUs, email SANs and allowed_names with globs", async () => {
    await writeRole(w, "ou", ["root"], {
      allowed_organizational_units: "team-a",
      allowed_email_sans: "*@example.com",
    });
    assert.equal((await login(["web", "intermediate"], { name: "ou" })).status, 200);
    assert.equal((await login(["other", "intermediate"], { name: "ou" })).status, 400);
    await writeRole(w, "names", ["root"], { allowed_names: "other.*" });
    assert.equal((await login(["other", "intermediate"], { name: "names" })).status, 200);
    assert.equal((await login(["web", "intermediate"], { name: "names" })).status, 400);
  });

  it("a role can pin a self-signed client certificate, matched byte for byte", async () => {
    await writeRole(w, "pinned", ["self"], { token_policies: "pinned" });
    const r = await login(["self"], { name: "pinned" });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.auth.token_policies, ["default", "pinned"]);
    assert.equal((await login(["direct"], { name: "pinned" })).status, 400);
  });

  it("naming a role restricts the login to it", async () => {
    const r = await login(["direct"], { name: "web" });
    assert.equal(r.status, 400);
    const unknown = await login(["web", "intermediate"], { name: "no-such-role" });
    assert.deepEqual(unknown.body.errors, [UNTRUSTED]);
    const bad = await login(["web", "intermediate"], { name: "../web" });
    assert.equal(bad.status, 400);
  });

  it("refuses a client outside the role's bound CIDRs with 403", async () => {
    await writeRole(w, "far", ["root"], { token_bound_cidrs: "10.0.0.0/8" });
    const r = await login(["direct"], { name: "far" });
    assert.equal(r.status, 403);
  });

  it("needs TLS and a client certificate, with clear 400s", async () => {
    const plain = await w.server.request("POST", "auth/cert/login", { body: { name: "web" } });
    assert.equal(plain.status, 400);
    assert.deepEqual(plain.body.errors, ["tls connection required"]);
    const noCert = await tlsCall(w, "POST", "auth/cert/login", { body: {} });
    assert.equal(noCert.status, 400);
    assert.deepEqual(noCert.body.errors, ["client certificate must be supplied"]);
  });
});

describe("cert auth: role management", () => {
  let w: CertWorld;
  before(async () => {
    w = await startCertWorld();
  });
  after(() => w.close());

  const write = (name: string, body: unknown, token = w.server.rootToken) =>
    w.server.request("POST", `auth/cert/certs/${name}`, { token, body });

  it("writes, reads, lists and deletes roles in Vault's shape", async () => {
    const certificate = w.pki.get("root").pem;
    assert.equal(
      (
        await write("Web", {
          certificate,
          allowed_dns_sans: "a.example.com,*.b.example.com",
          token_ttl: "30m",
        })
      ).status,
      204,
    );
    const read = await w.server.request("GET", "auth/cert/certs/web", { token: w.server.rootToken });
    assert.equal(read.status, 200);
    assert.equal(read.body.data.certificate, certificate);
    assert.equal(read.body.data.display_name, "web");
    assert.deepEqual(read.body.data.allowed_dns_sans, ["a.example.com", "*.b.example.com"]);
    assert.deepEqual(read.body.data.allowed_common_names, []);
    assert.equal(read.body.data.token_ttl, 1800);
    assert.equal((await write("web", { token_policies: "p" })).status, 204, "update keeps the certificate");
    const list = await w.server.request("LIST", "auth/cert/certs", { token: w.server.rootToken });
    assert.deepEqual(list.body.data.keys, ["web"]);
    assert.equal(
      (await w.server.request("DELETE", "auth/cert/certs/web", { token: w.server.rootToken })).status,
      204,
    );
    assert.equal(
      (await w.server.request("GET", "auth/cert/certs/web", { token: w.server.rootToken })).status,
      404,
    );
  });

  it("refuses malformed roles with 400 and stores nothing", async () => {
    const root = w.pki.get("root").pem;
    const cases: Array<[unknown, RegExp]> = [
      [{}, /missing "certificate"/],
      [{ certificate: "not a pem" }, /failed to parse certificate/],
      [
        { certificate: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" },
        /failed to parse certificate/,
      ],
      [{ certificate: root.slice(0, 200) }, /failed to parse certificate/],
      [{ certificate: w.pki.get("web").keyPem }, /private key/],
      [{ certificate: root, required_extensions: "no-oid" }, /required_extensions/],
      [{ certificate: root, token_ttl: "2h", token_max_ttl: "1h" }, /token_ttl/],
      [{ certificate: root, allowed_common_names: { a: 1 } }, /allowed_common_names/],
    ];
    for (const [body, message] of cases) {
      const r = await write("bad", body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(r.body.errors.join(" "), message);
      assert.ok(!r.text.includes("PRIVATE KEY") && !r.text.includes(w.pki.get("web").keyPem.slice(40, 80)));
    }
    assert.equal(
      (await w.server.request("GET", "auth/cert/certs/bad", { token: w.server.rootToken })).status,
      404,
    );
  });

  it("refuses to pin a non-CA certificate that is not for client authentication", async () => {
    const r = await write("server", { certificate: w.pki.get("server").pem });
    assert.equal(r.status, 400);
    assert.match(r.body.errors[0], /TLS client authentication/);
  });

  it("gives 403 to a token without policy on the role paths and config", async () => {
    const token = await tokenWith(w.server, ["default"]);
    assert.equal((await write("x", { certificate: w.pki.get("root").pem }, token)).status, 403);
    assert.equal((await w.server.request("GET", "auth/cert/certs/x", { token })).status, 403);
    assert.equal((await w.server.request("LIST", "auth/cert/certs", { token })).status, 403);
    assert.equal((await w.server.request("POST", "auth/cert/config", { token, body: {} })).status, 403);
  });

  it("config reads and writes Vault's settings; rate limit settings are validated", async () => {
    const root = w.server.rootToken;
    assert.equal(
      (
        await w.server.request("POST", "auth/cert/config", {
          token: root,
          body: { enable_identity_alias_metadata: true },
        })
      ).status,
      204,
    );
    const c = await w.server.request("GET", "auth/cert/config", { token: root });
    assert.deepEqual(c.body.data, { disable_binding: false, enable_identity_alias_metadata: true });
    const bad = await w.server.request("POST", "auth/cert/config", {
      token: root,
      body: { disable_binding: "maybe" },
    });
    assert.equal(bad.status, 400);
    const badRate = await w.server.request("POST", "auth/cert/config/rate_limit", {
      token: root,
      body: { rate: "0" },
    });
    assert.equal(badRate.status, 400);
  });
});
