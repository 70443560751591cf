import { Command } from "commander";

/**
 * Builds the `cofre` command tree. Each command group lives in src/cli/commands/<group>.ts and
 * exports a `register(program)` function; add it to COMMANDS below.
 */
type Register = (program: Command) => void;

const COMMANDS: Array<() => Promise<{ register: Register }>> = [];

export async function buildProgram(): Promise<Command> {
  const program = new Command("cofre")
    .description("cofre: secrets manager with a Vault-compatible API")
    .version("0.1.0")
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const load of COMMANDS) (await load()).register(program);
  return program;
}
