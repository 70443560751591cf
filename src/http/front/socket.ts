/**
 * The stream Node's HTTP server reads instead of the client's socket: bytes pass through the
 * RequestFramer on the way in (LIST rewritten, bad framing refused) and straight to the socket on
 * the way out. It looks enough like a net.Socket for node:http and fastify (addresses, timeouts,
 * destroySoon).
 */
import type { Socket } from "node:net";
import { Duplex } from "node:stream";
import { TLSSocket } from "node:tls";
import type { ConnectionInfo } from "../../logical/types.js";
import { RequestFramer } from "./framer.js";
import { type RefusalReason, refusalRequest } from "./reasons.js";

export interface FrontedSocketOptions {
  maxHeaderBytes: number;
  /** How long one request head may take to arrive once it started. */
  headerTimeoutMs: number;
  /** How long to keep draining a refused connection after the answer, so it is not reset. */
  lingerMs: number;
}

/** Bytes discarded from a refused connection before it is cut. */
const MAX_DISCARD_BYTES = 1 << 20;

export class FrontedSocket extends Duplex {
  readonly connectionInfo: ConnectionInfo;
  readonly remoteAddress: string | undefined;
  readonly remotePort: number | undefined;
  readonly remoteFamily: string | undefined;
  readonly localAddress: string | undefined;
  readonly localPort: number | undefined;
  readonly encrypted: boolean;
  /** Why the front refused this connection, if it did. */
  refusal: RefusalReason | null = null;

  private readonly framer: RequestFramer;
  private rawPaused = false;
  private headTimer: NodeJS.Timeout | null = null;
  /** Which held head the timer is for (RequestFramer.heldHeads). */
  private timedHead = 0;
  private discarded = 0;
  private linger = false;
  /** Input is read and dropped (the connection is being closed after an error). */
  private draining = false;
  private closingAfterError = false;

  constructor(
    private readonly raw: Socket,
    private readonly options: FrontedSocketOptions,
  ) {
    super({ allowHalfOpen: true, decodeStrings: false });
    this.remoteAddress = raw.remoteAddress;
    this.remotePort = raw.remotePort;
    this.remoteFamily = raw.remoteFamily;
    this.localAddress = raw.localAddress;
    this.localPort = raw.localPort;
    this.encrypted = raw instanceof TLSSocket;
    this.connectionInfo = Object.freeze({
      remoteAddress: unmapIPv4(raw.remoteAddress ?? ""),
      remotePort: raw.remotePort ?? 0,
      tls: this.encrypted,
      ...(raw instanceof TLSSocket ? peerChain(raw) : {}),
    });
    this.framer = new RequestFramer(
      {
        forward: (bytes) => {
          if (!this.push(bytes) && !this.rawPaused) {
            this.rawPaused = true;
            raw.pause();
          }
        },
        refuse: (reason, atBoundary) => this.onRefused(reason, atBoundary),
      },
      options.maxHeaderBytes,
    );
    raw.on("data", (chunk: Buffer) => this.onRawData(chunk));
    raw.on("end", () => {
      if (!this.framer.stopped && !this.draining) this.push(null);
      else if (this.writableFinished) this.destroy();
    });
    raw.on("error", (err) => this.destroy(err));
    raw.on("close", () => this.destroy());
    raw.on("timeout", () => this.emit("timeout"));
    this.once("finish", () => this.afterFinish());
  }

  setTimeout(ms: number, callback?: () => void): this {
    this.raw.setTimeout(ms);
    if (callback) this.once("timeout", callback);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.raw.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, delayMs?: number): this {
    this.raw.setKeepAlive(enable, delayMs);
    return this;
  }

  /** Ends the connection once everything written is flushed (what node:http calls to close). */
  destroySoon(): void {
    if (this.writable) this.end();
    else if (this.writableFinished) this.afterFinish();
  }

  /** Input from now on is read and dropped: the HTTP server has given up on this connection. */
  stopReading(): void {
    this.draining = true;
    this.clearHeadTimer();
  }

