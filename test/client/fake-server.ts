import http from "node:http";
import type { AddressInfo } from "node:net";

/** A request the fake server received. */
export interface SeenRequest {
  method: string;
  /** Path without the query string, e.g. `/v1/secret/data/foo`. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: unknown;
}

export interface FakeReply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeRoute = (req: SeenRequest) => FakeReply | undefined;

/**
 * A small HTTP server answering like Vault does: routes are keyed `"METHOD /v1/path"`; anything
 * else gets 404 `{"errors":[]}`. Bodies are JSON; `status` 204 sends no body.
 */
export class FakeServer {
  readonly requests: SeenRequest[] = [];
  private readonly routes = new Map<string, FakeRoute>();
  private server?: http.Server;
  address = "";

  on(key: string, reply: FakeReply | FakeRoute): this {
    this.routes.set(key, typeof reply === "function" ? reply : () => reply);
    return this;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://x");
        const body = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = body ? JSON.parse(body) : undefined;
        } catch {
          json = undefined;
        }
        const seen: SeenRequest = {
          method: req.method ?? "",
          path: (req.url ?? "/").split("?")[0],
          query: url.searchParams,
          headers: req.headers,
          body,
          json,
        };
        this.requests.push(seen);
        const route = this.routes.get(`${seen.method} ${seen.path}`);
        const reply = route?.(seen) ?? { status: 404, body: { errors: [] } };
        const status = reply.status ?? 200;
        const headers: Record<string, string> = { "Cache-Control": "no-store", ...reply.headers };
        if (status === 204 || reply.body === undefined) {
          res.writeHead(status, headers).end();
          return;
        }
        const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
        res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(text);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.address = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Requests to `path` (without the query string). */
  seen(method: string, path: string): SeenRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }
}

/** A standard success envelope around `data`. */
export function envelope(data: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    request_id: "00000000-0000-0000-0000-000000000000",
    lease_id: "",
    renewable: false,
    lease_duration: 0,
    data,
    wrap_info: null,
    warnings: null,
    auth: null,
    ...extra,
  };
}

/** The `sys/internal/ui/mounts/<path>` answer for a KV mount of the given version. */
export function kvMount(path: string, version: "1" | "2" | null): FakeReply {
  return {
    body: envelope({
      path,
      type: "kv",
      description: "",
      options: version === null ? null : { version },
      config: { default_lease_ttl: 0, max_lease_ttl: 0 },
    }),
  };
}
