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
  const waiters: Array<() => void> = [];
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
      for (const w of waiters.splice(0)) w();
    });
  });
  await new Promise<void>((r) =>
    opts.unixPath ? server.listen(opts.unixPath, r) : server.listen(0, "127.0.0.1", r),
  );
  const address = opts.unixPath ?? `127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    address,
    lines,
    /** Resolves once a received line contains `text`. */
    async waitFor(text: string) {
      while (!lines.some((l) => l.includes(text))) await new Promise<void>((r) => waiters.push(r));
    },
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
    /** Resolves once a received datagram contains `text`. */
    async waitFor(text: string) {
      while (!messages.some((m) => m.includes(text))) await new Promise<void>((r) => arrived.push(r));
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

  it("each writes the pairs of a write, a read, a token creation and an error, and a denial", async () => {
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
      const w = await s.request("POST", "secret/data/sock", {
        token: s.rootToken,
        body: { data: { v: SECRET } },
      });
      const r = await s.request("GET", "secret/data/sock", { token: s.rootToken });
      assert.equal(r.status, 200);
      const c = await s.request("POST", "auth/token/create", {
        token: s.rootToken,
        body: { policies: ["default"] },
      });
      const token = c.body.auth.client_token;
      const denied = await s.request("GET", "secret/data/sock", { token });
      assert.equal(denied.status, 403);
      const e = await s.request("POST", "secret/data/sock", {
        token: s.rootToken,
        body: { options: { cas: 0 }, data: { v: "x" } },
      });
      assert.equal(e.status, 400);
      // The error's response line is the last line written: wait until every device has it.
      const last = (lines: string[]) =>
        lines.map(json).find((x) => x.type === "response" && /check-and-set/.test(x.error ?? ""));
      const devices = [
        ["tcp", tcp.lines, tcp],
        ["udp", udp.messages, udp],
        ["syslog", syslogUdp.messages, syslogUdp],
        ["syslog-unix", unix.lines, unix],
      ] as const;
      for (const [, , collector] of devices) await collector.waitFor("check-and-set");

      for (const [name, lines] of devices) {
        const entries = lines.map(json);
        const types = (id: string) => entries.filter((x) => x.request.id === id).map((x) => x.type);
        for (const id of [w.body.request_id, r.body.request_id, c.body.request_id]) {
          assert.deepEqual(types(id), ["request", "response"], `${name}: pair of ${id}`);
        }
        const read = entries.find((x) => x.type === "response" && x.request.id === r.body.request_id);
        assert.match(read.response.data.data.v, /^hmac-sha256:/, name);
        const created = entries.find((x) => x.type === "response" && x.request.id === c.body.request_id);
        assert.match(created.response.auth.client_token, /^hmac-sha256:/, name);
        const refusal = entries.filter((x) => x.error === "permission denied");
        assert.deepEqual(
          refusal.map((x) => x.type),
          ["request"],
          `${name}: the denial is one request line`,
        );
        assert.ok(last([...lines]), `${name}: the error's response line`);
        const text = lines.join("\n");
        assert.ok(!text.includes(SECRET) && !text.includes(token), `${name} never sees the value or token`);
      }
      const rfc5424 = syslogUdp.messages.find((m) => m.includes(r.body.request_id)) ?? "";
      // LOCAL0 (16) * 8 + info (6) = 134
      assert.match(rfc5424, /^<134>1 \d{4}-\d\d-\d\dT[\d:.]+Z \S+ cofre-test \d+ - - \{"time"/);
      const rfc3164 = unix.lines.find((m) => m.includes(r.body.request_id)) ?? "";
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
