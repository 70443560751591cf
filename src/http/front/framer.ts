/**
 * Finds request boundaries in the byte stream of one HTTP/1.x connection, the same way Node's
 * parser will, but stricter: every request head is validated before a byte of it is forwarded,
 * and bodies are framed by their single Content-Length or by chunked encoding. The stream is
 * never re-split: forwarded bytes are the client's bytes, except that a request line's `LIST`
 * method token becomes the stand-in verb of the same length.
 *
 * On a violation the framer stops for good and tells its sink whether the refusal falls on a
 * request boundary (every forwarded byte belongs to a complete request).
 */
import { BODY_INCOMPLETE, BODY_INVALID, ChunkedBodyScanner } from "./chunked.js";
import { HeadScanner, NEED_MORE, REFUSED } from "./head.js";
import { LIST_STAND_IN, type RefusalReason } from "./reasons.js";

export interface FramerSink {
  /** Bytes for the HTTP server, in order. The buffer may be a view of the pushed chunk. */
  forward(bytes: Buffer): void;
  /** The stream is refused from here on; nothing more will be forwarded. */
  refuse(reason: RefusalReason, atBoundary: boolean): void;
}

const HEAD = 0;
const LENGTH_BODY = 1;
const CHUNKED_BODY = 2;
const STOPPED = 3;

/** Chunk extensions plus trailer fields allowed in one body (below Node's own limit). */
const MAX_CHUNK_METADATA_BYTES = 8192;

const STAND_IN = Buffer.from(LIST_STAND_IN, "latin1");
if (STAND_IN.length !== 4) throw new Error("the LIST stand-in must be 4 bytes long");

export class RequestFramer {
  private state = HEAD;
  private readonly head = new HeadScanner();
  private readonly chunked: ChunkedBodyScanner;
  private remaining = 0;
  /** A head that spans several reads, accumulated (capacity maxHeaderBytes). */
  private pending: Buffer | null = null;
  private pendingLength = 0;

  constructor(
    private readonly sink: FramerSink,
    private readonly maxHeaderBytes: number,
  ) {
    this.chunked = new ChunkedBodyScanner(Math.min(maxHeaderBytes, MAX_CHUNK_METADATA_BYTES));
  }

  get stopped(): boolean {
    return this.state === STOPPED;
  }

  /** True while part of a request head is held back waiting for more bytes. */
  get awaitingHead(): boolean {
    return this.pending !== null;
  }

  /** Counts the heads that had to be held back; tells a new held head from the previous one. */
  heldHeads = 0;

  push(chunk: Buffer): void {
    if (this.state === STOPPED) return;
    let i = 0;
    if (this.pending !== null) {
      i = this.continueHead(chunk);
      if (i < 0) return;
    }
    const forwardFrom = i;
    const end = chunk.length;
    while (i < end) {
      if (this.state === HEAD) {
        this.head.reset(i);
        const limit = Math.min(end, i + this.maxHeaderBytes);
        const headEnd = this.head.scan(chunk, limit);
        if (headEnd === REFUSED || (headEnd === NEED_MORE && limit - i >= this.maxHeaderBytes)) {
          this.forward(chunk, forwardFrom, i);
          this.stop(headEnd === REFUSED ? this.head.refusal : "header-too-large", true);
          return;
        }
        if (headEnd === NEED_MORE) {
          this.forward(chunk, forwardFrom, i);
          this.holdHead(chunk, i);
          return;
        }
        if (this.head.isList) STAND_IN.copy(chunk, i);
        this.startBody();
        i = headEnd;
      } else if (this.state === LENGTH_BODY) {
        const take = Math.min(this.remaining, end - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = HEAD;
      } else {
        const bodyEnd = this.chunked.scan(chunk, i, end);
        if (bodyEnd === BODY_INVALID) {
          this.forward(chunk, forwardFrom, i);
          this.stop("chunked-encoding", false);
          return;
        }
        if (bodyEnd === BODY_INCOMPLETE) {
          i = end;
        } else {
          i = bodyEnd;
          this.state = HEAD;
        }
      }
    }
    this.forward(chunk, forwardFrom, end);
  }

  /** Refuses a head that has been arriving for too long (the caller keeps the clock). */
  timeOutHead(): void {
    if (this.pending !== null) this.stop("header-timeout", true);
  }

  private forward(chunk: Buffer, from: number, to: number): void {
    if (to > from) this.sink.forward(from === 0 && to === chunk.length ? chunk : chunk.subarray(from, to));
  }

  private stop(reason: RefusalReason, atBoundary: boolean): void {
    this.state = STOPPED;
    this.pending = null;
    this.sink.refuse(reason, atBoundary);
  }

  private holdHead(chunk: Buffer, from: number): void {
    this.heldHeads++;
    this.pending = Buffer.allocUnsafe(this.maxHeaderBytes);
    this.pendingLength = chunk.copy(this.pending, 0, from);
    this.head.rebase(-from);
  }

  /** Feeds a held head with the start of `chunk`; returns where the head ended in it, or -1. */
  private continueHead(chunk: Buffer): number {
    const pending = this.pending!;
    const before = this.pendingLength;
    const taken = chunk.copy(pending, before, 0, Math.min(chunk.length, this.maxHeaderBytes - before));
    this.pendingLength = before + taken;
    const filled = pending.subarray(0, this.pendingLength);
    const headEnd = this.head.scan(filled, this.pendingLength);
    if (headEnd === REFUSED) {
      this.stop(this.head.refusal, true);
      return -1;
    }
    if (headEnd === NEED_MORE) {
      if (this.pendingLength >= this.maxHeaderBytes) this.stop("header-too-large", true);
      return -1;
    }
    this.pending = null;
    if (this.head.isList) STAND_IN.copy(filled, 0);
    this.sink.forward(filled.subarray(0, headEnd));
    this.startBody();
    return headEnd - before;
  }

  private startBody(): void {
    const framing = this.head.framing;
    if (framing === "length") {
      this.remaining = this.head.contentLength;
      this.state = LENGTH_BODY;
    } else if (framing === "chunked") {
      this.chunked.reset();
      this.state = CHUNKED_BODY;
    } else {
      this.state = HEAD;
    }
  }
}
