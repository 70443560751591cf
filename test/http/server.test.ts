import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { InvalidTokenError, NotFoundError, PermissionDeniedError, SealedError } from "../../src/errors.js";
import { createHttpServer, parseListenAddress } from "../../src/http/server.js";
import { createLogger, silentLogger } from "../../src/util/logger.js";
import { coreResponse, echo, exchange, request, startServer, type TestServer } from "./helpers.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("HTTP adapter: building the LogicalRequest", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  async function call(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string } = {},
  ) {
    const before = server.requests.length;
    const res = await fetch(server.url + path, { method, headers: init.headers, body: init.body });
    const text = await res.text();
    return { res, text, seen: server.requests.slice(before) };
  }

  it("maps methods to operations", async () => {
    const cases: Array<[string, string]> = [
      ["GET", "read"],
      ["POST", "update"],
      ["PUT", "update"],
      ["DELETE", "delete"],
      ["HEAD", "header"],
    ];
    for (const [method, operation] of cases) {
      const { seen } = await call(method, "/v1/secret/data/app");
      assert.deepEqual(
        seen.map((r) => [r.operation, r.path]),
        [[operation, "secret/data/app"]],
        method,
      );
    }
    const patch = await call("PATCH", "/v1/secret/data/app", {
      headers: { "content-type": "application/merge-patch+json" },
      body: '{"data":{"a":null}}',
    });
    assert.equal(patch.seen[0].operation, "patch");
    assert.deepEqual(patch.seen[0].data, { data: { a: null } });
  });

  it("maps LIST to list with a trailing slash", async () => {
    const before = server.requests.length;
    const { responses } = await exchange(server.port, [request("LIST", "/v1/secret/metadata/dir?after=x")], {
      responses: 1,
    });
    assert.equal(responses[0].status, 200);
    const seen = server.requests.slice(before)[0];
    assert.deepEqual(
      [seen.operation, seen.path, seen.data],
      ["list", "secret/metadata/dir/", { after: "x" }],
    );
  });

  it("turns GET ?list=<Go bool> into a list", async () => {
    for (const value of ["true", "True", "TRUE", "1", "t", "T"]) {
      const { seen } = await call("GET", `/v1/secret/metadata/dir?list=${value}&x=1`);
      assert.deepEqual(
        [seen[0].operation, seen[0].path, seen[0].data],
        ["list", "secret/metadata/dir/", { x: "1" }],
      );
    }
    for (const value of ["false", "0", "F"]) {
      const { seen } = await call("GET", `/v1/secret/metadata/dir?list=${value}`);
      assert.deepEqual([seen[0].operation, seen[0].data], ["read", { list: value }]);
    }
  });

  it("refuses a list parameter that is not a Go bool, without calling the core", async () => {
    for (const value of ["yes", "on", "tru", "2"]) {
      const { res, text, seen } = await call("GET", `/v1/secret/metadata/dir?list=${value}`);
      assert.equal(res.status, 400);
      assert.match(JSON.parse(text).errors[0], /list parameter/);
      assert.equal(seen.length, 0);
    }
  });

  it("passes query parameters as data for reads and deletes; repeats become lists", async () => {
    const { seen } = await call("DELETE", "/v1/secret/data/a?versions=1&versions=2&x=a+b");
    assert.deepEqual(seen[0].data, { versions: ["1", "2"], x: "a b" });
  });

  it("answers ?help=1 as a help operation", async () => {
    const { seen } = await call("GET", "/v1/secret/data/a?help=1");
    assert.deepEqual([seen[0].operation, seen[0].data], ["help", {}]);
  });

  it("requires the merge-patch content type for PATCH (415), without calling the core", async () => {
    const { res, text, seen } = await call("PATCH", "/v1/secret/data/app", {
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(res.status, 415);
    assert.deepEqual(JSON.parse(text), {
      errors: ["PATCH requires Content-Type of application/merge-patch+json, provided application/json"],
    });
    assert.equal(seen.length, 0);
  });

  it("refuses malformed JSON without echoing it and without calling the core", async () => {
    for (const body of ['{"password": hunter2}', "{", '["a"]', "42", '"s"']) {
      const { res, text, seen } = await call("POST", "/v1/secret/data/app", {
        headers: { "content-type": "application/json" },
        body,
      });
      assert.equal(res.status, 400, body);
      assert.match(JSON.parse(text).errors[0], /^error parsing JSON/);
      assert.ok(!text.includes("hunter2"));
      assert.equal(seen.length, 0);
    }
  });

  it("refuses invalid UTF-8 and __proto__ keys", async () => {
    const invalid = await fetch(`${server.url}/v1/secret/data/app`, {
      method: "POST",
      body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    });
    assert.equal(invalid.status, 400);
    assert.deepEqual(await invalid.json(), { errors: ["request body is not valid UTF-8"] });
    const proto = await call("POST", "/v1/x", { body: '{"a":{"\\u005f_proto__":{"polluted":true}}}' });
    assert.equal(proto.res.status, 400);
    assert.equal(proto.seen.length, 0);
  });

  it("refuses JSON nested more than 1000 levels deep", async () => {
    const deep = `{"a":${"[".repeat(1001)}${"]".repeat(1001)}}`;
    const refused = await call("POST", "/v1/x", { body: deep });
    assert.equal(refused.res.status, 400);
    assert.deepEqual(JSON.parse(refused.text), { errors: ["error parsing JSON: nested too deeply"] });
    const fine = await call("POST", "/v1/x", {
      body: `{"a":${"[".repeat(998)}${"]".repeat(998)},"s":"${"[".repeat(3000)}"}`,
    });
    assert.equal(fine.res.status, 200);
  });

  it("accepts an empty body, a null body and a form body", async () => {
    assert.deepEqual((await call("POST", "/v1/sys/seal")).seen[0].data, {});
    assert.deepEqual((await call("PUT", "/v1/sys/seal", { body: " null " })).seen[0].data, {});
    const form = await call("POST", "/v1/auth/userpass/login/bob", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "password=s3cr%20t&policies=a&policies=b",
    });
    assert.deepEqual(form.seen[0].data, { password: "s3cr t", policies: "a,b" });
    const jsonAsForm = await call("POST", "/v1/x", {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: ' {"a":1}',
    });
    assert.deepEqual(jsonAsForm.seen[0].data, { a: 1 });
  });

  it("takes the token from X-Vault-Token first, then Authorization: Bearer", async () => {
    const both = await call("GET", "/v1/x", {
      headers: { "x-vault-token": "hvs.A", authorization: "Bearer hvs.B" },
    });
    assert.equal(both.seen[0].clientToken, "hvs.A");
    const bearer = await call("GET", "/v1/x", { headers: { authorization: "Bearer  hvs.B " } });
    assert.equal(bearer.seen[0].clientToken, "hvs.B");
    const basic = await call("GET", "/v1/x", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    assert.equal(basic.seen[0].clientToken, "");
  });

  it("passes headers on lower-cased, without the token headers", async () => {
    const { seen } = await call("GET", "/v1/x", {
      headers: { "X-Vault-Token": "hvs.A", Authorization: "Bearer b", "X-Vault-Request": "true" },
    });
    const headers = seen[0].headers;
    assert.equal(headers["x-vault-request"], "true");
    assert.equal(headers["x-vault-token"], undefined);
    assert.equal(headers.authorization, undefined);
  });

  it("parses X-Vault-Wrap-TTL", async () => {
    assert.equal(
      (await call("GET", "/v1/x", { headers: { "x-vault-wrap-ttl": "5m" } })).seen[0].wrapTTL,
      300,
    );
    assert.equal((await call("GET", "/v1/x", { headers: { "x-vault-wrap-ttl": "90" } })).seen[0].wrapTTL, 90);
    assert.equal((await call("GET", "/v1/x")).seen[0].wrapTTL, 0);
    const negative = await call("GET", "/v1/x", { headers: { "x-vault-wrap-ttl": "-5m" } });
    assert.equal(negative.res.status, 400);
    assert.deepEqual(JSON.parse(negative.text), {
      errors: ["error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative"],
    });
    const bad = await call("GET", "/v1/x", { headers: { "x-vault-wrap-ttl": "soon" } });
    assert.equal(bad.res.status, 400);
    assert.match(JSON.parse(bad.text).errors[0], /^error parsing X-Vault-Wrap-TTL header: /);
    assert.equal(negative.seen.length + bad.seen.length, 0);
  });

  it("gives every request its own UUID and the connection's address", async () => {
    const a = (await call("GET", "/v1/x")).seen[0];
    const b = (await call("GET", "/v1/x")).seen[0];
    assert.match(a.id, UUID);
    assert.notEqual(a.id, b.id);
    assert.equal(a.connection.remoteAddress, "127.0.0.1");
    assert.equal(a.connection.tls, false);
    assert.ok(a.connection.remotePort > 0);
  });

  it("decodes the path once and refuses traversal tricks", async () => {
    const ok = await call("GET", "/v1/secret/data/a%20b%252F");
    assert.equal(ok.seen[0].path, "secret/data/a b%2F");
    const refused: Array<[string, number]> = [
      ["/v1/secret/../sys/seal", 400],
      ["/v1/secret/%2e%2e/sys/seal", 400],
      ["/v1/secret/a%2Fb", 400],
      ["/v1/secret/a%2f..%2fb", 400],
      ["/v1/secret/a%00b", 400],
      ["/v1/secret/a%0Ab", 400],
      ["/v1/secret//a", 400],
      ["/v1//secret", 400],
      ["/v1/secret/./a", 400],
      ["/v1/secret/a%zz", 400],
      ["/v1/secret/data/a.", 404],
    ];
    for (const [path, status] of refused) {
      const before = server.requests.length;
      const { responses } = await exchange(server.port, [request("GET", path)], { responses: 1 });
      assert.equal(responses[0].status, status, path);
      assert.ok(Array.isArray(JSON.parse(responses[0].body).errors), path);
      assert.equal(server.requests.length, before, path);
    }
  });

  it("answers other methods on API paths with 405 and other paths with 404", async () => {
    const options = await call("OPTIONS", "/v1/secret/data/a");
    assert.equal(options.res.status, 405);
    assert.equal(options.seen.length, 0);
    const outside = await call("GET", "/metrics");
    assert.equal(outside.res.status, 404);
    assert.deepEqual(JSON.parse(outside.text), { errors: [] });
  });
});

