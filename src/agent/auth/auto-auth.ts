/**
 * Auto-auth: logs in with the configured method (retrying with back-off, or failing at once with
 * exit_on_err), writes the token to every sink, and keeps it alive: renew-self at two thirds of
 * its TTL through the SDK's LeaseKeeper; a new login when renewal reaches the token's max TTL,
 * the token is not renewable, or the server says it is no longer valid.
 */
import { EventEmitter } from "node:events";
import type { CofreClient } from "../../client/client.js";
import { ApiError } from "../../client/errors.js";
import { LeaseKeeper } from "../../client/leases.js";
import type { LeaseInfo } from "../../client/secret-source.js";
import type { Timers } from "../../client/timers.js";
import type { WrapInfo } from "../../client/types.js";
import type { Logger } from "../../util/logger.js";
import { Backoff } from "../backoff.js";
import type { AutoAuthSettings, VaultSettings } from "../config/types.js";
import { AgentFatalError, AgentStoppedError, describeError } from "../describe-error.js";
import { FileSink } from "../sink.js";
import { createLoginMethod, type LoginMethod, type TokenGrant } from "./methods.js";

export interface AutoAuthEvents {
  /** A new token (first login or a later one); sinks are already written. */
  token: [grant: TokenGrant];
  /** A login failed and exit_on_err is set: the agent must stop. */
  fatal: [err: AgentFatalError];
}

export interface AutoAuthDeps {
  timers: Timers;
  logger: Logger;
  vault: Pick<VaultSettings, "address" | "addressFrom">;
  random?: () => number;
}

const TOKEN_ID = "agent-token";

export class AutoAuth extends EventEmitter<AutoAuthEvents> {
  private readonly method: LoginMethod;
  private readonly sinks: FileSink[];
  private readonly keeper: LeaseKeeper;
  private grant?: TokenGrant;
  private reauthTimer: unknown;
  private renewFailed = false;
  private stopped = false;
  private loggingIn: Promise<TokenGrant> | null = null;
  private readonly wakeups = new Set<() => void>();

  constructor(
    private readonly settings: AutoAuthSettings,
    private readonly client: CofreClient,
    private readonly deps: AutoAuthDeps,
  ) {
    super();
    this.method = createLoginMethod(settings.method);
    this.sinks = settings.sinks.map((s) => new FileSink(s));
    this.keeper = new LeaseKeeper(
      {
        renew: async (id: string, increment?: number): Promise<LeaseInfo> => {
          const res = await this.client.tokens.renewSelf(increment ? `${increment}s` : undefined);
          return { id, duration: res.auth?.lease_duration ?? 0, renewable: res.auth?.renewable ?? false };
        },
        revoke: async () => this.client.tokens.revokeSelf(),
      },
      deps.timers,
    );
    this.keeper.on("renewed", (lease) => {
      this.renewFailed = false;
      deps.logger.info("renewed the auth token", { ttl: lease.duration });
    });
    this.keeper.on("failed", (err) => {
      this.renewFailed = true;
      if (err instanceof ApiError && err.status === 403) {
        deps.logger.warn("the auth token is no longer valid; logging in again", { method: this.method.type });
        this.scheduleLogin(0);
        return;
      }
      deps.logger.warn("renewing the auth token failed; retrying", { error: describeError(err, deps.vault) });
    });
    this.keeper.on("expiring", (lease) => {
      const ms = this.renewFailed ? 0 : Math.floor((lease.duration * 1000 * 2) / 3);
      deps.logger.info("the auth token cannot be renewed further; a new login follows", {
        in_seconds: Math.round(ms / 1000),
      });
      this.scheduleLogin(ms);
    });
  }

  get token(): string | undefined {
    return this.grant?.token;
  }

  /** Logs in (once at a time), writes the sinks and starts keeping the token alive. */
  authenticate(): Promise<TokenGrant> {
    this.loggingIn ??= this.loginLoop().finally(() => {
      this.loggingIn = null;
    });
    return this.loggingIn;
  }

