/**
 * Accepts TCP or TLS connections and hands each one, wrapped in a FrontedSocket, to the HTTP
 * server. TLS: 1.2 minimum; client certificates are requested but not required, and not verified
 * here (auth methods that use them verify the chain themselves).
 */
import { createServer as createNetServer, type Server, type Socket } from "node:net";
import { createSecureContext, createServer as createTlsServer, type Server as TlsServer } from "node:tls";
import type { Logger } from "../../util/logger.js";
import { FrontedSocket, type FrontedSocketOptions } from "./socket.js";

export interface FrontListenerOptions {
  /** PEM certificate chain and private key; plain TCP when absent. */
  tls?: { cert: Buffer | string; key: Buffer | string };
  socket: FrontedSocketOptions;
  onSocket(socket: FrontedSocket): void;
  logger: Logger;
}

export interface FrontListener {
  /** `host` undefined: every interface. */
  listen(host: string | undefined, port: number): Promise<{ address: string; port: number }>;
  /** Stops accepting and closes every open connection. */
  close(): Promise<void>;
  /**
   * New TLS connections use this certificate and key from now on (open ones keep theirs). Throws,
   * changing nothing, when they do not make a usable pair. No-op for a plain TCP listener.
   */
  reloadTls(tls: { cert: Buffer | string; key: Buffer | string }): void;
}

const TLS_CONTEXT = { minVersion: "TLSv1.2" } as const;

export function createFrontListener(options: FrontListenerOptions): FrontListener {
  const sockets = new Set<FrontedSocket>();
  const accept = (raw: Socket) => {
    raw.setNoDelay(true);
    const socket = new FrontedSocket(raw, options.socket);
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    options.onSocket(socket);
  };

  let server: Server;
  let tlsServer: TlsServer | null = null;
  if (options.tls) {
    tlsServer = createTlsServer({
      cert: options.tls.cert,
      key: options.tls.key,
      ...TLS_CONTEXT,
      requestCert: true,
      rejectUnauthorized: false,
      ALPNProtocols: ["http/1.1"],
      allowHalfOpen: true,
    });
    tlsServer.on("secureConnection", accept);
    tlsServer.on("tlsClientError", (err) =>
      options.logger.debug("TLS handshake failed", { error: err.message }),
    );
    server = tlsServer;
  } else {
    server = createNetServer({ allowHalfOpen: true }, accept);
  }
  // Every TCP connection, including TLS ones whose handshake has not finished (not yet in
  // `sockets`): close() must end those too, or it waits for their handshake timeout.
  const connections = new Set<Socket>();
  server.on("connection", (raw: Socket) => {
    connections.add(raw);
    raw.once("close", () => connections.delete(raw));
  });

  return {
    listen(host, port) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen({ host, port }, () => {
          server.off("error", reject);
          const address = server.address();
          if (address === null || typeof address === "string") {
            reject(new Error("listener has no TCP address"));
            return;
          }
          resolve({ address: address.address, port: address.port });
        });
      });
    },
    reloadTls(tls) {
      if (tlsServer === null) return;
      // Built first so a bad pair throws here, before the listener's context is touched.
      createSecureContext({ cert: tls.cert, key: tls.key, ...TLS_CONTEXT });
      tlsServer.setSecureContext({ cert: tls.cert, key: tls.key, ...TLS_CONTEXT });
    },
    close() {
      return new Promise((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        for (const raw of connections) raw.destroy();
      });
    },
  };
}
