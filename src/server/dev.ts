/**
 * `cofre server --dev`: in-memory storage, initialised with one key share and unsealed, a root
 * token printed, kv version 2 mounted at secret/. Everything is lost when it stops.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../util/logger.js";
import { type RunningServer, startServer } from "./build.js";
import type { ServerConfig } from "./config.js";

export interface DevOptions {
  rootTokenId?: string;
  listenAddress?: string;
  defaultLeaseTTL?: number;
  maxLeaseTTL?: number;
}

export interface DevServer extends RunningServer {
  rootToken: string;
  unsealKey: string;
}

export function devConfig(opts: DevOptions): ServerConfig {
  return {
    storage: { type: "inmem", options: {} },
    listeners: [{ address: opts.listenAddress ?? "127.0.0.1:8200", tlsDisable: true }],
    ui: true,
    defaultLeaseTTL: opts.defaultLeaseTTL ?? 768 * 3600,
    maxLeaseTTL: opts.maxLeaseTTL ?? 768 * 3600,
    logLevel: "info",
    disableMlock: true,
    auditAllowedDirs: [],
    warnings: [],
  };
}

export async function startDevServer(opts: DevOptions, logger: Logger): Promise<DevServer> {
  const server = await startServer(devConfig(opts), logger);
  try {
    const { keys, rootToken } = await server.core.initialize(1, 1, opts.rootTokenId);
    const unsealKey = keys[0].toString("base64");
    await server.core.unseal(keys);
    await server.core.handle({
      id: randomUUID(),
      operation: "update",
      path: "sys/mounts/secret",
      data: { type: "kv", options: { version: "2" }, description: "key/value secret storage" },
      headers: {},
      clientToken: rootToken,
      connection: { remoteAddress: "127.0.0.1", remotePort: 0, tls: false },
      wrapTTL: 0,
    });
    return { ...server, rootToken, unsealKey };
  } catch (err) {
    await server.close();
    throw err;
  }
}
