import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { createFrontListener } from "../../src/http/front/listener.js";
import type { FrontedSocket } from "../../src/http/front/socket.js";
import { silentLogger } from "../../src/util/logger.js";
import { exchange, request, startServer, type TestServer } from "./helpers.js";

describe("connection front with the HTTP server", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.close());

  it("serves LIST twice on one keep-alive connection", async () => {
    const before = server.requests.length;
    const list = request("LIST", "/v1/secret/metadata/app");
    const { responses, closed } = await exchange(server.port, [list, list], {
      responses: 2,
      separateWrites: true,
    });
    assert.equal(closed, false);
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 200],
    );
    const seen = server.requests.slice(before);
    assert.deepEqual(
      seen.map((r) => [r.operation, r.path]),
      [
        ["list", "secret/metadata/app/"],
        ["list", "secret/metadata/app/"],
      ],
    );
    assert.equal(JSON.parse(responses[0].body).data.operation, "list");
  });

  it("answers pipelined LIST, GET and POST sent in one write, in order", async () => {
    const before = server.requests.length;
    const bytes =
      request("LIST", "/v1/secret/metadata/") +
      request("GET", "/v1/secret/data/a?version=2") +
      request("POST", "/v1/secret/data/a", { "Content-Type": "application/json" }, '{"data":{"k":"v"}}');
    const { responses } = await exchange(server.port, [bytes], { responses: 3 });
    assert.deepEqual(
      responses.map((r) => JSON.parse(r.body).data.operation),
      ["list", "read", "update"],
    );
    assert.deepEqual(
      server.requests.slice(before).map((r) => r.data),
      [{}, { version: "2" }, { data: { k: "v" } }],
    );
  });

  it("reassembles a chunked request sent one byte per write", async () => {
    const bytes =
      request("PUT", "/v1/kv/x", { "Transfer-Encoding": "chunked" }) +
      '3;x=y\r\n{"a\r\n5\r\n":"b"\r\n1\r\n}\r\n0\r\n\r\n';
    const { responses } = await exchange(server.port, [...bytes], { responses: 1, separateWrites: true });
    assert.equal(responses[0].status, 200);
    assert.deepEqual(JSON.parse(responses[0].body).data.data, { a: "b" });
  });

  const smuggling: Record<string, [string, number, string]> = {
    "Content-Length with Transfer-Encoding": [
      "POST /v1/x HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      400,
      "request has both Content-Length and Transfer-Encoding",
    ],
    "chunked with another coding": [
      "POST /v1/x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
      400,
      "Transfer-Encoding must be exactly chunked",
    ],
    "duplicate Content-Length": [
      "POST /v1/x HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}",
      400,
      "invalid or repeated Content-Length",
    ],
    "space before the colon": [
      "POST /v1/x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n",
      400,
      "whitespace between header name and colon",
    ],
    "chunk size overflow": [
      "POST /v1/x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n",
      400,
      "malformed chunked body",
    ],
    "the LIST stand-in verb sent by a client": [
      "BIND /v1/x HTTP/1.1\r\nHost: h\r\n\r\n",
      405,
      "method not allowed",
    ],
    "a protocol upgrade": [
      "GET /v1/x HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
      400,
      "protocol upgrade is not supported",
    ],
  };
  for (const [name, [bad, status, message]] of Object.entries(smuggling)) {
    it(`refuses ${name} after answering the request before it, and closes`, async () => {
      const before = server.requests.length;
      const first = request("GET", "/v1/secret/data/first");
      const hidden = request("DELETE", "/v1/secret/data/victim");
      const { responses, closed } = await exchange(server.port, [first + bad + hidden]);
      assert.equal(closed, true);
      assert.deepEqual(
        responses.map((r) => r.status),
        [200, status],
      );
      const refusal = responses[1];
      assert.equal(refusal.headers.connection, "close");
      assert.equal(refusal.headers["content-type"], "application/json");
      assert.deepEqual(JSON.parse(refusal.body), { errors: [message] });
      assert.deepEqual(
        server.requests.slice(before).map((r) => r.path),
        ["secret/data/first"],
      );
    });
  }

  it("refuses a request head over the size limit with 431", async () => {
    const big = request("GET", "/v1/x", { "X-Big": "a".repeat(40 * 1024) });
    const { responses, closed } = await exchange(server.port, [big]);
    assert.equal(closed, true);
    assert.equal(responses[0].status, 431);
  });

  it("answers a malformed request line with a JSON 400", async () => {
    const { responses } = await exchange(server.port, ["GET /v1/x\r\n\r\n"]);
    assert.equal(responses[0].status, 400);
    assert.deepEqual(JSON.parse(responses[0].body), { errors: ["malformed request line"] });
  });
});

describe("connection front timing", () => {
  it("refuses a request head that does not finish arriving in time", async () => {
    const server = await startServer({ headerTimeoutMs: 50 });
    try {
      const { responses, closed } = await exchange(server.port, [
        "GET /v1/x HTTP/1.1\r\nHost: h\r\nX-Slow: ",
      ]);
      assert.equal(closed, true);
      assert.equal(responses[0].status, 408);
    } finally {
      await server.close();
    }
  });
});

describe("connection front bytes", () => {
  it("hands the HTTP server exactly the client's bytes for non-LIST requests", async () => {
    const received: Buffer[] = [];
    let ended!: () => void;
    const done = new Promise<void>((resolve) => {
      ended = resolve;
    });
    const front = createFrontListener({
      logger: silentLogger,
      socket: { maxHeaderBytes: 16384, headerTimeoutMs: 5000, lingerMs: 100 },
      onSocket: (socket: FrontedSocket) => {
        socket.on("data", (chunk: Buffer) => received.push(Buffer.from(chunk)));
        socket.on("end", () => ended());
      },
    });
    const { port } = await front.listen("127.0.0.1", 0);
    const sent = Buffer.from(
      request("GET", "/v1/a?list=false", { "X-Vault-Token": "t" }) +
        request("POST", "/v1/b", { "Content-Type": "application/json" }, '{"LIST":"\u00e9"}') +
        request("PATCH", "/v1/c", { "Transfer-Encoding": "chunked" }) +
        "2;e\r\n{}\r\n0\r\nT: v\r\n\r\n" +
        "HEAD /v1/sys/health HTTP/1.0\r\n\r\n",
    );
    const client = connect(port, "127.0.0.1");
    client.setNoDelay(true);
    await new Promise<void>((resolve) => client.once("connect", () => resolve()));
    for (let at = 0; at < sent.length; at += 7) {
      client.write(sent.subarray(at, at + 7));
      await new Promise((r) => setImmediate(r));
    }
    client.end();
    await done;
    await front.close();
    assert.ok(Buffer.concat(received).equals(sent));
  });
});
