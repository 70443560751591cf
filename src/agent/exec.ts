/**
 * Exec mode: the agent runs one child with the env_template values in its environment and stays
 * with it. On a change it restarts the child (stop signal, then a new one), sends `reload_signal`
 * instead, or does nothing (`restart_on_secret_changes = "never"`). When the child exits on its
 * own, the agent ends with the child's exit code. Reuses `cofre run`'s child process handling.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { type RunningChild, startChild } from "../cli/inject/child.js";
import { exitCodeOf } from "../cli/inject/supervisor.js";
import type { Logger } from "../util/logger.js";
import type { ExecSettings } from "./config/types.js";
import { AgentFatalError } from "./describe-error.js";

const STOP_GRACE_MS = 10_000;

export interface ExecIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd?: string;
}

export class ExecChild {
  private child: RunningChild | null = null;
  private finished = false;
  private resolveDone!: (code: number) => void;
  private readonly files: WriteStream[] = [];
  /** The exit code the agent ends with: the child's own exit, or after `stop`. */
  readonly done = new Promise<number>((resolve) => {
    this.resolveDone = resolve;
  });

  constructor(
    private readonly settings: ExecSettings,
    private readonly io: ExecIo,
    private readonly logger: Logger,
  ) {}

  get running(): boolean {
    return this.child !== null;
  }

  async start(env: Record<string, string>): Promise<void> {
    const out = this.settings.childStdout ? this.file(this.settings.childStdout) : this.io.stdout;
    const err = this.settings.childStderr ? this.file(this.settings.childStderr) : this.io.stderr;
    let child: RunningChild;
    try {
      child = await startChild(
        { command: this.settings.command[0], args: this.settings.command.slice(1), env, cwd: this.io.cwd },
        { stdout: out, stderr: err },
        null,
      );
    } catch (e) {
      throw new AgentFatalError(`${this.settings.where}: ${(e as Error).message.replace(/^Error: /, "")}`);
    }
    this.child = child;
    this.logger.info("started the exec command", { pid: child.pid });
    void child.exited.then((exit) => {
      if (this.child !== child) return; // replaced by a restart
      this.child = null;
      this.finish(exitCodeOf(exit));
    });
  }

  /** The env_template values changed. */
  async update(env: Record<string, string>): Promise<void> {
    if (this.finished) return;
    const s = this.settings;
    if (s.restartOnSecretChanges === "never") {
      this.logger.info(
        "a secret changed; the exec command keeps running (restart_on_secret_changes = never)",
      );
      return;
    }
    if (s.reloadSignal) {
      this.logger.info("a secret changed; signalling the exec command", { signal: s.reloadSignal });
      this.child?.kill(s.reloadSignal);
      return;
    }
    this.logger.info("a secret changed; restarting the exec command", { signal: s.restartStopSignal });
    const old = this.child;
    this.child = null;
    if (old) await old.stop(s.restartStopSignal, STOP_GRACE_MS);
    if (!this.finished) await this.start(env);
  }

  /** Passes a signal on (SIGHUP, SIGUSR1, ...). */
  kill(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** Stops the child with `signal`; the agent then ends with its exit code. */
  async stop(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) {
      this.finish(0);
      return;
    }
    const exit = await child.stop(signal, STOP_GRACE_MS);
    this.child = null;
    this.finish(exitCodeOf(exit));
  }

  private finish(code: number): void {
    if (this.finished) return;
    this.finished = true;
    for (const f of this.files) f.end();
    this.resolveDone(code);
  }

  private file(path: string): WriteStream {
    const stream = createWriteStream(path, { flags: "a", mode: 0o600 });
    this.files.push(stream);
    return stream;
  }
}
