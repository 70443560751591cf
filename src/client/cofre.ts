import { homedir } from "node:os";
import { type Clock, systemClock } from "../util/clock.js";
import { AuthLoginApi } from "./auth-login.js";
import { CofreClient } from "./client.js";
import { type CofreClientOptions, clientOptionsFromEnv, type Env } from "./config.js";
import { DatabaseApi, type DatabaseCredentials } from "./database.js";
import { durationMs } from "./duration-ms.js";
import { sanitizePath } from "./kv-paths.js";
import { LeaseApi, LeaseKeeper } from "./leases.js";
import { readSecret, type SecretValue } from "./secret-source.js";
import { realTimers, type Timers } from "./timers.js";
import { TokenHelper } from "./token-helper.js";
import { TtlCache } from "./ttl-cache.js";
import type { JsonObject } from "./types.js";
import { SecretWatcher } from "./watch.js";

export interface CofreOptions extends CofreClientOptions {
  /** Keep `kv.get`/`kv.read` results this long ("30s", "5m" or seconds); default 0: no cache. */
  cacheTtl?: string | number;
  clock?: Clock;
  timers?: Timers;
}

export interface KvReadOptions {
  /** KV v2 version to read (default: the current one). */
  version?: number;
  /** Skip the cache for this read. */
  fresh?: boolean;
}

/** Credentials whose lease this Cofre keeps renewed; `release()` stops renewing and revokes. */
export interface KeptCredentials extends DatabaseCredentials {
  release(): Promise<void>;
}

/**
 * The SDK: `import { Cofre } from "cofre"`. Built on CofreClient (the client the CLI uses).
 *
 *   const cofre = await Cofre.fromEnv();           // COFRE_ADDR/COFRE_TOKEN, then ~/.cofre-token
 *   const { password } = (await cofre.kv.get("secret/app")) ?? {};
 *   const db = await cofre.database.creds("app");  // lease renewed until cofre.close()
 *   (await cofre.watch("secret/app")).on("change", ({ value }) => reload(value?.data));
 */
export class Cofre {
  readonly client: CofreClient;
  readonly auth: AuthLoginApi;
  /** Renews leases handed out through this object; listen for `expiring` and `failed`. */
  readonly leases: LeaseKeeper;
  readonly kv: CofreKv;
  readonly database: {
    /** New credentials; their lease is renewed until `release()` or `close()` (unless keepAlive is false). */
    creds(role: string, opts?: { mount?: string; keepAlive?: boolean }): Promise<KeptCredentials>;
  };
  private readonly timers: Timers;
  private readonly watchers = new Set<SecretWatcher>();

  constructor(options: CofreOptions = {}) {
    this.client = new CofreClient(options);
    this.timers = options.timers ?? realTimers;
    this.auth = new AuthLoginApi(this.client);
    this.leases = new LeaseKeeper(new LeaseApi(this.client), this.timers);
    this.kv = new CofreKv(
      this.client,
      new TtlCache(durationMs(options.cacheTtl, "cacheTtl"), options.clock ?? systemClock),
    );
    const db = new DatabaseApi(this.client);
    this.database = {
      creds: async (role, opts = {}) => {
        const creds = await db.creds(role, opts);
        if (opts.keepAlive !== false) this.leases.keep(creds.lease);
        return { ...creds, release: () => this.leases.revoke(creds.lease.id) };
      },
    };
  }

  /** Options from COFRE_ADDR/VAULT_ADDR, COFRE_TOKEN/VAULT_TOKEN, then the CLI's token file. */
  static async fromEnv(env: Env = process.env, extra: CofreOptions = {}): Promise<Cofre> {
    const fromEnv = await clientOptionsFromEnv(env);
    const token = extra.token ?? fromEnv.token ?? (await new TokenHelper(homedir()).get());
    return new Cofre({ ...fromEnv, ...extra, token });
  }

  /** Starts a polling watcher on `paths` (emits `change`; also an async iterator). */
  async watch(
    paths: string | string[],
    /** Between polls: "30s" (default), "5m", "250ms" or seconds. */
    opts: { interval?: string | number } = {},
  ): Promise<SecretWatcher> {
    const list = Array.isArray(paths) ? paths : [paths];
    const intervalMs = opts.interval === undefined ? undefined : durationMs(opts.interval, "interval");
    const watcher = new SecretWatcher(list, (p) => readSecret(this.client, p), {
      intervalMs,
      timers: this.timers,
    });
    this.watchers.add(watcher);
    return watcher.start();
  }

  /** Stops watchers and renewals, revokes the leases this object kept (unless told not to), closes connections. */
  async close(opts: { revokeLeases?: boolean } = {}): Promise<void> {
    for (const w of this.watchers) w.stop();
    this.watchers.clear();
    if (opts.revokeLeases === false) this.leases.stop();
    else await this.leases.revokeAll();
    this.client.close();
  }
}

/** KV reads and writes with an optional TTL cache (a write through this object drops the path's entries). */
export class CofreKv {
  constructor(
    private readonly client: CofreClient,
    private readonly cache: TtlCache<SecretValue | null>,
  ) {}

  /** The secret's data (KV v2: of the version read); `null` when there is none. */
  async get<T extends JsonObject = JsonObject>(path: string, opts: KvReadOptions = {}): Promise<T | null> {
    return ((await this.read(path, opts))?.data as T | undefined) ?? null;
  }

  /** The secret with its version (and lease, for a dynamic path). */
  async read(path: string, opts: KvReadOptions = {}): Promise<SecretValue | null> {
    const key = `${sanitizePath(path)}\n${opts.version ?? 0}`;
    if (!opts.fresh) {
      const hit = this.cache.get(key);
      if (hit !== undefined) return hit;
    }
    const value = await readSecret(this.client, path, { version: opts.version });
    this.cache.set(key, value);
    return value;
  }

  /** Writes `data` (KV v2: a new version; `cas` for check-and-set). Resolves to the new version. */
  async put(path: string, data: JsonObject, opts: { cas?: number } = {}): Promise<{ version?: number }> {
    this.cache.deletePrefix(`${sanitizePath(path)}\n`);
    const { secret } = await this.client.kv.put(path, data, opts);
    const version = (secret?.data as { version?: unknown } | null | undefined)?.version;
    return typeof version === "number" ? { version } : {};
  }

  async delete(path: string): Promise<void> {
    this.cache.deletePrefix(`${sanitizePath(path)}\n`);
    await this.client.kv.delete(path);
  }
}
