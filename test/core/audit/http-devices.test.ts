/** Socket and syslog devices, fail-closed behaviour, write deadlines and a second device taking over. */
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { mkdir, mkdtemp, rm, unlink } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../../helpers/server.js";

const SECRET = "s3cr3t-value-for-fail-closed";
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "cofre-audit-dev-http-"));
});
after(() => rm(dir, { recursive: true, force: true }));

/** A TCP (or unix stream) listener collecting received lines; `pause` never reads (a blackhole). */
async function lineServer(opts: { unixPath?: string; pause?: boolean } = {}) {
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  let buffer = "";
  const server: Server = createServer({ pauseOnConnect: opts.pause ?? false }, (sock) => {
    sockets.add(sock);
    sock.on("close", () => sockets.delete(sock));
    sock.on("error", () => {});
    sock.on("data", (chunk) => {
      buffer += chunk.toString();
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      lines.push(...parts);
    });
  });
  await new Promise<void>((r) =>
    opts.unixPath ? server.listen(opts.unixPath, r) : server.listen(0, "127.0.0.1", r),
  );
  const address = opts.unixPath ?? `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    address,
    lines,
    /** Stops listening and drops every connection; resolves once they are closed. */
    async stop() {
      const closed = [...sockets].map((s) => new Promise((r) => s.once("close", r)));
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
      await Promise.all(closed);
    },
  };
}

async function udpServer() {
  const messages: string[] = [];
  const sock = createSocket("udp4");
  const arrived: Array<() => void> = [];
  sock.on("message", (m) => {
    messages.push(m.toString());
    for (const f of arrived.splice(0)) f();
  });
  await new Promise<void>((r) => sock.bind(0, "127.0.0.1", r));
  return {
    address: `127.0.0.1:${sock.address().port}`,
    messages,
    /** Resolves once at least n datagrams arrived. */
    async atLeast(n: number) {
      while (messages.length < n) await new Promise<void>((r) => arrived.push(r));
    },
    close: () => sock.close(),
  };
}

async function enable(s: TestServer, path: string, type: string, options: Record<string, string>) {
  const r = await s.request("PUT", `sys/audit/${path}`, { token: s.rootToken, body: { type, options } });
  assert.equal(r.status, 204, r.text);
}

const json = (line: string) => JSON.parse(line.slice(line.indexOf("{")));

describe("socket and syslog devices", { timeout: 60_000 }, () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer({ auditAllowedDirs: [dir] });
  });
  after(() => s.close());

  it("each writes the request/response pair of a read, HMAC'd", async () => {
    const tcp = await lineServer();
    const unixPath = join(dir, "syslog.sock");
    const unix = await lineServer({ unixPath });
    const udp = await udpServer();
    const syslogUdp = await udpServer();
    try {
      await enable(s, "tcp", "socket", { address: tcp.address });
      await enable(s, "udp", "socket", { address: udp.address, socket_type: "udp" });
      await enable(s, "syslog", "syslog", {
        address: syslogUdp.address,
        tag: "cofre-test",
        facility: "LOCAL0",
      });
      await enable(s, "syslog-unix", "syslog", {
        address: unixPath,
        socket_type: "unix",
        syslog_format: "rfc3164",
      });
      await s.request("POST", "secret/data/sock", { token: s.rootToken, body: { data: { v: SECRET } } });
      const r = await s.request("GET", "secret/data/sock", { token: s.rootToken });
      assert.equal(r.status, 200);
      const id = r.body.request_id;
      await udp.atLeast(1);
      await syslogUdp.atLeast(1);

      const ofRead = (lines: string[]) => lines.map(json).filter((e) => e.request.id === id);
      // Stream devices have answered before the response was sent (the broker waits for one device
      // only, so give the others their turn once).
      await new Promise((r) => setImmediate(r));
      for (const [name, lines] of [
        ["tcp", tcp.lines],
        ["udp", udp.messages],
        ["syslog", syslogUdp.messages],
        ["syslog-unix", unix.lines],
      ] as const) {
        const pair = ofRead([...lines]);
        assert.deepEqual(
          pair.map((e) => e.type),
          ["request", "response"],
          `${name} got the pair`,
        );
        assert.match(pair[1].response.data.data.v, /^hmac-sha256:/, name);
        assert.ok(!lines.join("\n").includes(SECRET), `${name} never sees the value`);
      }
      const rfc5424 = syslogUdp.messages.find((m) => m.includes(id)) ?? "";
      // LOCAL0 (16) * 8 + info (6) = 134
      assert.match(rfc5424, /^<134>1 \d{4}-\d\d-\d\dT[\d:.]+Z \S+ cofre-test \d+ - - \{"time"/);
      const rfc3164 = unix.lines.find((m) => m.includes(id)) ?? "";
      assert.match(rfc3164, /^<38>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ cofre\[\d+\]: \{"time"/);
    } finally {
      for (const p of ["tcp", "udp", "syslog", "syslog-unix"]) {
        await s.request("DELETE", `sys/audit/${p}`, { token: s.rootToken });
      }
      await tcp.stop();
      await unix.stop();
      udp.close();
      syslogUdp.close();
    }
  });

  it("a blackholed socket fails fast, and a healthy second device keeps serving", async () => {
    const hole = await lineServer({ pause: true });
    try {
      await enable(s, "hole", "socket", { address: hole.address, log_raw: "true", write_timeout: "300ms" });
      // 24 MiB written raw cannot fit the socket buffers of a peer that never reads.
      const big = "x".repeat(24 * 1024 * 1024);
      const started = Date.now();
      const refused = await s.request("POST", "secret/data/big", {
        token: s.rootToken,
        body: { data: { big } },
      });
      assert.equal(refused.status, 500);
      assert.deepEqual(refused.body, { errors: ["internal error"] });
      assert.ok(Date.now() - started < 5000, "refused within seconds, not hung");
      const meta = await s.request("GET", "secret/metadata/big", { token: s.rootToken });
      assert.equal(meta.status, 404, "the refused write never reached the backend");

      await enable(s, "healthy", "file", { file_path: join(dir, "healthy.log") });
      const ok = await s.request("POST", "secret/data/big", { token: s.rootToken, body: { data: { big } } });
      assert.equal(ok.status, 200);
      const st = await s.request("GET", "sys/audit-status", { token: s.rootToken });
      assert.equal(st.body.data.devices["healthy/"].healthy, true);
      const holeStatus = st.body.data.devices["hole/"];
      assert.ok(holeStatus.failures >= 1);
      assert.match(holeStatus.last_error, /timed out|ESTALLED|ECONNRESET|EPIPE/);
      // The hole recovers once its small writes fit again; a peer that is gone keeps failing.
      await hole.stop();
      assert.equal((await s.request("GET", "secret/metadata/big", { token: s.rootToken })).status, 200);
      const health = await s.request("GET", "sys/health");
      assert.deepEqual(health.body.audit_devices, { enabled: 2, failing: 1 });
    } finally {
      await s.request("DELETE", "sys/audit/hole", { token: s.rootToken });
      await s.request("DELETE", "sys/audit/healthy", { token: s.rootToken });
      await hole.stop();
    }
  });
});

describe("fail closed", { timeout: 60_000 }, () => {
  it("the only device's file becomes unwritable: the next read is refused and the secret withheld", async () => {
    const s = await startTestServer({ auditAllowedDirs: [dir] });
    try {
      const file = join(dir, "only.log");
      await enable(s, "only", "file", { file_path: file });
      await s.request("POST", "secret/data/db", { token: s.rootToken, body: { data: { password: SECRET } } });
      assert.equal((await s.request("GET", "secret/data/db", { token: s.rootToken })).status, 200);
      // Rotated away and replaced by something that cannot be written; the device re-opens (SIGHUP).
      await unlink(file);
      await mkdir(file);
      await s.core.auditDevices.reopen();
      const r = await s.request("GET", "secret/data/db", { token: s.rootToken });
      assert.equal(r.status, 500);
      assert.deepEqual(r.body, { errors: ["internal error"] });
      assert.ok(!r.text.includes(SECRET));
      // Fixed: the device opens again by itself on the next write.
      await rm(file, { recursive: true });
      const back = await s.request("GET", "secret/data/db", { token: s.rootToken });
      assert.equal(back.status, 200);
    } finally {
      await s.close();
    }
  });

  it("a full disk refuses requests once the healthy device is gone", async () => {
    const s = await startTestServer({ auditAllowedDirs: [dir, "/dev"] });
    try {
      await enable(s, "good", "file", { file_path: join(dir, "good.log") });
      await enable(s, "full", "file", { file_path: "/dev/full" });
      await s.request("POST", "secret/data/db", { token: s.rootToken, body: { data: { password: SECRET } } });
      assert.equal((await s.request("GET", "secret/data/db", { token: s.rootToken })).status, 200);
      // The disable itself runs (its request line was written), but its response line is not.
      const off = await s.request("DELETE", "sys/audit/good", { token: s.rootToken });
      assert.equal(off.status, 500);
      const r = await s.request("GET", "secret/data/db", { token: s.rootToken });
      assert.equal(r.status, 500);
      assert.ok(!r.text.includes(SECRET));
    } finally {
      await s.close();
    }
  });

  it("the socket peer goes away: the next read is refused", async () => {
    const s = await startTestServer({ auditAllowedDirs: [dir] });
    const peer = await lineServer();
    try {
      await enable(s, "sock", "socket", { address: peer.address });
      await s.request("POST", "secret/data/db", { token: s.rootToken, body: { data: { password: SECRET } } });
      assert.equal((await s.request("GET", "secret/data/db", { token: s.rootToken })).status, 200);
      await peer.stop();
      const r = await s.request("GET", "secret/data/db", { token: s.rootToken });
      assert.equal(r.status, 500);
      assert.ok(!r.text.includes(SECRET));
    } finally {
      await s.close();
    }
  });
});
