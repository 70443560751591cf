/** Test helpers: a server around a recording fake core, and a raw HTTP/1.1 client. */
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { createHttpServer } from "../../src/http/server.js";
import type { HttpServerOptions, RequestHandler } from "../../src/http/types.js";
import type { CoreResponse, LogicalRequest } from "../../src/logical/types.js";
import { type Logger, silentLogger } from "../../src/util/logger.js";

export type Responder = (req: LogicalRequest) => CoreResponse | Promise<CoreResponse>;

export function coreResponse(req: LogicalRequest, fields: Partial<CoreResponse> = {}): CoreResponse {
  return {
    requestId: req.id,
    leaseId: "",
    renewable: false,
    leaseDuration: 0,
    data: null,
    warnings: null,
    auth: null,
    wrapInfo: null,
    mountType: "kv",
    ...fields,
  };
}

/** Echoes what the handler received (operation, path, data) as response data. */
export const echo: Responder = (req) =>
  coreResponse(req, { data: { operation: req.operation, path: req.path, data: req.data } });

export interface TestServer {
  port: number;
  url: string;
  /** Every LogicalRequest the fake core received, in order. */
  requests: LogicalRequest[];
  close(): Promise<void>;
  reloadTls(): Promise<boolean>;
}

export async function startServer(
  options: { respond?: Responder; logger?: Logger } & Partial<
    Omit<HttpServerOptions, "handler" | "logger">
  > = {},
): Promise<TestServer> {
  const requests: LogicalRequest[] = [];
  const respond = options.respond ?? echo;
  const handler: RequestHandler = {
    async handle(req) {
      requests.push(req);
      return respond(req);
    },
  };
  const { respond: _r, logger, ...rest } = options;
  const server = createHttpServer({ ...rest, handler, logger: logger ?? silentLogger });
  const { port } = await server.listen("127.0.0.1:0");
  const scheme = options.tls ? "https" : "http";
  return {
    port,
    url: `${scheme}://127.0.0.1:${port}`,
    requests,
    close: () => server.close(),
    reloadTls: () => server.reloadTls(),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Exchange {
  responses: RawResponse[];
  /** The server closed the connection. */
  closed: boolean;
}

export interface ExchangeOptions {
  /** Stop once this many responses arrived (default: wait for the server to close). */
  responses?: number;
  /** Write each piece separately, letting the event loop turn in between. */
  separateWrites?: boolean;
  /** Requests (by index) that were HEAD: their responses have no body. */
  headIndexes?: number[];
  tls?: boolean;
}

/** Sends raw bytes on one connection and parses the HTTP/1.1 responses that come back. */
export function exchange(
  port: number,
  pieces: Array<string | Buffer>,
  options: ExchangeOptions = {},
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket: Socket = options.tls
      ? connectTls({ port, host: "127.0.0.1", rejectUnauthorized: false })
      : connectTcp(port, "127.0.0.1");
    socket.setNoDelay(true);
    const result: Exchange = { responses: [], closed: false };
    let buffered = Buffer.alloc(0);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(result);
    };
    socket.on("data", (data: Buffer) => {
      buffered = Buffer.concat([buffered, data]);
      for (;;) {
        const parsed = parseResponse(
          buffered,
          options.headIndexes?.includes(result.responses.length) ?? false,
        );
        if (parsed === null) break;
        result.responses.push(parsed.response);
        buffered = buffered.subarray(parsed.length);
      }
      if (options.responses !== undefined && result.responses.length >= options.responses) finish();
    });
    socket.on("close", () => {
      result.closed = true;
      finish();
    });
    socket.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNRESET" || err.code === "EPIPE") return;
      reject(err);
    });
    socket.once(options.tls ? "secureConnect" : "connect", async () => {
      for (const piece of pieces) {
        if (socket.destroyed) return;
        socket.write(piece);
        if (options.separateWrites) await new Promise((r) => setImmediate(r));
      }
    });
  });
}

function parseResponse(buf: Buffer, isHead: boolean): { response: RawResponse; length: number } | null {
  const headEnd = buf.indexOf("\r\n\r\n");
  if (headEnd < 0) return null;
  const lines = buf.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = Number(lines[0].split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  if (headers["transfer-encoding"] !== undefined) throw new Error("unexpected chunked response");
  const length = isHead ? 0 : Number(headers["content-length"] ?? 0);
  const start = headEnd + 4;
  if (buf.length < start + length) return null;
  const body = buf.subarray(start, start + length).toString("utf8");
  return { response: { status, headers, body }, length: start + length };
}

export function request(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body = "",
): string {
  const lines = [`${method} ${path} HTTP/1.1`, "Host: cofre.test"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== "" && headers["Transfer-Encoding"] === undefined)
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}
