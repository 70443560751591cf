import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RequestFramer } from "../../src/http/front/framer.js";
import type { RefusalReason } from "../../src/http/front/reasons.js";

interface Outcome {
  forwarded: string;
  refusal: RefusalReason | null;
  atBoundary: boolean | null;
}

const MAX_HEAD = 1024;

/** Feeds the framer the given pieces (each copied, as a socket would deliver fresh buffers). */
function run(pieces: string[], maxHead = MAX_HEAD): Outcome {
  const out: Buffer[] = [];
  const outcome: Outcome = { forwarded: "", refusal: null, atBoundary: null };
  const framer = new RequestFramer(
    {
      forward: (bytes) => out.push(Buffer.from(bytes)),
      refuse: (reason, atBoundary) => {
        outcome.refusal = reason;
        outcome.atBoundary = atBoundary;
      },
    },
    maxHead,
  );
  for (const piece of pieces) framer.push(Buffer.from(piece, "latin1"));
  outcome.forwarded = Buffer.concat(out).toString("latin1");
  return outcome;
}

function splitAt(text: string, at: number): string[] {
  return [text.slice(0, at), text.slice(at)];
}

const GET = "GET /v1/secret/data/a?x=1 HTTP/1.1\r\nHost: h\r\nX-Vault-Token: t\r\n\r\n";
const POST = 'POST /v1/secret/data/a HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n{"a":"bcd"}';
const CHUNKED =
  "PUT /v1/kv/b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" +
  '4;name=value;q="a \\"b\\""\r\n{"a"\r\n3\r\n:1}\r\n0\r\nX-Trailer: yes\r\n\r\n';
const HTTP10 = "GET /v1/sys/health HTTP/1.0\r\n\r\n";
const LIST = "LIST /v1/secret/metadata/ HTTP/1.1\r\nHost: h\r\n\r\n";
const LIST_AS_SEEN = "BIND /v1/secret/metadata/ HTTP/1.1\r\nHost: h\r\n\r\n";

describe("RequestFramer: pass-through", () => {
  const stream = GET + POST + CHUNKED + HTTP10 + POST;

  it("forwards non-LIST requests byte for byte in one chunk", () => {
    assert.deepEqual(run([stream]), { forwarded: stream, refusal: null, atBoundary: null });
  });

  it("forwards them unchanged when split at every byte boundary", () => {
    for (let at = 1; at < stream.length; at++) {
      const outcome = run(splitAt(stream, at));
      assert.equal(outcome.refusal, null, `split at ${at}`);
      assert.equal(outcome.forwarded, stream, `split at ${at}`);
    }
  });

  it("forwards them unchanged one byte at a time", () => {
    assert.deepEqual(run([...stream]), { forwarded: stream, refusal: null, atBoundary: null });
  });

  it("holds a head back until it is complete", () => {
    assert.equal(run([GET + POST.slice(0, 20)]).forwarded, GET);
  });
});

describe("RequestFramer: LIST", () => {
  it("rewrites the method token of a LIST request only", () => {
    const outcome = run([LIST + GET + LIST]);
    assert.equal(outcome.forwarded, LIST_AS_SEEN + GET + LIST_AS_SEEN);
  });

  it("rewrites LIST split anywhere, including inside the method", () => {
    const stream = CHUNKED + LIST + POST + LIST;
    const expected = CHUNKED + LIST_AS_SEEN + POST + LIST_AS_SEEN;
    for (let at = 1; at < stream.length; at++) {
      const outcome = run(splitAt(stream, at));
      assert.equal(outcome.forwarded, expected, `split at ${at}`);
    }
  });

  it("leaves LIST in a path, a header or a body alone", () => {
    const stream =
      "GET /v1/LIST HTTP/1.1\r\nHost: h\r\nX-M: LIST\r\n\r\n" +
      "POST /v1/x HTTP/1.1\r\nHost: h\r\nContent-Length: 37\r\n\r\nLIST /v1/x HTTP/1.1\r\nHost: h\r\n\r\nXXXX";
    assert.equal(run([stream]).forwarded, stream);
  });

  it("does not rewrite other spellings (they are refused, not passed as LIST)", () => {
    const outcome = run([GET, "list /v1/x HTTP/1.1\r\nHost: h\r\n\r\n"]);
    assert.deepEqual(outcome, { forwarded: GET, refusal: "method", atBoundary: true });
  });
});

