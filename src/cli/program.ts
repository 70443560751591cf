import { Command } from "commander";
import type { CliContext } from "./io.js";
import { processIo } from "./process-io.js";

/**
 * Builds the `cofre` command tree. Each command group lives in src/cli/commands/<group>.ts and
 * exports a `register(program, ctx)` function (ctx: the run's injected io and exit code; groups
 * that need neither may take `program` only); add it to COMMANDS below with the top-level command
 * names it registers. A command line loads only the group its first word names (so `cofre run`
 * does not load the server); `--version` loads none; help and unknown words load every group.
 * test/cli/program.test.ts checks that `names` match what each group registers.
 */
export type Register = (program: Command, ctx: CliContext) => void;

export interface CommandGroup {
  names: readonly string[];
  load: () => Promise<{ register: Register }>;
}

export const COMMANDS: CommandGroup[] = [
  { names: ["status"], load: () => import("./commands/status.js") },
  { names: ["operator"], load: () => import("./commands/operator.js") },
  { names: ["login"], load: () => import("./commands/login.js") },
  { names: ["token"], load: () => import("./commands/token.js") },
  { names: ["policy"], load: () => import("./commands/policy.js") },
  { names: ["secrets"], load: () => import("./commands/secrets.js") },
  { names: ["auth"], load: () => import("./commands/auth.js") },
  { names: ["kv"], load: () => import("./commands/kv.js") },
  { names: ["read", "write", "list", "delete", "unwrap"], load: () => import("./commands/generic.js") },
  { names: ["server"], load: () => import("./commands/server.js") },
  { names: ["scan"], load: () => import("./commands/scan.js") },
  { names: ["audit"], load: () => import("./commands/audit.js") },
  { names: ["run"], load: () => import("./commands/run.js") },
  { names: ["agent"], load: () => import("./commands/agent.js") },
];

/** The groups a command line needs: the one its first word names, else all of them. */
export function groupsFor(argv: readonly string[] | undefined): CommandGroup[] {
  const first = argv?.[0];
  if (first === "--version" || first === "-V") return [];
  if (first === undefined || first.startsWith("-")) return COMMANDS;
  const group = COMMANDS.find((g) => g.names.includes(first));
  return group ? [group] : COMMANDS;
}

export async function buildProgram(
  ctx: CliContext = { io: processIo(), exitCode: 0, stdinUsed: false },
  argv?: readonly string[],
): Promise<Command> {
  const { stdout, stderr } = ctx.io;
  const program = new Command("cofre")
    .description("cofre: secrets manager with a Vault-compatible API")
    .version("0.1.0")
    .exitOverride()
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });
  const groups = groupsFor(argv);
  for (const mod of await Promise.all(groups.map((g) => g.load()))) mod.register(program, ctx);
  return program;
}
