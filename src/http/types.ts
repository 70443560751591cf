/** The HTTP layer's contracts: what it calls (the core) and what it offers (a server). */
import type { CoreResponse, LogicalRequest } from "../logical/types.js";
import type { Logger } from "../util/logger.js";

/**
 * The core, as http/ sees it. A read, header or list whose backend answered nothing comes back
 * with `data: null` (and no auth, warnings or lease): http/ turns it into a 404.
 * Errors are thrown as CofreError subclasses; anything else becomes a 500.
 */
export interface RequestHandler {
  handle(req: LogicalRequest): Promise<CoreResponse>;
}

export interface HttpServerOptions {
  handler: RequestHandler;
  logger: Logger;
  /** Largest accepted request body in bytes (Vault's max_request_size). Default 32 MiB. */
  maxRequestSize?: number;
  /** Serve HTTPS with these PEM files (tls_cert_file / tls_key_file); plain HTTP when absent. */
  tls?: { certFile: string; keyFile: string };
  /** Largest request head (request line + headers) in bytes. Default 32 KiB. */
  maxHeaderBytes?: number;
  /** How long a request head may take to arrive, in ms. Default 60 s. */
  headerTimeoutMs?: number;
  /** Idle time before a keep-alive connection is closed, in ms. Default 65 s. */
  keepAliveTimeoutMs?: number;
  /** Longest time to receive a whole request, in ms. Default 5 min. */
  requestTimeoutMs?: number;
}

export interface HttpServer {
  /** `address` is "host:port" ("127.0.0.1:8200", "[::1]:0", ":8200" for every interface). */
  listen(address: string): Promise<{ port: number }>;
  close(): Promise<void>;
  /**
   * Reads the TLS certificate and key files again and serves new connections with them (what
   * SIGHUP does, so a renewed certificate needs no restart, and so no unseal). Rejects, keeping the
   * current pair, when a file cannot be read or the pair is unusable. Resolves false for plain HTTP.
   */
  reloadTls(): Promise<boolean>;
}
