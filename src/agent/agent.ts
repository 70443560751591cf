/**
 * `cofre agent`: a Vault Agent work-alike. Logs in (auto_auth), writes token sinks, renders
 * templates and re-renders them every `static_secret_render_interval` (and when a kept lease must
 * be replaced, or a new token arrives), keeps its token and leases renewed, optionally supervises
 * one command (exec), and with `exit_after_auth` does all of that once and exits (init containers).
 * Failures are retried with back-off and logged once per distinct message, without values.
 */
import { EventEmitter } from "node:events";
import { unlink, writeFile } from "node:fs/promises";
import type { CofreClient } from "../client/client.js";
import type { Env } from "../client/config.js";
import type { Timers } from "../client/timers.js";
import { createLogger, type Logger } from "../util/logger.js";
import { AutoAuth } from "./auth/auto-auth.js";
import { agentClient } from "./client.js";
import type { AgentConfig } from "./config/types.js";
import { AgentFatalError, AgentStoppedError } from "./describe-error.js";
import { ExecChild } from "./exec.js";
import { Renderer, type RenderOutcome } from "./render.js";
import { failureText, RenderRetries } from "./render-retries.js";
import { installSignalHandlers } from "./signals.js";
import { VaultData } from "./vault-data.js";

/** Variables the agent keeps to itself (children get their secrets, not the agent's token). */
const WITHHELD = new Set(["COFRE_TOKEN", "VAULT_TOKEN"]);

export interface AgentIo {
  env: Env;
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd: string;
}

export interface AgentOptions {
  io: AgentIo;
  /** Default: real timers that keep the process alive. */
  timers?: Timers;
  logger?: Logger;
  random?: () => number;
  /** Handle this process's SIGINT/SIGTERM (stop) and SIGHUP (passed to an exec child). */
  handleSignals?: boolean;
}

/** Real timers that keep the process running (the agent's loop is its whole job). */
export const liveTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface AgentEvents {
  /** A render cycle ended (with or without failures). */
  cycle: [outcome: RenderOutcome];
}

export class Agent extends EventEmitter<AgentEvents> {
  readonly client: CofreClient;
  private readonly timers: Timers;
  private readonly logger: Logger;
  private readonly auth: AutoAuth | null;
  private readonly data: VaultData;
  private readonly renderer: Renderer;
  private readonly exec: ExecChild | null;
  private readonly retries: RenderRetries;
  private cycleTimer: unknown;
  private cycling = false;
  private again = false;
  private stopping = false;
  private resolveFinished!: (code: number) => void;
  private readonly finished = new Promise<number>((resolve) => {
    this.resolveFinished = resolve;
  });
  private failure: string | null = null;
  private removeSignals: () => void = () => {};

  private constructor(
    private readonly cfg: AgentConfig,
    private readonly opts: AgentOptions,
    client: CofreClient,
  ) {
    super();
    this.client = client;
    this.timers = opts.timers ?? liveTimers;
    this.logger =
      opts.logger ??
      createLogger({ level: cfg.logLevel, write: (line) => opts.io.stderr.write(`${line}\n`) }).child({
        component: "agent",
      });
    const vault = cfg.vault;
    this.auth = cfg.autoAuth
      ? new AutoAuth(cfg.autoAuth, client, {
          timers: this.timers,
          logger: this.logger,
          vault,
          random: opts.random,
        })
      : null;
    this.data = new VaultData(client, {
      timers: this.timers,
      logger: this.logger,
      vault,
      onStale: () => this.trigger(),
    });
    const baseEnv = this.childEnv();
    this.renderer = new Renderer(cfg.templates, cfg.envTemplates, {
      logger: this.logger,
      env: opts.io.env,
      cwd: opts.io.cwd,
      stdout: opts.io.stdout,
      stderr: opts.io.stderr,
      vault,
      commandEnv: baseEnv,
    });
    this.exec = cfg.exec ? new ExecChild(cfg.exec, { ...opts.io }, this.logger) : null;
    this.retries = new RenderRetries(cfg.vault.numRetries, this.logger, opts.random);
  }

  static async create(cfg: AgentConfig, opts: AgentOptions): Promise<Agent> {
    return new Agent(cfg, opts, await agentClient(cfg, opts.io.env));
  }

  /** Runs until stopped (or once, with exit_after_auth); resolves to the exit code. */
  async run(): Promise<number> {
    if (this.cfg.pidFile) await writeFile(this.cfg.pidFile, `${process.pid}`, { mode: 0o600 });
    for (const w of this.cfg.warnings) this.logger.warn(w);
    this.installSignals();
    try {
      if (this.auth) {
        this.auth.on("fatal", (err) => this.fail(err.message));
        await this.auth.authenticate();
      } else if (!this.client.getToken() && this.needsVault()) {
        throw new AgentFatalError(
          `${this.cfg.path}: no token to read secrets with: configure auto_auth or set VAULT_TOKEN`,
        );
      }
      if (this.cfg.exitAfterAuth) return await this.renderOnce();
      this.auth?.on("token", () => {
        this.data.clear();
        this.trigger();
      });
      this.trigger();
      const code = await this.finished;
      if (this.failure) this.opts.io.stderr.write(`${prefixEach(this.failure)}\n`);
      return code;
    } catch (err) {
      if (err instanceof AgentStoppedError) return await this.finished;
      if (!(err instanceof AgentFatalError)) throw err;
      this.opts.io.stderr.write(`${prefixEach(err.message)}\n`);
      return 1;
    } finally {
      await this.cleanup();
    }
  }

