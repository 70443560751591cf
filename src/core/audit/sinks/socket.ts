/**
 * Socket sinks: a stream connection (TCP, or a unix stream socket) that reconnects after the peer
 * went away, and UDP datagrams (one line each). A write that hangs is aborted by the device's
 * deadline: the connection is destroyed and the next write connects afresh.
 */
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, isIPv6, type Socket } from "node:net";
import type { AuditSink } from "./types.js";

const CLOSE_GRACE_MS = 1000;

export type StreamTarget = { host: string; port: number } | { unixPath: string };

export class StreamSink implements AuditSink {
  private socket: Socket | null = null;
  private connecting: Promise<Socket> | null = null;
  private pending: Socket | null = null;

  constructor(private readonly target: StreamTarget) {}

  get isOpen(): boolean {
    return this.socket !== null;
  }

  async open(): Promise<void> {
    await this.connected();
  }

  async write(lines: readonly Buffer[]): Promise<void> {
    const socket = await this.connected();
    await new Promise<void>((resolve, reject) => {
      socket.write(Buffer.concat(lines), (err) => (err ? reject(err) : resolve()));
    });
  }

  abort(): void {
    this.drop(this.socket);
    this.pending?.destroy(new Error("connect aborted"));
    this.pending = null;
    this.connecting = null;
  }

  async close(): Promise<void> {
    this.pending?.destroy(new Error("connect aborted"));
    this.pending = null;
    const s = this.socket;
    this.socket = null;
    this.connecting = null;
    if (!s) return;
    // A peer that stopped reading would hold a graceful end forever: give it a moment, then cut.
    s.end();
    setTimeout(() => s.destroy(), CLOSE_GRACE_MS).unref();
  }

  private drop(s: Socket | null): void {
    if (s) s.destroy();
    if (this.socket === s) this.socket = null;
  }

  private connected(): Promise<Socket> {
    const s = this.socket;
    if (s && !s.destroyed && !s.readableEnded && s.writable) return Promise.resolve(s);
    this.drop(s);
    if (this.connecting) return this.connecting;
    const attempt = new Promise<Socket>((resolve, reject) => {
      const sock =
        "unixPath" in this.target
          ? connect({ path: this.target.unixPath })
          : connect({ host: this.target.host, port: this.target.port });
      this.pending = sock;
      sock.setNoDelay(true);
      const fail = (err: Error) => {
        if (this.pending === sock) this.pending = null;
        sock.destroy();
        reject(err);
      };
      sock.once("error", fail);
      sock.once("connect", () => {
        sock.off("error", fail);
        if (this.pending === sock) this.pending = null;
        // The peer never sends anything; an end, error or close means it went away.
        sock.on("data", () => {});
        sock.on("error", () => this.drop(sock));
        sock.on("end", () => this.drop(sock));
        sock.on("close", () => this.drop(sock));
        this.socket = sock;
        resolve(sock);
      });
    });
    this.connecting = attempt;
    const clear = () => {
      if (this.connecting === attempt) this.connecting = null;
    };
    attempt.then(clear, clear);
    return attempt;
  }
}

export class UdpSink implements AuditSink {
  private socket: UdpSocket | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  get isOpen(): boolean {
    return this.socket !== null;
  }

  async open(): Promise<void> {
    const old = this.socket;
    this.socket = null;
    old?.close();
    const sock = createSocket(isIPv6(this.host) ? "udp6" : "udp4");
    sock.unref();
    await new Promise<void>((resolve, reject) => {
      sock.once("error", reject);
      sock.connect(this.port, this.host, () => {
        sock.off("error", reject);
        resolve();
      });
    });
    sock.on("error", () => {
      if (this.socket === sock) this.socket = null;
      sock.close();
    });
    this.socket = sock;
  }

  async write(lines: readonly Buffer[]): Promise<void> {
    if (!this.socket) await this.open();
    const sock = this.socket;
    if (!sock) throw new Error("udp socket is closed");
    for (const line of lines) {
      await new Promise<void>((resolve, reject) => sock.send(line, (err) => (err ? reject(err) : resolve())));
    }
  }

  abort(): void {
    const s = this.socket;
    this.socket = null;
    s?.close();
  }

  async close(): Promise<void> {
    this.abort();
  }
}
