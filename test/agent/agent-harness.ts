/** Runs the agent in-process against a test server, with timers the test fires and logs it can wait on. */
import { EventEmitter, once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Agent } from "../../src/agent/agent.js";
import { loadAgentConfig } from "../../src/agent/config/load.js";
import type { RenderOutcome } from "../../src/agent/render.js";
import { createLogger } from "../../src/util/logger.js";
import { Capture } from "../cli/harness.js";
import { ManualTimers } from "../inject/manual-timers.js";

export class LogLines extends EventEmitter {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
    this.emit("line", line);
  }
  /** Resolves when the `nth` line matching `re` is (or was already) logged. */
  waitFor(re: RegExp, nth = 1): Promise<string> {
    const seen = this.lines.filter((l) => re.test(l));
    if (seen.length >= nth) return Promise.resolve(seen[nth - 1]);
    let count = seen.length;
    return new Promise((resolve) => {
      const listener = (line: string) => {
        if (!re.test(line) || ++count < nth) return;
        this.off("line", listener);
        resolve(line);
      };
      this.on("line", listener);
    });
  }
  count(re: RegExp): number {
    return this.lines.filter((l) => re.test(l)).length;
  }
  get text(): string {
    return this.lines.join("\n");
  }
}

export interface RunningAgent {
  agent: Agent;
  timers: ManualTimers;
  log: LogLines;
  stdout: Capture;
  stderr: Capture;
  /** Resolves to run()'s exit code. */
  exited: Promise<number>;
  /** The next render cycle's outcome. */
  nextCycle(): Promise<RenderOutcome>;
  /** Fires every pending timer, then waits for the render cycle that follows. */
  tick(): Promise<RenderOutcome>;
}

const started = new Set<Agent>();

/** Stops every agent a test started (call before closing the server: idle connections keep it open). */
export async function stopAgents(): Promise<void> {
  await Promise.all([...started].map((a) => a.stop()));
  started.clear();
}

export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "cofre-agent-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Writes `hcl` to dir/agent.hcl, loads it and starts the agent. Resolves once the first render
 * cycle ended (or the run ended first: exit_after_auth, a fatal error).
 */
export async function startAgent(
  dir: string,
  hcl: string,
  opts: { env?: Record<string, string>; waitFirstCycle?: boolean } = {},
): Promise<RunningAgent> {
  const path = join(dir, "agent.hcl");
  await writeFile(path, hcl);
  const env = opts.env ?? {};
  const cfg = await loadAgentConfig(path, { cwd: dir, env });
  const timers = new ManualTimers();
  const log = new LogLines();
  const stdout = new Capture();
  const stderr = new Capture();
  const agent = await Agent.create(cfg, {
    io: { env, stdout, stderr, cwd: dir },
    timers,
    logger: createLogger({ level: "debug", write: (l) => log.write(l) }),
    random: () => 0,
  });
  started.add(agent);
  const nextCycle = async () => ((await once(agent, "cycle")) as [RenderOutcome])[0];
  const first = nextCycle();
  const exited = agent.run();
  if (opts.waitFirstCycle !== false) await Promise.race([first, exited]);
  return {
    agent,
    timers,
    log,
    stdout,
    stderr,
    exited,
    nextCycle,
    async tick() {
      const next = nextCycle();
      timers.fireAll();
      return next;
    },
  };
}
