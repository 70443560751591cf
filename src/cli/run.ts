import { CommanderError } from "commander";
import { prepareArgs } from "./args.js";
import { describeFailure, EXIT_LOCAL } from "./errors.js";
import type { CliContext, CliIo } from "./io.js";
import { buildProgram } from "./program.js";

/**
 * Runs one `cofre` command line (`argv` without the program name, e.g. `["kv", "get", "secret/x"]`)
 * against the injected io and resolves to its exit code. Never calls process.exit.
 * Exit codes follow Vault: 0 success, 1 local/usage error, 2 server error
 * (`status`: 0 unsealed, 2 sealed, 1 error).
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0, stdinUsed: false };
  const args = prepareArgs(argv);
  const program = await buildProgram(ctx, args);
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : EXIT_LOCAL;
    const failure = describeFailure(err);
    io.stderr.write(`${failure.line}\n`);
    return failure.exitCode;
  }
  return ctx.exitCode;
}
