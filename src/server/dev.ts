/**
 * `cofre server --dev`: initialised with one key share and unsealed, a root token printed, kv
 * version 2 mounted at secret/. Storage is in memory, or (`--dev-storage=sqlite`) the default
 * SQLite store in a fresh temporary folder; either way everything is gone when it stops.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "../util/logger.js";
import { type RunningServer, startServer } from "./build.js";
import type { ServerConfig } from "./config.js";

export interface DevOptions {
  rootTokenId?: string;
  listenAddress?: string;
  defaultLeaseTTL?: number;
  maxLeaseTTL?: number;
  /** "inmem" (default, as Vault) or "sqlite": the embedded default store, in a temporary folder. */
  storage?: "inmem" | "sqlite";
}

export interface DevServer extends RunningServer {
  rootToken: string;
  unsealKey: string;
  /** The SQLite file, with --dev-storage=sqlite. */
  storagePath?: string;
}

export function devConfig(opts: DevOptions, sqlitePath?: string): ServerConfig {
  return {
    storage: sqlitePath ? { type: "sqlite", options: { path: sqlitePath } } : { type: "inmem", options: {} },
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
  const dir = opts.storage === "sqlite" ? mkdtempSync(join(tmpdir(), "cofre-dev-")) : undefined;
  const removeDir = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  const storagePath = dir ? join(dir, "cofre.db") : undefined;
  let started: RunningServer;
  try {
    started = await startServer(devConfig(opts, storagePath), logger);
  } catch (err) {
    removeDir();
    throw err;
  }
  const server: RunningServer = {
    ...started,
    close: async () => {
      try {
        await started.close();
      } finally {
        removeDir();
      }
    },
  };
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
    return { ...server, rootToken, unsealKey, storagePath };
  } catch (err) {
    await server.close();
    throw err;
  }
}
