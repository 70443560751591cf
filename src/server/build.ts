/**
 * The composition root: builds the storage, the core and the HTTP listeners from a ServerConfig.
 * This is the one place that knows every engine and auth method (through their registries).
 */
import { authMethods } from "../auth/index.js";
import { parseDirList } from "../core/audit/allowed-dirs.js";
import { Core } from "../core/core.js";
import { cubbyholeBackend } from "../engines/cubbyhole/index.js";
import { identityBackend } from "../engines/identity/index.js";
import { secretEngines } from "../engines/index.js";
import { createHttpServer } from "../http/server.js";
import type { HttpServer } from "../http/types.js";
import { createStorage } from "../storage/index.js";
import type { PhysicalStorage } from "../storage/types.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/logger.js";
import type { ServerConfig } from "./config.js";

export interface RunningServer {
  core: Core;
  /** Bound addresses, e.g. "127.0.0.1:8200", one per listener. */
  addresses: string[];
  close(): Promise<void>;
}

export function buildCore(
  config: Pick<ServerConfig, "defaultLeaseTTL" | "maxLeaseTTL"> &
    Partial<Pick<ServerConfig, "auditAllowedDirs">>,
  storage: PhysicalStorage,
  logger: Logger,
  clock?: Clock,
): Core {
  return new Core({
    storage,
    logger,
    clock,
    defaultLeaseTTL: config.defaultLeaseTTL,
    maxLeaseTTL: config.maxLeaseTTL,
    auditAllowedDirs: config.auditAllowedDirs,
    engines: {
      secret: secretEngines,
      auth: authMethods,
      cubbyhole: cubbyholeBackend,
      identity: identityBackend,
    },
  });
}

/** Reloads every TLS listener's certificate; a failure is logged and that listener keeps its old one. */
async function reloadListenerTls(servers: HttpServer[], addresses: string[], logger: Logger): Promise<void> {
  await Promise.all(
    servers.map(async (s, i) => {
      try {
        if (await s.reloadTls()) logger.info("TLS certificate reloaded", { listener: addresses[i] });
      } catch (err) {
        logger.error("TLS certificate reload failed; the listener keeps its current certificate", {
          listener: addresses[i],
          error: (err as Error).message,
        });
      }
    }),
  );
}

export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  const storage = createStorage(config.storage.type, config.storage.options);
  const auditAllowedDirs = [
    ...config.auditAllowedDirs,
    ...parseDirList(process.env.COFRE_AUDIT_ALLOWED_DIRS),
  ];
  const core = buildCore({ ...config, auditAllowedDirs }, storage, logger);
  const servers: HttpServer[] = [];
  const addresses: string[] = [];
  try {
    for (const l of config.listeners) {
      const http = createHttpServer({
        handler: core,
        logger,
        maxRequestSize: l.maxRequestSize,
        tls: l.tlsDisable ? undefined : { certFile: l.tlsCertFile ?? "", keyFile: l.tlsKeyFile ?? "" },
      });
      const { port } = await http.listen(l.address);
      servers.push(http);
      addresses.push(`${l.address.slice(0, l.address.lastIndexOf(":"))}:${port}`);
    }
  } catch (err) {
    for (const s of servers) await s.close();
    await core.close();
    throw err;
  }
  // SIGHUP re-opens audit files (logrotate) and re-reads the listeners' TLS certificates (renewed
  // ones are served without a restart); handling it also keeps the signal from ending the server.
  const onHangup = () => {
    logger.info("SIGHUP: re-opening audit devices and reloading TLS certificates");
    void core.auditDevices.reopen();
    void reloadListenerTls(servers, addresses, logger);
  };
  process.on("SIGHUP", onHangup);
  return {
    core,
    addresses,
    async close() {
      process.off("SIGHUP", onHangup);
      for (const s of servers) await s.close();
      await core.close();
    },
  };
}