  /** True once closeAfterError was called. */
  get closing(): boolean {
    return this.closingAfterError;
  }

  /** Like destroySoon, but drains the client for a moment first so the answer is not reset. */
  closeAfterError(): void {
    this.closingAfterError = true;
    this.linger = true;
    this.draining = true;
    this.destroySoon();
  }

  override _read(): void {
    if (this.rawPaused) {
      this.rawPaused = false;
      this.raw.resume();
    }
  }

  // Writes go straight to the socket; the callback waits only when the socket pushes back, so
  // node:http's own backpressure still works without a round trip per write.
  override _write(
    chunk: Buffer | string,
    encoding: BufferEncoding,
    callback: (err?: Error | null) => void,
  ): void {
    if (this.raw.write(chunk, encoding)) callback();
    else this.raw.once("drain", () => callback());
  }

  override _writev(
    chunks: Array<{ chunk: Buffer | string; encoding: BufferEncoding }>,
    callback: (err?: Error | null) => void,
  ): void {
    const raw = this.raw;
    raw.cork();
    let flowing = true;
    for (const { chunk, encoding } of chunks) {
      if (chunk.length > 0) flowing = raw.write(chunk, encoding);
    }
    raw.uncork();
    if (flowing) callback();
    else raw.once("drain", () => callback());
  }

  override _final(callback: (err?: Error | null) => void): void {
    this.raw.end(() => callback());
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.clearHeadTimer();
    if (!this.raw.destroyed) this.raw.destroy();
    callback(err);
  }

  private onRawData(chunk: Buffer): void {
    if (this.framer.stopped || this.draining) {
      this.discarded += chunk.length;
      if (this.discarded > MAX_DISCARD_BYTES) this.destroy();
      return;
    }
    this.framer.push(chunk);
    if (!this.framer.awaitingHead) {
      this.clearHeadTimer();
    } else if (this.headTimer === null || this.timedHead !== this.framer.heldHeads) {
      // A head started arriving: it has headerTimeoutMs to complete, however it trickles in.
      this.clearHeadTimer();
      this.timedHead = this.framer.heldHeads;
      this.headTimer = setTimeout(() => this.framer.timeOutHead(), this.options.headerTimeoutMs).unref();
    }
  }

  private onRefused(reason: RefusalReason, atBoundary: boolean): void {
    this.refusal = reason;
    this.linger = true;
    this.clearHeadTimer();
    if (atBoundary) {
      // Answered in order by the HTTP server, after earlier pipelined requests.
      this.push(refusalRequest(reason));
    } else {
      // Mid-body: the server sees the message end early and reports a client error.
      this.push(null);
    }
    if (this.rawPaused) {
      this.rawPaused = false;
      this.raw.resume();
    }
  }

  private afterFinish(): void {
    if (this.destroyed) return;
    if (!this.linger || this.raw.readableEnded) {
      this.destroy();
      return;
    }
    // Keep reading (and discarding) for a moment so the client gets the answer, not a reset.
    setTimeout(() => this.destroy(), this.options.lingerMs).unref();
  }

  private clearHeadTimer(): void {
    if (this.headTimer !== null) {
      clearTimeout(this.headTimer);
      this.headTimer = null;
    }
  }
}

/** "::ffff:10.0.0.1" -> "10.0.0.1", as Go reports IPv4 clients of a dual-stack listener. */
function unmapIPv4(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/**
 * DER of the client's certificate chain, leaf first, when the client presented one. Calling
 * getPeerX509Certificate() first would cut the chain to the leaf alone (Node 20 links no
 * issuerCertificate afterwards), so only getPeerCertificate(true) is used.
 */
function peerChain(raw: TLSSocket): { peerCertificates?: Uint8Array[] } {
  const chain: Uint8Array[] = [];
  const seen = new Set<string>();
  let cert = raw.getPeerCertificate(true);
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(new Uint8Array(cert.raw));
    cert = cert.issuerCertificate;
  }
  return chain.length > 0 ? { peerCertificates: chain } : {};
}
