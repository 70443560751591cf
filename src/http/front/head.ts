/**
 * Strict parser of one HTTP/1.x request head (request line + header fields), fed incrementally.
 * It validates, and learns what the framing needs: the body length rule, whether the method is
 * LIST. It never copies or changes bytes; the framer decides what to forward.
 */
import { METHODS } from "node:http";
import { COLON, CR, equalsIgnoreCase, FIELD_VALUE, HTAB, LF, SP, TARGET, TCHAR } from "./chars.js";
import { LIST_STAND_IN, REFUSAL_METHOD, type RefusalReason } from "./reasons.js";

/** Methods passed through unchanged: what Node's parser knows, minus the ones we refuse. */
const PASS_THROUGH_METHODS = new Set(
  METHODS.filter((m) => m !== "CONNECT" && m !== LIST_STAND_IN && m !== REFUSAL_METHOD),
);

/** Largest Content-Length we accept: 15 digits stays below 2^53. */
const MAX_LENGTH_DIGITS = 15;

export const NEED_MORE = -1;
export const REFUSED = -2;

export type BodyFraming = "none" | "length" | "chunked";

export class HeadScanner {
  /** Why the last scan returned REFUSED. */
  refusal: RefusalReason = "request-line";
  /** Index of the first unparsed line in the buffer being scanned. */
  lineStart = 0;
  /** Where to resume looking for the next LF (everything before it has none). */
  searchFrom = 0;
  /** The method is exactly LIST (the framer rewrites it). */
  isList = false;
  framing: BodyFraming = "none";
  contentLength = 0;

  private sawRequestLine = false;
  private http10 = false;
  private lengthHeaders = 0;
  private encodingHeaders = 0;
  private chunked = false;
  private hostHeaders = 0;
  private upgrade = false;

  /** Starts a new head at `start`. */
  reset(start: number): void {
    this.lineStart = start;
    this.searchFrom = start;
    this.isList = false;
    this.framing = "none";
    this.contentLength = 0;
    this.sawRequestLine = false;
    this.http10 = false;
    this.lengthHeaders = 0;
    this.encodingHeaders = 0;
    this.chunked = false;
    this.hostHeaders = 0;
    this.upgrade = false;
  }

  /** Shifts positions after the head's bytes moved by `delta` (into an accumulation buffer). */
  rebase(delta: number): void {
    this.lineStart += delta;
    this.searchFrom += delta;
  }

  /**
   * Parses the complete lines in buf[lineStart, end). Returns the index just past the blank line
   * that ends the head, NEED_MORE, or REFUSED (see `refusal`).
   */
  scan(buf: Buffer, end: number): number {
    for (;;) {
      const lf = indexOfLF(buf, this.searchFrom, end);
      if (lf < 0) {
        this.searchFrom = end;
        return NEED_MORE;
      }
      const start = this.lineStart;
      if (lf === start || buf[lf - 1] !== CR) return this.refuse("bare-lf");
      const lineEnd = lf - 1;
      this.lineStart = lf + 1;
      this.searchFrom = lf + 1;
      if (!this.sawRequestLine) {
        if (!this.requestLine(buf, start, lineEnd)) return REFUSED;
        this.sawRequestLine = true;
      } else if (lineEnd === start) {
        return this.finish() ? lf + 1 : REFUSED;
      } else if (!this.headerLine(buf, start, lineEnd)) {
        return REFUSED;
      }
    }
  }

  private refuse(reason: RefusalReason): typeof REFUSED {
    this.refusal = reason;
    return REFUSED;
  }

  private fail(reason: RefusalReason): false {
    this.refusal = reason;
    return false;
  }

  private requestLine(buf: Buffer, start: number, end: number): boolean {
    let p = start;
    while (p < end && TCHAR[buf[p]] === 1) p++;
    if (p === start || p >= end || buf[p] !== SP) return this.fail("request-line");
    const methodEnd = p;
    p++;
    const targetStart = p;
    while (p < end && TARGET[buf[p]] === 1) p++;
    if (p === targetStart || p >= end || buf[p] !== SP) return this.fail("request-line");
    p++;
    if (end - p !== 8 || !isHttp1(buf, p)) return this.fail("http-version");
    this.http10 = buf[p + 7] === 0x30;
    const methodLength = methodEnd - start;
    if (
      methodLength === 4 &&
      buf[start] === 0x4c &&
      buf[start + 1] === 0x49 &&
      buf[start + 2] === 0x53 &&
      buf[start + 3] === 0x54
    ) {
      this.isList = true;
      return true;
    }
    const method = buf.toString("latin1", start, methodEnd);
    if (!PASS_THROUGH_METHODS.has(method)) return this.fail("method");
    return true;
  }

