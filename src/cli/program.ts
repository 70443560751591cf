import { Command } from "commander";
import type { CliContext } from "./io.js";
import { processIo } from "./process-io.js";

/**
 * Builds the `cofre` command tree. Each command group lives in src/cli/commands/<group>.ts and
 * exports a `register(program, ctx)` function (ctx: the run's injected io and exit code; groups
 * that need neither may take `program` only); add it to COMMANDS below.
 */
export type Register = (program: Command, ctx: CliContext) => void;

const COMMANDS: Array<() => Promise<{ register: Register }>> = [
  () => import("./commands/status.js"),
  () => import("./commands/operator.js"),
  () => import("./commands/login.js"),
  () => import("./commands/token.js"),
  () => import("./commands/policy.js"),
  () => import("./commands/secrets.js"),
  () => import("./commands/auth.js"),
  () => import("./commands/kv.js"),
  () => import("./commands/generic.js"),
  () => import("./commands/server.js"),
  () => import("./commands/scan.js"),
  () => import("./commands/audit.js"),
];

export async function buildProgram(
  ctx: CliContext = { io: processIo(), exitCode: 0, stdinUsed: false },
): Promise<Command> {
  const { stdout, stderr } = ctx.io;
  const program = new Command("cofre")
    .description("cofre: secrets manager with a Vault-compatible API")
    .version("0.1.0")
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });
  for (const load of COMMANDS) (await load()).register(program, ctx);
  return program;
}
