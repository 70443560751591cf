import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ApiError, CofreClient, ConnectionError } from "../../src/index.js";
import { envelope, FakeServer } from "./fake-server.js";

const TOKEN = "hvs.client-test-token-value";

describe("CofreClient over HTTP", () => {
  const fake = new FakeServer();
  let client: CofreClient;
  before(async () => {
    await fake.start();
    client = new CofreClient({ address: fake.address, token: TOKEN, namespace: "team-a" });
  });
  after(async () => {
    client.close();
    await fake.stop();
  });

  it("sends the token, X-Vault-Request, namespace and wrap TTL headers and a JSON body", async () => {
    fake.on("POST /v1/secret/data/app", { body: envelope({ version: 1 }) });
    const res = await client.request("POST", "secret/data/app", {
      body: { data: { a: "1" } },
      wrapTTL: "5m",
    });
    assert.equal(res.status, 200);
    assert.deepEqual((res.body as { data: unknown }).data, { version: 1 });
    const seen = fake.seen("POST", "/v1/secret/data/app").at(-1)!;
    assert.equal(seen.headers["x-vault-token"], TOKEN);
    assert.equal(seen.headers["x-vault-request"], "true");
    assert.equal(seen.headers["x-vault-namespace"], "team-a");
    assert.equal(seen.headers["x-vault-wrap-ttl"], "5m");
    assert.equal(seen.headers["content-type"], "application/json");
    assert.deepEqual(seen.json, { data: { a: "1" } });
  });

  it("sends no token header when it has none", async () => {
    fake.on("GET /v1/sys/seal-status", { body: { sealed: false, t: 1, n: 1, progress: 0 } });
    const anon = new CofreClient({ address: fake.address });
    try {
      const status = await anon.sys.sealStatus();
      assert.equal(status.sealed, false);
      assert.equal(fake.seen("GET", "/v1/sys/seal-status").at(-1)!.headers["x-vault-token"], undefined);
    } finally {
      anon.close();
    }
  });

  it("lists with GET ?list=true and returns null when nothing is there", async () => {
    fake.on("GET /v1/kv/dir/", (req) =>
      req.query.get("list") === "true"
        ? { body: envelope({ keys: ["a", "b/"] }) }
        : { status: 405, body: { errors: [] } },
    );
    const res = await client.list("kv/dir/");
    assert.deepEqual(res?.data?.keys, ["a", "b/"]);
    assert.equal(await client.list("kv/empty/"), null);
  });

  it("read returns null on a bare 404 but returns a 404 envelope that carries data", async () => {
    assert.equal(await client.read("kv/missing"), null);
    fake.on("GET /v1/secret/data/gone", {
      status: 404,
      body: envelope({ data: null, metadata: { version: 2, deletion_time: "2026-01-01T00:00:00Z" } }),
    });
    const res = await client.read<{ data: unknown; metadata: { version: number } }>("secret/data/gone");
    assert.equal(res?.data?.metadata.version, 2);
    assert.equal(res?.data?.data, null);
  });

  it("write returns null for a 204", async () => {
    fake.on("POST /v1/kv/x", { status: 204 });
    assert.equal(await client.write("kv/x", { a: "b" }), null);
  });

  it("patch sends application/merge-patch+json", async () => {
    fake.on("PATCH /v1/secret/data/p", { body: envelope({ version: 3 }) });
    await client.patch("secret/data/p", { data: { a: null } });
    const seen = fake.seen("PATCH", "/v1/secret/data/p").at(-1)!;
    assert.equal(seen.headers["content-type"], "application/merge-patch+json");
  });

  it("throws ApiError with the status and flattened server errors, never the token or body", async () => {
    fake.on("POST /v1/secret/data/denied", {
      status: 403,
      body: { errors: ["2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"] },
    });
    const err = await client
      .write("secret/data/denied", { password: "hunter2-secret" })
      .catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 403);
    assert.deepEqual(err.errors, ["permission denied", "invalid token"]);
    assert.equal(err.code, "invalid_token");
    assert.equal(err.message, "Code: 403. Errors: * permission denied * invalid token");
    const shown = `${err.message} ${JSON.stringify(err)} ${err.stack}`;
    assert.ok(!shown.includes(TOKEN));
    assert.ok(!shown.includes("hunter2-secret"));
  });

  it("encodes path segments and leaves dot segments for the server to judge", async () => {
    fake.on("GET /v1/kv/a%20b/c%3Fd", { body: envelope({ ok: true }) });
    const res = await client.read("kv/a b/c?d");
    assert.deepEqual(res?.data, { ok: true });
    await client.read("kv/../sys/seal").catch(() => undefined);
    assert.ok(fake.requests.some((r) => r.path === "/v1/kv/../sys/seal"));
  });

  it("follows a 307 redirect to the active node", async () => {
    const active = await new FakeServer().on("GET /v1/kv/r", { body: envelope({ from: "active" }) }).start();
    try {
      fake.on("GET /v1/kv/r", { status: 307, headers: { Location: `${active.address}/v1/kv/r` } });
      const res = await client.read("kv/r");
      assert.deepEqual(res?.data, { from: "active" });
    } finally {
      await active.stop();
    }
  });

  it("reports a non-JSON error page as a short raw message", async () => {
    fake.on("GET /v1/kv/proxy", { status: 502, body: "<html>bad gateway</html>" });
    const err = await client.request("GET", "kv/proxy").catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 502);
    assert.match(err.message, /Raw Message: <html>bad gateway<\/html>/);
  });
});

describe("CofreClient connection failures", () => {
  it("wraps a refused connection in ConnectionError without the token", async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const client = new CofreClient({ address: `http://127.0.0.1:${port}`, token: TOKEN });
    const err = await client.read("kv/x").catch((e: unknown) => e);
    client.close();
    assert.ok(err instanceof ConnectionError);
    assert.match(err.message, /^error making request to http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    assert.ok(!err.message.includes(TOKEN));
  });

  it("gives up after timeoutMs when the server does not answer", async () => {
    const server = http.createServer(() => {});
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const client = new CofreClient({ address: `http://127.0.0.1:${port}`, timeoutMs: 50 });
    try {
      const err = await client.read("kv/x").catch((e: unknown) => e);
      assert.ok(err instanceof ConnectionError);
      assert.match(err.message, /timed out after 50 ms/);
    } finally {
      client.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("rejects an address that is not http or https", () => {
    assert.throws(() => new CofreClient({ address: "ftp://127.0.0.1" }), /unsupported scheme/);
    assert.throws(() => new CofreClient({ address: "not a url" }), /not a URL/);
  });
});

describe("CofreClient over TLS", () => {
  let dir = "";
  let server: https.Server;
  let address = "";
  let ca: Buffer;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "cofre-tls-"));
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
        ...["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"), "-days", "1"],
        ...["-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"],
      ],
      { stdio: "ignore" },
    );
    ca = await readFile(join(dir, "cert.pem"));
    server = https.createServer({ key: await readFile(join(dir, "key.pem")), cert: ca }, (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ initialized: true }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    address = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses an unknown certificate, trusts it with caCert, and skips checks with skipVerify", async () => {
    const plain = new CofreClient({ address });
    const err = await plain.sys.initStatus().catch((e: unknown) => e);
    plain.close();
    assert.ok(err instanceof ConnectionError);

    const trusted = new CofreClient({ address, caCert: ca });
    assert.equal(await trusted.sys.initStatus(), true);
    trusted.close();

    const insecure = new CofreClient({ address, skipVerify: true });
    assert.equal(await insecure.sys.initStatus(), true);
    insecure.close();
  });
});