describe("HTTP adapter: body size limit", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ maxRequestSize: 1024 });
  });
  after(() => server.close());

  it("refuses a declared oversized body with 413 without calling the core", async () => {
    const res = await fetch(`${server.url}/v1/secret/data/big`, {
      method: "POST",
      body: `{"a":"${"x".repeat(2000)}"}`,
    });
    assert.equal(res.status, 413);
    assert.deepEqual(await res.json(), { errors: ["request body too large"] });
    assert.equal(server.requests.length, 0);
  });

  it("refuses an oversized chunked body with 413 and closes", async () => {
    const chunk = "x".repeat(600);
    const bytes = `${request("POST", "/v1/x", { "Transfer-Encoding": "chunked" })}258\r\n${chunk}\r\n258\r\n${chunk}\r\n0\r\n\r\n`;
    const { responses, closed } = await exchange(server.port, [bytes]);
    assert.equal(responses[0].status, 413);
    assert.equal(closed, true);
    assert.equal(server.requests.length, 0);
  });

  it("accepts a body at the limit", async () => {
    const body = `{"a":"${"x".repeat(1024 - 8)}"}`;
    const res = await fetch(`${server.url}/v1/x`, { method: "POST", body });
    assert.equal(res.status, 200);
  });
});

describe("HTTP adapter: rendering", () => {
  let server: TestServer;
  let respond = echo;
  const lines: string[] = [];
  before(async () => {
    server = await startServer({
      respond: (req) => respond(req),
      logger: createLogger({ level: "debug", write: (line) => lines.push(line) }),
    });
  });
  after(() => server.close());

  async function get(path: string, init: RequestInit = {}) {
    const res = await fetch(server.url + path, init);
    return { res, text: await res.text() };
  }

  it("sends exactly Content-Type: application/json and Cache-Control: no-store on every response", async () => {
    respond = (req) => (req.path === "empty" ? coreResponse(req, { data: {} }) : echo(req));
    for (const [path, status] of [
      ["/v1/x", 200],
      ["/v1/empty", 204],
      ["/v1/x?list=maybe", 400],
      ["/nope", 404],
    ] as const) {
      const { res } = await get(path);
      assert.equal(res.status, status, path);
      assert.equal(res.headers.get("content-type"), "application/json", path);
      assert.equal(res.headers.get("cache-control"), "no-store", path);
    }
  });

  it("renders the envelope with the request id", async () => {
    respond = echo;
    const { res, text } = await get("/v1/secret/data/a");
    const body = JSON.parse(text);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(body), [
      "request_id",
      "lease_id",
      "renewable",
      "lease_duration",
      "data",
      "wrap_info",
      "warnings",
      "auth",
      "mount_type",
    ]);
    assert.equal(body.request_id, server.requests.at(-1)?.id);
  });

  it("answers 404 {errors:[]} for a read or list that found nothing", async () => {
    respond = (req) => coreResponse(req, { data: req.operation === "list" ? { keys: [] } : null });
    for (const path of ["/v1/secret/data/missing", "/v1/secret/metadata/?list=true"]) {
      const { res, text } = await get(path);
      assert.equal(res.status, 404, path);
      assert.deepEqual(JSON.parse(text), { errors: [] });
    }
  });

  it("copies data to the top level for sys/mounts, not for sys/policies/acl", async () => {
    respond = (req) => coreResponse(req, { data: { "secret/": { type: "kv" } }, mountType: "system" });
    const mounts = JSON.parse((await get("/v1/sys/mounts")).text);
    assert.deepEqual(mounts["secret/"], { type: "kv" });
    assert.deepEqual(mounts.data, { "secret/": { type: "kv" } });
    const acl = JSON.parse((await get("/v1/sys/policies/acl")).text);
    assert.equal(acl["secret/"], undefined);
  });

  it("sends raw responses as they are, and HEAD without a body", async () => {
    respond = (req) =>
      coreResponse(req, { raw: { status: 429, body: { initialized: true, standby: true } } });
    const raw = await get("/v1/sys/health");
    assert.equal(raw.res.status, 429);
    assert.deepEqual(JSON.parse(raw.text), { initialized: true, standby: true });
    const { responses } = await exchange(server.port, [request("HEAD", "/v1/sys/health")], {
      responses: 1,
      headIndexes: [0],
    });
    assert.equal(responses[0].status, 429);
    assert.equal(responses[0].headers["content-length"], undefined);
    const head = await fetch(`${server.url}/v1/sys/health`, { method: "HEAD" });
    assert.equal(await head.text(), "");
  });

  it("renders core errors with their status, permission errors as Go multierror text", async () => {
    const cases: Array<[Error, number, string[]]> = [
      [new PermissionDeniedError(), 403, ["1 error occurred:\n\t* permission denied\n\n"]],
      [new InvalidTokenError(), 403, ["2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"]],
      [new SealedError(), 503, ["Vault is sealed"]],
      [new NotFoundError(), 404, []],
    ];
    for (const [error, status, errors] of cases) {
      respond = () => {
        throw error;
      };
      const { res, text } = await get("/v1/secret/data/a");
      assert.equal(res.status, status);
      assert.deepEqual(JSON.parse(text), { errors });
    }
  });

  it("answers an unexpected exception with 500 internal error, logged without token or body", async () => {
    respond = () => {
      throw new TypeError("cannot read properties of undefined");
    };
    lines.length = 0;
    const { res, text } = await get("/v1/secret/data/a", {
      method: "POST",
      headers: { "x-vault-token": "hvs.SECRETTOKEN" },
      body: '{"password":"hunter2"}',
    });
    assert.equal(res.status, 500);
    assert.deepEqual(JSON.parse(text), { errors: ["internal error"] });
    assert.equal(lines.length, 1);
    assert.match(lines[0], /cannot read properties of undefined/);
    assert.ok(!lines[0].includes("hvs.SECRETTOKEN") && !lines[0].includes("hunter2"));
  });
});