describe("RequestFramer: chunked bodies", () => {
  it("finds the end of a chunked body split at every byte boundary", () => {
    const stream = CHUNKED + LIST;
    for (let at = 1; at < stream.length; at++) {
      const outcome = run(splitAt(stream, at));
      assert.equal(outcome.refusal, null, `split at ${at}`);
      assert.equal(outcome.forwarded, CHUNKED + LIST_AS_SEEN, `split at ${at}`);
    }
  });

  it("counts chunk data as data even when it looks like framing", () => {
    const body = "0\r\n\r\nGET / HTTP/1.1\r\n";
    const hex = body.length.toString(16);
    const stream = `POST /v1/x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n${hex}\r\n${body}\r\n0\r\n\r\n`;
    assert.equal(run([stream + LIST]).forwarded, stream + LIST_AS_SEEN);
  });

  it("accepts leading zeros and upper-case hex", () => {
    const stream =
      "POST /v1/x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n000A\r\n0123456789\r\n000\r\n\r\n";
    assert.deepEqual(run([stream]), { forwarded: stream, refusal: null, atBoundary: null });
  });
});

/** A request refused at a boundary: only the requests before it are forwarded. */
function assertRefused(bad: string, reason: RefusalReason): void {
  const outcome = run([GET + bad + GET]);
  assert.deepEqual(outcome, { forwarded: GET, refusal: reason, atBoundary: true }, JSON.stringify(bad));
  const bytewise = run([...(GET + bad + GET)]);
  assert.deepEqual(bytewise, { forwarded: GET, refusal: reason, atBoundary: true }, JSON.stringify(bad));
}