  private headerLine(buf: Buffer, start: number, end: number): boolean {
    const first = buf[start];
    if (first === SP || first === HTAB) return this.fail("obs-fold");
    let p = start;
    while (p < end && TCHAR[buf[p]] === 1) p++;
    if (p >= end || buf[p] !== COLON) {
      const c = buf[p];
      return this.fail(c === SP || c === HTAB ? "space-before-colon" : "header-field");
    }
    if (p === start) return this.fail("header-field");
    const nameLength = p - start;
    for (let q = p + 1; q < end; q++) {
      if (FIELD_VALUE[buf[q]] !== 1) return this.fail("header-field");
    }
    switch (nameLength) {
      case 4:
        if (equalsIgnoreCase(buf, start, "host")) this.hostHeaders++;
        return true;
      case 7:
        if (equalsIgnoreCase(buf, start, "upgrade")) this.upgrade = true;
        return true;
      case 14:
        if (equalsIgnoreCase(buf, start, "content-length")) return this.lengthValue(buf, p + 1, end);
        return true;
      case 17:
        if (equalsIgnoreCase(buf, start, "transfer-encoding")) return this.encodingValue(buf, p + 1, end);
        return true;
      default:
        return true;
    }
  }

  private lengthValue(buf: Buffer, start: number, end: number): boolean {
    this.lengthHeaders++;
    [start, end] = trimOWS(buf, start, end);
    if (start === end || end - start > MAX_LENGTH_DIGITS) return this.fail("content-length");
    let n = 0;
    for (let p = start; p < end; p++) {
      const d = buf[p] - 0x30;
      if (d < 0 || d > 9) return this.fail("content-length");
      n = n * 10 + d;
    }
    this.contentLength = n;
    return true;
  }

  private encodingValue(buf: Buffer, start: number, end: number): boolean {
    this.encodingHeaders++;
    [start, end] = trimOWS(buf, start, end);
    if (end - start !== 7 || !equalsIgnoreCase(buf, start, "chunked")) {
      return this.fail("transfer-encoding");
    }
    this.chunked = true;
    return true;
  }

  /** Checks the head as a whole once the blank line arrived, and settles the body framing. */
  private finish(): boolean {
    if (this.upgrade) return this.fail("upgrade");
    if (this.hostHeaders > 1 || (!this.http10 && this.hostHeaders === 0)) return this.fail("host");
    if (this.lengthHeaders > 1) return this.fail("content-length");
    if (this.encodingHeaders > 1) return this.fail("transfer-encoding");
    if (this.lengthHeaders === 1 && this.encodingHeaders === 1) return this.fail("ambiguous-length");
    if (this.chunked) {
      if (this.http10) return this.fail("transfer-encoding");
      this.framing = "chunked";
    } else if (this.lengthHeaders === 1 && this.contentLength > 0) {
      this.framing = "length";
    } else {
      this.framing = "none";
    }
    return true;
  }
}

function indexOfLF(buf: Buffer, from: number, end: number): number {
  if (from >= end) return -1;
  const at = buf.indexOf(LF, from);
  return at >= 0 && at < end ? at : -1;
}

function isHttp1(buf: Buffer, p: number): boolean {
  return (
    buf[p] === 0x48 &&
    buf[p + 1] === 0x54 &&
    buf[p + 2] === 0x54 &&
    buf[p + 3] === 0x50 &&
    buf[p + 4] === 0x2f &&
    buf[p + 5] === 0x31 &&
    buf[p + 6] === 0x2e &&
    (buf[p + 7] === 0x31 || buf[p + 7] === 0x30)
  );
}

function trimOWS(buf: Buffer, start: number, end: number): [number, number] {
  while (start < end && (buf[start] === SP || buf[start] === HTAB)) start++;
  while (end > start && (buf[end - 1] === SP || buf[end - 1] === HTAB)) end--;
  return [start, end];
}