  /** Stops the agent (an exec child gets `signal`); `run` then resolves. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.auth?.stop();
    if (this.exec?.running) {
      await this.exec.stop(signal);
      this.resolveFinished(await this.exec.done);
    } else this.resolveFinished(0);
  }

  private needsVault(): boolean {
    return [...this.cfg.templates, ...this.cfg.envTemplates].some((t) => t.template.usesVault);
  }

  private childEnv(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.opts.io.env))
      if (v !== undefined && !WITHHELD.has(k)) env[k] = v;
    return env;
  }

  private fail(message: string): void {
    if (this.stopping) return;
    this.failure = message;
    this.stopping = true;
    if (this.exec?.running) void this.exec.stop("SIGTERM").then(() => this.resolveFinished(1));
    else this.resolveFinished(1);
  }

  private secrets() {
    return this.client.getToken() ? this.data.cycle() : undefined;
  }

  /** exit_after_auth: render everything once (with retries), then exit 0, or 1 with the errors. */
  private async renderOnce(): Promise<number> {
    if (this.cfg.templates.length === 0 && this.cfg.envTemplates.length === 0) return 0;
    for (;;) {
      const outcome = await this.renderer.renderAll(this.secrets());
      if (outcome.failures.length === 0) return 0;
      const delay = this.retries.failed();
      if (delay === null) throw new AgentFatalError(failureText(outcome));
      this.retries.log(outcome, delay);
      await new Promise<void>((resolve) => this.timers.set(resolve, delay));
    }
  }

  /** Asks for a render cycle now (one runs at a time; a request during one runs it again after). */
  private trigger(): void {
    if (this.stopping) return;
    if (this.cycling) {
      this.again = true;
      return;
    }
    this.cycling = true;
    void this.cycle()
      .catch((err: unknown) => this.fail(err instanceof Error ? err.message : "render failed"))
      .finally(() => {
        this.cycling = false;
        if (this.again) {
          this.again = false;
          this.trigger();
        }
      });
  }

  private schedule(ms: number): void {
    if (this.cycleTimer !== undefined) this.timers.clear(this.cycleTimer);
    if (this.stopping) return;
    this.cycleTimer = this.timers.set(() => {
      this.cycleTimer = undefined;
      this.trigger();
    }, ms);
  }

  private async cycle(): Promise<void> {
    if (this.cycleTimer !== undefined) this.timers.clear(this.cycleTimer);
    this.cycleTimer = undefined;
    const outcome = await this.renderer.renderAll(this.secrets());
    if (this.stopping) return;
    try {
      await this.afterRender(outcome);
    } finally {
      this.emit("cycle", outcome);
    }
  }

  private async afterRender(outcome: RenderOutcome): Promise<void> {
    if (outcome.failures.length === 0) {
      this.retries.succeeded();
      if (this.exec) {
        const env = { ...this.childEnv(), ...(outcome.env ?? {}) };
        if (!this.exec.running && !this.execStarted) {
          this.execStarted = true;
          await this.exec.start(env);
          void this.exec.done.then((code) => {
            this.stopping = true;
            this.resolveFinished(code);
          });
        } else if (outcome.envChanged) await this.exec.update(env);
      }
      this.schedule(this.cfg.staticSecretRenderIntervalMs);
      return;
    }
    const delay = this.retries.failed();
    if (delay === null && this.cfg.exitOnRetryFailure) {
      this.fail(failureText(outcome));
      return;
    }
    // Retries used up: keep trying at the render interval.
    const next = delay ?? this.cfg.staticSecretRenderIntervalMs;
    this.retries.log(outcome, next);
    this.schedule(next);
  }

  private execStarted = false;

  private installSignals(): void {
    if (!this.opts.handleSignals) return;
    this.removeSignals = installSignalHandlers({
      stop: (sig) => void this.stop(sig),
      hangup: () => {
        if (this.exec?.running) this.exec.kill("SIGHUP");
        else this.logger.info("SIGHUP ignored: cofre agent does not reload its config");
      },
    });
  }

  private async cleanup(): Promise<void> {
    this.stopping = true;
    this.removeSignals();
    if (this.cycleTimer !== undefined) this.timers.clear(this.cycleTimer);
    this.auth?.stop();
    this.data.stop();
    if (this.exec?.running) await this.exec.stop("SIGTERM");
    this.client.close();
    if (this.cfg.pidFile) await unlink(this.cfg.pidFile).catch(() => {});
  }
}

function prefixEach(text: string): string {
  return text
    .split("\n")
    .map((l) => `Error: ${l}`)
    .join("\n");
}