describe("HTTP adapter: large bodies", () => {
  it("carries multi-megabyte requests and responses through the front", async () => {
    const server = await startServer({
      respond: (req) =>
        coreResponse(req, { data: { echo: req.data.blob, size: String(req.data.blob).length } }),
    });
    try {
      const blob = "z".repeat(6 * 1024 * 1024);
      const res = await fetch(`${server.url}/v1/secret/data/big`, {
        method: "PUT",
        body: JSON.stringify({ blob }),
      });
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.data.size, blob.length);
      assert.equal(body.data.echo, blob);
    } finally {
      await server.close();
    }
  });
});

describe("HTTP server: listen addresses", () => {
  it("parses host:port forms and refuses others", () => {
    assert.deepEqual(parseListenAddress("127.0.0.1:8200"), { host: "127.0.0.1", port: 8200 });
    assert.deepEqual(parseListenAddress("[::1]:0"), { host: "::1", port: 0 });
    assert.deepEqual(parseListenAddress(":8200"), { host: undefined, port: 8200 });
    for (const bad of ["8200", "host", "::1:8200", "a:99999", "a:-1"]) {
      assert.throws(() => parseListenAddress(bad), /invalid listen address/, bad);
    }
  });

  it("reports a port in use, and can listen again afterwards", async () => {
    const first = await startServer();
    const second = createHttpServer({ handler: { handle: async (req) => echo(req) }, logger: silentLogger });
    try {
      await assert.rejects(second.listen(`127.0.0.1:${first.port}`), /EADDRINUSE/);
      const { port } = await second.listen("127.0.0.1:0");
      assert.equal((await fetch(`http://127.0.0.1:${port}/v1/x`)).status, 200);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
