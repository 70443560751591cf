/**
 * Open database connections, one pool per connection config, opened on first use and closed on
 * config change or delete, reset, unmount and seal. Recovers an interrupted rotate-root: when the
 * stored root password no longer logs in but the pending one does, the pending one is kept.
 */
import { InvalidRequestError, NotFoundError, UpstreamError } from "../../errors.js";
import type { Logger } from "../../util/logger.js";
import { databasePlugins } from "./plugins/index.js";
import type { ConnectionDetails, DatabaseConnection, DatabasePlugin } from "./plugins/types.js";
import type { DatabaseStore } from "./store.js";
import type { DatabaseConfig } from "./types.js";

export interface OpenConnection {
  config: DatabaseConfig;
  plugin: DatabasePlugin;
  conn: DatabaseConnection;
}

export function pluginFor(name: string): DatabasePlugin {
  const plugin = databasePlugins.get(name);
  if (!plugin) {
    const known = [...databasePlugins.keys()].join(", ");
    throw new InvalidRequestError(`unsupported plugin_name "${name.slice(0, 80)}" (supported: ${known})`);
  }
  return plugin;
}

export function detailsOf(
  config: DatabaseConfig,
  password = config.connection_details.password,
): ConnectionDetails {
  const c = config.connection_details;
  return {
    connectionUrl: c.connection_url,
    username: c.username,
    password,
    maxOpenConnections: c.max_open_connections,
    maxIdleConnections: c.max_idle_connections,
    maxConnectionLifetime: c.max_connection_lifetime,
    disableEscaping: c.disable_escaping,
    options: c.options,
  };
}

function isLoginFailure(err: unknown): boolean {
  return err instanceof UpstreamError && /SQLSTATE 28/.test(err.message);
}

export class ConnectionManager {
  private readonly open = new Map<string, Promise<OpenConnection>>();

  constructor(
    private readonly store: DatabaseStore,
    private readonly logger: Logger,
  ) {}

  /** The open connection of a config (opened now if needed); NotFoundError when there is no config. */
  get(name: string): Promise<OpenConnection> {
    let p = this.open.get(name);
    if (!p) {
      p = this.connect(name);
      this.open.set(name, p);
      p.catch(() => {
        if (this.open.get(name) === p) this.open.delete(name);
      });
    }
    return p;
  }

  /** Closes and forgets a config's pool (the next get() reconnects with the stored settings). */
  async close(name: string): Promise<void> {
    const p = this.open.get(name);
    this.open.delete(name);
    const c = await p?.catch(() => null);
    await c?.conn.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((n) => this.close(n)));
  }

  private async connect(name: string): Promise<OpenConnection> {
    const config = await this.store.config(name);
    if (!config) throw new NotFoundError(`no database configuration named "${name}"`);
    const plugin = pluginFor(config.plugin_name);
    const conn = plugin.connect(detailsOf(config));
    const pending = config.pending_root_password;
    if (pending === undefined) return { config, plugin, conn };
    // A rotate-root was interrupted: find out which password the database has now.
    try {
      await conn.verify();
      await this.store.putConfig(name, { ...config, pending_root_password: undefined });
      return { config, plugin, conn };
    } catch (err) {
      await conn.close();
      if (!isLoginFailure(err)) throw err;
    }
    const next = plugin.connect(detailsOf(config, pending));
    await next.verify().catch(async (err: unknown) => {
      await next.close();
      throw err;
    });
    const promoted: DatabaseConfig = {
      ...config,
      connection_details: { ...config.connection_details, password: pending },
      pending_root_password: undefined,
    };
    await this.store.putConfig(name, promoted);
    this.logger.info("finished an interrupted root credential rotation", { connection: name });
    return { config: promoted, plugin, conn: next };
  }
}
