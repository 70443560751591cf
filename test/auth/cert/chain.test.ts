import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { type ParsedCertificate, parsePemCertificates } from "../../../src/auth/cert/certificate.js";
import { validateChain } from "../../../src/auth/cert/chain.js";
import { extensionMetadata, globMatch, unmetConstraint } from "../../../src/auth/cert/constraints.js";
import { CA_EXT, clientExt, TestPki } from "./pki.js";

/** The chain validator and certificate reader on their own, for what a TLS client rarely sends. */
describe("cert auth: chain validation rules", () => {
  let pki: TestPki;
  const cert = (name: string): ParsedCertificate => parsePemCertificates(pki.get(name).pem)[0];
  const now = () => Date.now();

  before(async () => {
    pki = await TestPki.create();
    await pki.issue("root", { subject: "/CN=Root", days: 30, ext: CA_EXT });
    await pki.issue("root-pathlen0", {
      subject: "/CN=Root PL0",
      days: 30,
      ext: [
        "basicConstraints=critical,CA:TRUE,pathlen:0",
        "keyUsage=critical,keyCertSign",
        "subjectKeyIdentifier=hash",
      ],
    });
    await pki.issue("int-under-pl0", {
      subject: "/CN=Int PL0",
      issuer: "root-pathlen0",
      days: 30,
      ext: CA_EXT,
    });
    await pki.issue("leaf-under-pl0", {
      subject: "/CN=leaf pl0",
      issuer: "int-under-pl0",
      days: 5,
      ext: clientExt(),
    });
    await pki.issue("int-no-certsign", {
      subject: "/CN=Int NoSign",
      issuer: "root",
      days: 30,
      ext: [
        "basicConstraints=critical,CA:TRUE",
        "keyUsage=critical,digitalSignature",
        "subjectKeyIdentifier=hash",
      ],
    });
    await pki.issue("leaf-no-certsign", {
      subject: "/CN=leaf ns",
      issuer: "int-no-certsign",
      days: 5,
      ext: clientExt(),
    });
    await pki.issue("server-only", {
      subject: "/CN=server only",
      issuer: "root",
      days: 5,
      ext: ["basicConstraints=CA:FALSE", "extendedKeyUsage=serverAuth", "subjectKeyIdentifier=hash"],
    });
    await pki.issue("sha1", {
      subject: "/CN=sha1 leaf",
      issuer: "root",
      days: 5,
      ext: clientExt(),
      digest: "sha1",
    });
    await pki.issue("critical-unknown", {
      subject: "/CN=odd",
      issuer: "root",
      days: 5,
      ext: [...clientExt(), "1.2.3.4=critical,ASN1:UTF8String:hello"],
    });
    await pki.issue("with-ext", {
      subject: "/O=Acme/OU=ops/OU=dev/CN=ext.example.com",
      issuer: "root",
      days: 5,
      ext: [
        ...clientExt("DNS:a.example.com", "DNS:b.example.com", "URI:spiffe://example.com/ns/prod"),
        "1.3.6.1.4.1.99999.1=ASN1:UTF8String:team-a",
      ],
    });
  });
  after(() => pki.cleanup());

  it("accepts a valid two-level chain and reads the certificate's fields", () => {
    const leaf = cert("with-ext");
    const r = validateChain(leaf, [], [cert("root")], now());
    assert.ok(r.ok);
    assert.equal(r.chain.length, 2);
    assert.equal(leaf.serialNumber, pki.serial("with-ext"));
    assert.equal(leaf.commonName, "ext.example.com");
    assert.deepEqual(leaf.organizationalUnits, ["ops", "dev"]);
    assert.deepEqual(leaf.dnsNames, ["a.example.com", "b.example.com"]);
    assert.deepEqual(leaf.uris, ["spiffe://example.com/ns/prod"]);
    assert.equal(leaf.notAfter, Date.parse(leaf.x509.validTo));
  });

  it("refuses an issuer whose path length constraint is exceeded", () => {
    const r = validateChain(cert("leaf-under-pl0"), [cert("int-under-pl0")], [cert("root-pathlen0")], now());
    assert.deepEqual(r, { ok: false, reason: 'certificate "Root PL0" path length constraint exceeded' });
  });

  it("refuses an issuer whose keyUsage lacks keyCertSign", () => {
    const r = validateChain(cert("leaf-no-certsign"), [cert("int-no-certsign")], [cert("root")], now());
    assert.equal(r.ok, false);
  });

  it("refuses a leaf whose extended key usage excludes client authentication", () => {
    const r = validateChain(cert("server-only"), [], [cert("root")], now());
    assert.equal(r.ok, false);
    assert.match(r.ok ? "" : (r.reason ?? ""), /TLS client authentication/);
  });

  it("refuses SHA-1 signatures and unknown critical extensions", () => {
    const sha1 = validateChain(cert("sha1"), [], [cert("root")], now());
    assert.match(sha1.ok ? "" : (sha1.reason ?? ""), /unsupported algorithm/);
    const odd = validateChain(cert("critical-unknown"), [], [cert("root")], now());
    assert.match(odd.ok ? "" : (odd.reason ?? ""), /unhandled critical extension 1\.2\.3\.4/);
  });

  it("a pinned (non-CA) certificate admits only itself, byte for byte", () => {
    const leaf = cert("with-ext");
    assert.equal(validateChain(leaf, [], [cert("server-only")], now()).ok, false);
    assert.equal(validateChain(leaf, [], [leaf], now()).ok, true);
  });

  it("matches globs, required extensions and metadata extensions as Vault does", () => {
    assert.ok(globMatch("*", ""));
    assert.ok(globMatch("*.example.com", "a.b.example.com"));
    assert.ok(globMatch("a*c*e", "abcde"));
    assert.ok(!globMatch("a*c*e", "abcd"));
    assert.ok(!globMatch("web", "Web"));
    assert.ok(!globMatch("ab*ba", "aba"));
    const leaf = cert("with-ext");
    const none = {
      allowedNames: [],
      allowedCommonNames: [],
      allowedDnsSans: [],
      allowedEmailSans: [],
      allowedUriSans: [],
      allowedOrganizationalUnits: [],
      requiredExtensions: [],
    };
    assert.equal(
      unmetConstraint(leaf, { ...none, requiredExtensions: ["1.3.6.1.4.1.99999.1:team-*"] }),
      undefined,
    );
    assert.equal(
      unmetConstraint(leaf, { ...none, requiredExtensions: ["1.3.6.1.4.1.99999.1:team-b"] }),
      "required_extensions",
    );
    assert.equal(
      unmetConstraint(leaf, { ...none, allowedUriSans: ["spiffe://example.com/ns/*"] }),
      undefined,
    );
    assert.equal(
      unmetConstraint(leaf, { ...none, allowedOrganizationalUnits: ["qa"] }),
      "allowed_organizational_units",
    );
    assert.deepEqual(extensionMetadata(leaf, ["1.3.6.1.4.1.99999.1", "1.2.3"]), {
      "1-3-6-1-4-1-99999-1": "team-a",
    });
  });
});