  stop(): void {
    this.stopped = true;
    if (this.reauthTimer !== undefined) this.deps.timers.clear(this.reauthTimer);
    this.keeper.stop();
    for (const wake of this.wakeups) wake();
    this.wakeups.clear();
  }

  /** Waits between login attempts; `stop()` ends the wait at once. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.deps.timers.set(() => {
        this.wakeups.delete(wake);
        resolve();
      }, ms);
      const wake = () => {
        this.deps.timers.clear(handle);
        resolve();
      };
      this.wakeups.add(wake);
    });
  }

  private async loginLoop(): Promise<TokenGrant> {
    const { method } = this.settings;
    const backoff = new Backoff(method.minBackoffMs, method.maxBackoffMs, this.deps.random);
    let last = "";
    for (;;) {
      if (this.stopped) throw new AgentStoppedError("the agent is stopping");
      try {
        const grant = await this.method.login(this.client);
        this.client.setToken(grant.token);
        await this.writeSinks(grant.token);
        this.adopt(grant);
        this.deps.logger.info("authenticated", { method: this.method.type, ttl: grant.ttl });
        this.emit("token", grant);
        return grant;
      } catch (err) {
        const message = `${method.where}: login with ${this.method.type} failed: ${describeError(err, this.deps.vault)}`;
        if (method.exitOnErr) throw new AgentFatalError(message);
        const delay = backoff.next();
        if (message !== last) this.deps.logger.error(message, { retry_in_ms: delay });
        last = message;
        await this.sleep(delay);
      }
    }
  }

  private async writeSinks(token: string): Promise<void> {
    for (const sink of this.sinks) {
      try {
        const ttl = sink.settings.wrapTtlSeconds;
        await sink.write(ttl === undefined ? token : await this.wrapToken(token, ttl));
      } catch (err) {
        this.deps.logger.error(`${sink.settings.where}: writing the token sink failed`, {
          error: (err as Error).message,
        });
      }
    }
  }

  /**
   * A sink with wrap_ttl gets a single-use wrapping token around the agent's token instead (what
   * Vault Agent writes: the wrap info as JSON); the recipient unwraps it to `data.token`. The agent
   * keeps the token itself and renews it as usual. Wrapped with the token itself (the default
   * policy allows sys/wrapping/wrap).
   */
  private async wrapToken(token: string, ttlSeconds: number): Promise<string> {
    const res = await this.client.request<{ wrap_info?: WrapInfo | null }>("POST", "sys/wrapping/wrap", {
      body: { token },
      wrapTTL: `${ttlSeconds}s`,
    });
    const info = res.body?.wrap_info;
    if (!info?.token) throw new Error("the server answered sys/wrapping/wrap without wrap info");
    return JSON.stringify({
      token: info.token,
      accessor: info.accessor,
      ttl: info.ttl,
      creation_time: info.creation_time,
      creation_path: info.creation_path,
      wrapped_accessor: info.wrapped_accessor ?? "",
    });
  }

  private adopt(grant: TokenGrant): void {
    this.keeper.release(TOKEN_ID);
    this.renewFailed = false;
    this.grant = grant;
    if (grant.ttl <= 0) return;
    if (grant.renewable) this.keeper.keep({ id: TOKEN_ID, duration: grant.ttl, renewable: true });
    else this.scheduleLogin(Math.floor((grant.ttl * 1000 * 2) / 3));
  }

  private scheduleLogin(ms: number): void {
    if (this.stopped) return;
    this.keeper.release(TOKEN_ID);
    if (this.reauthTimer !== undefined) this.deps.timers.clear(this.reauthTimer);
    this.reauthTimer = this.deps.timers.set(() => {
      this.reauthTimer = undefined;
      this.authenticate().catch((err: unknown) => {
        if (err instanceof AgentFatalError && !this.stopped) this.emit("fatal", err);
      });
    }, ms);
  }
}
