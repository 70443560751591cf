import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { connect as tlsConnect } from "node:tls";
import { selfSigned } from "../helpers/self-signed.js";
import { exchange, request, startServer, type TestServer } from "./helpers.js";

describe("TLS listener", () => {
  let dir: string;
  let server: TestServer;
  let serverCert: string;
  let client: { cert: string; key: string };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cofre-tls-"));
    const serverFiles = selfSigned(dir, "server");
    const clientFiles = selfSigned(dir, "client");
    serverCert = await readFile(serverFiles.certFile, "utf8");
    client = {
      cert: await readFile(clientFiles.certFile, "utf8"),
      key: await readFile(clientFiles.keyFile, "utf8"),
    };
    server = await startServer({ tls: serverFiles });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  function get(
    path: string,
    extra: { cert?: string; key?: string } = {},
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        { host: "127.0.0.1", port: server.port, path, ca: serverCert, agent: false, ...extra },
        (res) => {
          let body = "";
          res.on("data", (d) => {
            body += d;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on("error", reject);
      req.end();
    });
  }

  it("serves HTTPS and reports a TLS connection without client certificate", async () => {
    const res = await get("/v1/secret/data/a");
    assert.equal(res.status, 200);
    const seen = server.requests.at(-1)!;
    assert.equal(seen.connection.tls, true);
    assert.equal(seen.connection.peerCertificates, undefined);
  });

  it("passes the client's certificate (DER) on when one is presented", async () => {
    const res = await get("/v1/auth/cert/login", client);
    assert.equal(res.status, 200);
    const chain = server.requests.at(-1)!.connection.peerCertificates;
    assert.ok(chain !== undefined && chain.length === 1);
    assert.ok(Buffer.from(chain[0]).equals(new X509Certificate(client.cert).raw));
  });

  it("serves LIST over TLS", async () => {
    const { responses } = await exchange(server.port, [request("LIST", "/v1/secret/metadata")], {
      responses: 1,
      tls: true,
    });
    assert.equal(responses[0].status, 200);
    assert.equal(server.requests.at(-1)!.operation, "list");
  });

  it("refuses TLS 1.1 (from a client willing to speak it)", async () => {
    const outcome = await new Promise<string>((resolve) => {
      const socket = tlsConnect({
        host: "127.0.0.1",
        port: server.port,
        ca: serverCert,
        minVersion: "TLSv1",
        maxVersion: "TLSv1.1",
        ciphers: "DEFAULT@SECLEVEL=0",
      });
      socket.on("secureConnect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.on("error", () => resolve("refused"));
    });
    assert.equal(outcome, "refused");
  });
});

describe("TLS certificate reload", () => {
  let dir: string;
  let server: TestServer;
  let files: { certFile: string; keyFile: string };

  /** The certificate a new connection is served, as PEM-independent DER fingerprint. */
  function servedFingerprint(): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({ host: "127.0.0.1", port: server.port, rejectUnauthorized: false });
      socket.on("secureConnect", () => {
        const fp = socket.getPeerX509Certificate()?.fingerprint256 ?? "";
        socket.destroy();
        resolve(fp);
      });
      socket.on("error", reject);
    });
  }
  const fingerprintOf = async (certFile: string) =>
    new X509Certificate(await readFile(certFile)).fingerprint256;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cofre-tls-reload-"));
    files = selfSigned(dir, "live");
    server = await startServer({ tls: files });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves new connections with the renewed files; a bad pair is refused and the old one kept", async () => {
    const first = await fingerprintOf(files.certFile);
    assert.equal(await servedFingerprint(), first);

    const renewed = selfSigned(dir, "renewed");
    await writeFile(files.certFile, await readFile(renewed.certFile));
    await writeFile(files.keyFile, await readFile(renewed.keyFile));
    assert.equal(await server.reloadTls(), true);
    const second = await fingerprintOf(renewed.certFile);
    assert.notEqual(second, first);
    assert.equal(await servedFingerprint(), second);

    // A certificate with another key's file: refused with an error, the renewed pair stays.
    const other = selfSigned(dir, "other");
    await writeFile(files.keyFile, await readFile(other.keyFile));
    await assert.rejects(server.reloadTls());
    assert.equal(await servedFingerprint(), second);
    await writeFile(files.certFile, "not a certificate");
    await assert.rejects(server.reloadTls());
    assert.equal(await servedFingerprint(), second);
  });

  it("is a no-op on a plain HTTP listener", async () => {
    const plain = await startServer();
    try {
      assert.equal(await plain.reloadTls(), false);
    } finally {
      await plain.close();
    }
  });
});