describe("RequestFramer: smuggling and malformed heads are refused", () => {
  const head = (lines: string) => `POST /v1/x HTTP/1.1\r\nHost: h\r\n${lines}\r\n`;

  it("refuses Content-Length together with Transfer-Encoding", () => {
    assertRefused(head("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n"), "ambiguous-length");
    assertRefused(head("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n"), "ambiguous-length");
  });

  it("refuses any Transfer-Encoding but exactly chunked", () => {
    for (const value of [
      "gzip, chunked",
      "chunked, gzip",
      "chunked, chunked",
      "identity",
      "chunked;q=1",
      "chunkedx",
    ]) {
      assertRefused(head(`Transfer-Encoding: ${value}\r\n`), "transfer-encoding");
    }
    assertRefused(head("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"), "transfer-encoding");
    assertRefused("POST /v1/x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", "transfer-encoding");
  });

  it("refuses repeated or non-numeric Content-Length", () => {
    assertRefused(head("Content-Length: 4\r\nContent-Length: 4\r\n"), "content-length");
    for (const value of ["4, 4", "+4", "-1", "0x10", "4 4", "", "1234567890123456", "४"]) {
      assertRefused(head(`Content-Length: ${value}\r\n`), "content-length");
    }
  });

  it("refuses whitespace before the colon and obsolete line folding", () => {
    assertRefused(head("Transfer-Encoding : chunked\r\n"), "space-before-colon");
    assertRefused(head("Content-Length\t: 4\r\n"), "space-before-colon");
    assertRefused(head("X-A: 1\r\n Transfer-Encoding: chunked\r\n"), "obs-fold");
    assertRefused(head("X-A: 1\r\n\tcontinued\r\n"), "obs-fold");
  });

  it("refuses bare LF and stray CR", () => {
    assertRefused("GET /v1/x HTTP/1.1\nHost: h\n\n", "bare-lf");
    assertRefused("GET /v1/x HTTP/1.1\r\nHost: h\n\r\n", "bare-lf");
    assertRefused("GET /v1/x HTTP/1.1\r\nHost: h\rX: y\r\n\r\n", "header-field");
    assertRefused("GET /v1/x HTTP/1.1\r\n\n", "bare-lf");
  });

  it("refuses malformed request lines and versions", () => {
    assertRefused("GET  /v1/x HTTP/1.1\r\nHost: h\r\n\r\n", "request-line");
    assertRefused("GET /v1/x  HTTP/1.1\r\nHost: h\r\n\r\n", "http-version");
    assertRefused("GET /v1/\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n", "request-line");
    assertRefused("\r\nGET /v1/x HTTP/1.1\r\nHost: h\r\n\r\n", "request-line");
    assertRefused("GET /v1/x HTTP/2.0\r\nHost: h\r\n\r\n", "http-version");
    assertRefused("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "http-version");
    assertRefused("GET /v1/x\r\n\r\n", "request-line");
  });

  it("refuses bad header names and control bytes in values", () => {
    assertRefused(head("X(A): 1\r\n"), "header-field");
    assertRefused(head(": 1\r\n"), "header-field");
    assertRefused(head("X-A: a\u0000b\r\n"), "header-field");
    assertRefused(head("X-A: a\u007fb\r\n"), "header-field");
    assertRefused(head("NoColon\r\n"), "header-field");
  });

  it("refuses a missing or repeated Host on HTTP/1.1", () => {
    assertRefused("GET /v1/x HTTP/1.1\r\n\r\n", "host");
    assertRefused("GET /v1/x HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", "host");
  });

  it("refuses upgrades, CONNECT and the verbs reserved for the front", () => {
    assertRefused("GET /v1/x HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n", "upgrade");
    assertRefused("CONNECT h:443 HTTP/1.1\r\nHost: h\r\n\r\n", "method");
    assertRefused("BIND /v1/x HTTP/1.1\r\nHost: h\r\n\r\n", "method");
    assertRefused("UNBIND /v1/x HTTP/1.1\r\nHost: h\r\n\r\n", "method");
    assertRefused("FOO /v1/x HTTP/1.1\r\nHost: h\r\n\r\n", "method");
  });

  it("refuses a head larger than the limit, whole or trickled", () => {
    const big = `GET /v1/x HTTP/1.1\r\nHost: h\r\nX-Big: ${"a".repeat(MAX_HEAD)}\r\n\r\n`;
    assertRefused(big, "header-too-large");
    const endless = `GET /v1/x HTTP/1.1\r\nHost: h\r\nX-Big: ${"a".repeat(4 * MAX_HEAD)}`;
    assert.deepEqual(run([GET + endless]), { forwarded: GET, refusal: "header-too-large", atBoundary: true });
    assert.deepEqual(run([...(GET + endless)]), {
      forwarded: GET,
      refusal: "header-too-large",
      atBoundary: true,
    });
  });
});

describe("RequestFramer: malformed chunked bodies are refused mid-body", () => {
  const start = "POST /v1/x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
  const cases: Record<string, string> = {
    "size overflow": "FFFFFFFFFFFFFFFFF\r\n",
    "size above 2^53": "20000000000001\r\n",
    "not hex": "zz\r\nab\r\n0\r\n\r\n",
    "no digits": ";ext\r\n",
    "space before extension": "2 ;a\r\nab\r\n0\r\n\r\n",
    "space in extension": "2; a=b\r\nab\r\n0\r\n\r\n",
    "bare LF after size": "2\nab\r\n0\r\n\r\n",
    "data longer than the size": "2\r\nabc\r\n0\r\n\r\n",
    "bare LF after data": "2\r\nab\n0\r\n\r\n",
    "unterminated quoted extension": '2;a="b\r\nab\r\n',
    "trailer folding": "0\r\nX: 1\r\n folded\r\n\r\n",
    "trailer space before colon": "0\r\nX : 1\r\n\r\n",
  };
  for (const [name, body] of Object.entries(cases)) {
    it(`refuses ${name}`, () => {
      const outcome = run([GET + start + body + GET]);
      assert.equal(outcome.refusal, "chunked-encoding");
      assert.equal(outcome.atBoundary, false);
      assert.ok(!outcome.forwarded.includes(GET + GET), "the next request is never forwarded");
    });
  }

  it("bounds chunk extensions", () => {
    const outcome = run([`${start}1;a=${"x".repeat(2 * MAX_HEAD)}\r\na\r\n0\r\n\r\n`]);
    assert.equal(outcome.refusal, "chunked-encoding");
  });
});
