/**
 * The HTTP server: the connection front (LIST, strict framing, TLS) feeding a node:http server,
 * and fastify routing every method of every path to one handler that builds the LogicalRequest,
 * calls the core and renders the answer.
 */
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, STATUS_CODES } from "node:http";
import fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import type { ConnectionInfo } from "../logical/types.js";
import { parseBody, readBody } from "./body.js";
import { createClientErrorHandler } from "./client-error.js";
import { injectsDataAtTopLevel, renderResponse } from "./envelope.js";
import { errorBody, renderError } from "./errors.js";
import { createFrontListener, type FrontListener } from "./front/listener.js";
import { LIST_STAND_IN, REFUSAL_METHOD, refusalFor } from "./front/reasons.js";
import { FrontedSocket } from "./front/socket.js";
import { API_PREFIX, decodeApiPath } from "./path.js";
import { buildLogicalRequest, type QueryParams, resolveOperation } from "./request.js";
import type { HttpServer, HttpServerOptions } from "./types.js";

const MiB = 1024 * 1024;
const ROUTED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", LIST_STAND_IN, REFUSAL_METHOD];
/** Methods whose bodies this layer reads itself (fastify's parsers are bypassed). */
const SELF_READ_METHODS = ["POST", "PUT", "PATCH", "DELETE"];
const NOT_FOUND_BODY = errorBody([]);
const LINGER_MS = 2000;
const LISTEN_ADDRESS = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/;

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { handler, logger } = options;
  const maxRequestSize = options.maxRequestSize ?? 32 * MiB;
  const maxHeaderBytes = options.maxHeaderBytes ?? 32 * 1024;
  const headerTimeoutMs = options.headerTimeoutMs ?? 60_000;

  const nodeServer = createServer({
    // Above the front's limit, so that the front is the one that answers.
    maxHeaderSize: maxHeaderBytes * 2,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 65_000,
    headersTimeout: headerTimeoutMs,
    requestTimeout: options.requestTimeoutMs ?? 300_000,
  });

  const app = fastify({
    serverFactory: (listener) => nodeServer.on("request", listener),
    logger: false,
    exposeHeadRoutes: false,
    return503OnClosing: false,
    routerOptions: { maxParamLength: 1 << 16, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
    clientErrorHandler: createClientErrorHandler(logger),
    frameworkErrors: (_err, _request, reply) => send(reply, 400, errorBody(["malformed request URL"]), true),
  });
  app.addHttpMethod(LIST_STAND_IN);
  app.addHttpMethod(REFUSAL_METHOD);
  for (const method of SELF_READ_METHODS)
    app.addHttpMethod(method, { hasBody: false, overrideExisting: true });
  app.route({ method: ROUTED_METHODS, url: "/*", handler: serve });
  app.setNotFoundHandler((request, reply) => {
    const isApi = (request.raw.url ?? "").startsWith(API_PREFIX);
    send(reply, isApi ? 405 : 404, isApi ? errorBody(["unsupported method"]) : NOT_FOUND_BODY, false);
  });
  app.setErrorHandler((err: { statusCode?: number }, request, reply) => {
    const status = err.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      send(reply, status, errorBody([STATUS_CODES[status] ?? "bad request"]), !request.raw.complete);
      return;
    }
    const rendered = renderError(err, logger, { method: request.raw.method });
    send(reply, rendered.status, rendered.body, !request.raw.complete);
  });

  async function serve(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const raw = request.raw;
    const method = raw.method ?? "";
    const url = raw.url ?? "/";
    if (method === REFUSAL_METHOD) {
      const refusal = refusalFor(url.slice(1));
      logger.debug("request refused by the connection front", {
        reason: url.slice(1),
        remote: raw.socket.remoteAddress,
      });
      send(reply, refusal.status, errorBody([refusal.message]), true);
      return;
    }
    const queryAt = url.indexOf("?");
    const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
    if (!rawPath.startsWith(API_PREFIX)) {
      send(reply, 404, method === "HEAD" ? null : NOT_FOUND_BODY, false);
      return;
    }
    let path: string | undefined;
    let requestId: string | undefined;
    try {
      path = decodeApiPath(rawPath.slice(API_PREFIX.length));
      const query = request.query as QueryParams;
      const resolved = resolveOperation(method, query, raw.headers);
      const body = resolved.readsBody
        ? parseBody(await readBody(raw, maxRequestSize), raw.headers["content-type"], resolved.acceptsForm)
        : null;
      const logical = buildLogicalRequest({
        resolved,
        path,
        query,
        headers: raw.headers,
        body,
        connection: connectionOf(raw),
      });
      requestId = logical.id;
      const res = await handler.handle(logical);
      const rendered = renderResponse(res, logical.operation, injectsDataAtTopLevel(path));
      send(reply, rendered.status, method === "HEAD" ? null : rendered.body, false);
    } catch (err) {
      const logMethod = method === LIST_STAND_IN ? "LIST" : method;
      const rendered = renderError(err, logger, { requestId, method: logMethod, path: path ?? rawPath });
      send(reply, rendered.status, method === "HEAD" ? null : rendered.body, !raw.complete);
    }
  }

  let front: FrontListener | null = null;
  const readTls = async () =>
    options.tls
      ? { cert: await readFile(options.tls.certFile), key: await readFile(options.tls.keyFile) }
      : undefined;
  return {
    async listen(address) {
      if (front !== null) throw new Error("the HTTP server is already listening");
      const { host, port } = parseListenAddress(address);
      const tls = await readTls();
      await app.ready();
      front = createFrontListener({
        tls,
        logger,
        socket: { maxHeaderBytes, headerTimeoutMs, lingerMs: LINGER_MS },
        onSocket: (socket) => nodeServer.emit("connection", socket),
      });
      try {
        const bound = await front.listen(host, port);
        return { port: bound.port };
      } catch (err) {
        front = null;
        throw err;
      }
    },
    async close() {
      if (front !== null) await front.close();
      await app.close();
    },
    async reloadTls() {
      const tls = await readTls();
      if (!tls || front === null) return false;
      front.reloadTls(tls);
      return true;
    },
  };
}

/** Writes the response directly (fastify's reply pipeline would rewrite the content type). */
function send(reply: FastifyReply, status: number, body: string | null, close: boolean): void {
  reply.hijack();
  const headers: Record<string, string | number> = {
    "content-type": "application/json",
    "cache-control": "no-store",
  };
  if (close) headers.connection = "close";
  if (body === null) {
    reply.raw.writeHead(status, headers).end();
    return;
  }
  headers["content-length"] = Buffer.byteLength(body);
  reply.raw.writeHead(status, headers).end(body);
}

function connectionOf(req: IncomingMessage): ConnectionInfo {
  const socket = req.socket;
  if (socket instanceof FrontedSocket) return socket.connectionInfo;
  return { remoteAddress: socket.remoteAddress ?? "", remotePort: socket.remotePort ?? 0, tls: false };
}

/** "127.0.0.1:8200", "[::1]:8200", ":8200" (every interface). */
export function parseListenAddress(address: string): { host: string | undefined; port: number } {
  const match = LISTEN_ADDRESS.exec(address);
  const port = match ? Number(match[3]) : Number.NaN;
  if (!match || port > 65535) throw new Error(`invalid listen address "${address}" (expected host:port)`);
  const host = match[1] ?? match[2];
  return { host: host === "" ? undefined : host, port };
}
