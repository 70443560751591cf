/** `cofre agent -config=FILE`: the Vault Agent work-alike (src/agent/). */
import type { Command } from "commander";
import { Agent } from "../../agent/agent.js";
import { loadAgentConfig } from "../../agent/config/load.js";
import { UsageError } from "../errors.js";
import type { CliContext } from "../io.js";
import { localAction } from "../session.js";

interface Flags {
  config?: string;
  exitAfterAuth?: boolean;
  logLevel?: string;
}

const LEVELS = ["trace", "debug", "info", "warn", "error"] as const;

export function register(program: Command, ctx: CliContext): void {
  program
    .command("agent")
    .description(
      "Log in, keep a token in sink files and render secrets into files (a Vault Agent config file works unchanged)",
    )
    .option("--config <file>", "agent config file, HCL or JSON (Vault Agent's format)")
    .option(
      "--exit-after-auth",
      "log in, write the sinks, render the templates once, then exit (init containers)",
    )
    .option("--log-level <level>", "trace, debug, info, warn or error (overrides log_level)")
    .action(
      localAction<Flags>(ctx, async (_args, flags) => {
        if (!flags.config) throw new UsageError("missing -config=FILE: cofre agent -config=agent.hcl");
        const level = flags.logLevel?.toLowerCase();
        if (level !== undefined && !(LEVELS as readonly string[]).includes(level))
          throw new UsageError("invalid value for -log-level: use trace, debug, info, warn or error");
        const cwd = ctx.io.cwd ?? process.cwd();
        const cfg = await loadAgentConfig(flags.config, { cwd, env: ctx.io.env });
        if (flags.exitAfterAuth) cfg.exitAfterAuth = true;
        if (level) cfg.logLevel = level as (typeof LEVELS)[number];
        const agent = await Agent.create(cfg, {
          io: { env: ctx.io.env, stdout: ctx.io.stdout, stderr: ctx.io.stderr, cwd },
          handleSignals: ctx.io.env === process.env,
        });
        return agent.run();
      }),
    );
}
