import http from "node:http";
import https from "node:https";
import { InvalidRequestError } from "../errors.js";
import { ConnectionError } from "./errors.js";

/** One HTTP exchange's result: status, headers and the raw body. */
export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface TransportOptions {
  caCert?: string | Buffer;
  skipVerify?: boolean;
  /** PEM client certificate (chain) and key, presented on HTTPS connections. */
  clientCert?: string | Buffer;
  clientKey?: string | Buffer;
  timeoutMs: number;
  maxRedirects: number;
}

/** Responses larger than this are refused (a misbehaving server must not exhaust memory). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

class StaleSocketError extends Error {}

/** Parses and checks a server address; only http: and https: are accepted. */
export function parseAddress(address: string): URL {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new InvalidRequestError("invalid server address: not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InvalidRequestError(`invalid server address: unsupported scheme ${url.protocol}`);
  }
  return url;
}

/**
 * node:http(s) with a keep-alive agent per scheme. Follows 307/308 redirects (HA standbys point
 * at the active node) a bounded number of times, keeping method, headers and body.
 */
export class Transport {
  readonly base: URL;
  private readonly opts: TransportOptions;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(address: string, opts: TransportOptions) {
    this.base = parseAddress(address);
    this.opts = opts;
    this.httpAgent = new http.Agent({ keepAlive: true });
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      ca: opts.caCert,
      cert: opts.clientCert,
      key: opts.clientKey,
      rejectUnauthorized: !opts.skipVerify,
    });
  }

  /** Sends `method` to `pathAndQuery` (already encoded, starting with `/`) on the base address. */
  async send(
    method: string,
    pathAndQuery: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<HttpResult> {
    const basePath = this.base.pathname.replace(/\/+$/, "");
    let target = new URL(this.base.origin);
    let path = `${basePath}${pathAndQuery}`;
    for (let hop = 0; ; hop++) {
      const res = await this.onceRetryingStaleSocket(target, method, path, headers, body);
      const location = res.headers.location;
      if ((res.status !== 307 && res.status !== 308) || !location || hop >= this.opts.maxRedirects)
        return res;
      const next = new URL(location, new URL(path, target));
      if (next.protocol !== "http:" && next.protocol !== "https:") return res;
      target = new URL(next.origin);
      path = `${next.pathname}${next.search}`;
    }
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /**
   * A keep-alive socket the server closed while idle fails with ECONNRESET on reuse; the request
   * never reached the server, so it is sent once more on a fresh socket (Node's documented pattern).
   */
  private async onceRetryingStaleSocket(
    target: URL,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<HttpResult> {
    try {
      return await this.once(target, method, path, headers, body);
    } catch (err) {
      if (!(err instanceof StaleSocketError)) throw err;
      return this.once(target, method, path, headers, body);
    }
  }

  private once(
    target: URL,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: Buffer,
  ): Promise<HttpResult> {
    const secure = target.protocol === "https:";
    const where = target.origin;
    return new Promise<HttpResult>((resolve, reject) => {
      const fail = (reason: string) =>
        reject(new ConnectionError(`error making request to ${where}: ${reason}`));
      const reqHeaders: Record<string, string> = { ...headers };
      if (body) reqHeaders["Content-Length"] = String(body.length);
      const options: https.RequestOptions = {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[(.*)\]$/, "$1"),
        port: target.port || (secure ? 443 : 80),
        method,
        path,
        headers: reqHeaders,
        agent: secure ? this.httpsAgent : this.httpAgent,
      };
      const req = (secure ? https : http).request(options, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            res.destroy();
            fail("response body too large");
            return;
          }
          chunks.push(chunk);
        });
        res.on("error", (err) => fail(err.message));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      });
      req.setTimeout(this.opts.timeoutMs, () => {
        req.destroy(new Error(`timed out after ${this.opts.timeoutMs} ms`));
      });
      req.on("error", (err: NodeJS.ErrnoException) => {
        if (req.reusedSocket && err.code === "ECONNRESET") reject(new StaleSocketError());
        else fail(err.message);
      });
      req.end(body);
    });
  }
}
