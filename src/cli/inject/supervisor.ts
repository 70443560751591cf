/**
 * Runs the child for `cofre run`: forwards our signals to it, and on a secret change either
 * signals it (`--watch-signal`) or stops it (SIGTERM, then SIGKILL after a grace period) and
 * starts it again with the new environment. Ends when the child exits on its own.
 */
import { constants } from "node:os";
import type { SecretMatcher } from "../../redact/secret-matcher.js";
import { type ChildExit, type ChildSpec, type ChildStdio, type RunningChild, startChild } from "./child.js";

/** Signals passed on to the child (SIGKILL and SIGSTOP cannot be caught). */
export const FORWARDED_SIGNALS: NodeJS.Signals[] = [
  "SIGINT",
  "SIGTERM",
  "SIGHUP",
  "SIGQUIT",
  "SIGUSR1",
  "SIGUSR2",
  "SIGWINCH",
];

const RESTART_GRACE_MS = 10_000;

/** The shell's convention: the exit code, or 128 + the signal's number. */
export function exitCodeOf(exit: ChildExit): number {
  if (exit.code !== null) return exit.code;
  const n = exit.signal ? constants.signals[exit.signal] : undefined;
  return n === undefined ? 1 : 128 + n;
}

export interface SupervisorOptions {
  spec: Omit<ChildSpec, "env">;
  stdio: ChildStdio;
  matcher: SecretMatcher | null;
  /** On a change: send this signal instead of restarting. */
  changeSignal?: NodeJS.Signals;
  /** Forward this process's signals to the child (off in tests that run in-process). */
  forwardSignals: boolean;
  notice(line: string): void;
}

export class Supervisor {
  private child: RunningChild | null = null;
  private restarting: Promise<void> | null = null;
  private pendingEnv: Record<string, string> | null = null;
  private pendingSignal: NodeJS.Signals | null = null;
  private finished = false;
  private readonly handlers = new Map<NodeJS.Signals, () => void>();
  private resolveDone!: (exit: ChildExit) => void;
  /** The exit of the child that ended the run. */
  readonly done = new Promise<ChildExit>((resolve) => {
    this.resolveDone = resolve;
  });

  constructor(private readonly opts: SupervisorOptions) {}

  async start(env: Record<string, string>): Promise<void> {
    if (this.opts.forwardSignals) {
      for (const sig of FORWARDED_SIGNALS) {
        const handler = () => {
          if (this.child) this.child.kill(sig);
          else this.pendingSignal = sig; // mid-restart: the next child gets it at once
        };
        this.handlers.set(sig, handler);
        process.on(sig, handler);
      }
    }
    try {
      await this.launch(env);
    } catch (err) {
      this.removeHandlers();
      throw err;
    }
  }

  /** Applies a new environment: signals the child, or restarts it (changes during a restart queue up). */
  update(env: Record<string, string>): Promise<void> {
    if (this.finished) return Promise.resolve();
    if (this.opts.changeSignal) {
      this.opts.notice(`cofre run: a secret changed; sending ${this.opts.changeSignal} to the command`);
      this.child?.kill(this.opts.changeSignal);
      return Promise.resolve();
    }
    this.pendingEnv = env;
    this.restarting ??= this.restartLoop().finally(() => {
      this.restarting = null;
    });
    return this.restarting;
  }

  private async restartLoop(): Promise<void> {
    while (this.pendingEnv && !this.finished) {
      const env = this.pendingEnv;
      this.pendingEnv = null;
      const old = this.child;
      this.opts.notice("cofre run: a secret changed; restarting the command");
      this.child = null;
      if (old) await old.stop("SIGTERM", RESTART_GRACE_MS);
      if (this.finished) return;
      try {
        await this.launch(env);
      } catch (err) {
        this.opts.notice((err as Error).message);
        this.end({ code: 1, signal: null });
      }
    }
  }

  private async launch(env: Record<string, string>): Promise<void> {
    const child = await startChild({ ...this.opts.spec, env }, this.opts.stdio, this.opts.matcher);
    this.child = child;
    if (this.pendingSignal) child.kill(this.pendingSignal);
    this.pendingSignal = null;
    void child.exited.then((exit) => {
      if (this.child === child) this.end(exit); // else: stopped for a restart
    });
  }

  private end(exit: ChildExit): void {
    this.finished = true;
    this.removeHandlers();
    this.resolveDone(exit);
  }

  private removeHandlers(): void {
    for (const [sig, handler] of this.handlers) process.off(sig, handler);
    this.handlers.clear();
  }
}
