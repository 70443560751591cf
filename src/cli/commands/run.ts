/** `cofre run [flags] -- COMMAND [ARGS...]`: run a command with secrets in its environment. */
import type { Command } from "commander";
import { envValue } from "../../client/config.js";
import { UsageError } from "../errors.js";
import { collect } from "../flags.js";
import { type RunFlags, resolvePlan } from "../inject/plan.js";
import { runWithSecrets } from "../inject/run-secrets.js";
import type { CliContext } from "../io.js";
import { type ClientFlags, localAction, openSession, withConnectionFlags } from "../session.js";

type Flags = RunFlags & Omit<ClientFlags, "format" | "field">;

export function register(program: Command, ctx: CliContext): void {
  withConnectionFlags(program.command("run"))
    .description("Run a command with secrets as environment variables (values masked in its output)")
    .usage("[flags] -- COMMAND [ARGS...]")
    .argument("[command...]", "the command and its arguments (after --)")
    .option(
      "--path <path>",
      "read every key of PATH (KV v1/v2, or a dynamic path such as database/creds/app)",
      collect,
    )
    .option("--prefix <prefix>", "prefix for the names of --path keys, e.g. APP_")
    .option("--env <mapping>", "one key under a chosen name: NAME=PATH#KEY", collect)
    .option("--config <file>", "config file (default: .cofre.toml or cofre.yaml here or in a parent folder)")
    .option("--env-name <name>", "environment of the config file (env COFRE_ENV)")
    .option("--mask", "mask secret values in the command's output (default)")
    .option("--no-mask", "pass the command's output through unchanged (it keeps its TTY)")
    .option("--watch", "restart the command when a KV secret changes (dynamic leases are renewed anyway)")
    .option("--watch-interval <duration>", "time between polls with --watch (default 30s)")
    .option("--watch-signal <signal>", "with --watch, send this signal instead of restarting")
    .option("--fallback <file>", "encrypted copy of the secrets, used when the server is unreachable")
    .option("--fallback-key-file <file>", "key file for --fallback (else env COFRE_FALLBACK_PASSPHRASE)")
    .option("--fallback-max-age <duration>", "refuse a fallback file older than this (default 24h)")
    .passThroughOptions()
    .action(
      localAction<Flags>(ctx, async (args, flags) => {
        if (args.length === 0)
          throw new UsageError("missing command: cofre run [flags] -- COMMAND [ARGS...]");
        const cwd = ctx.io.cwd ?? process.cwd();
        const plan = await resolvePlan(flags, cwd, ctx.io.env);
        const address = flags.address ?? envValue(ctx.io.env, "COFRE_ADDR", "VAULT_ADDR") ?? plan.address;
        const session = await openSession(ctx, { ...flags, address });
        try {
          return await runWithSecrets(ctx, {
            command: args,
            plan,
            client: session.client,
            forwardSignals: ctx.io.env === process.env,
          });
        } finally {
          session.client.close();
        }
      }),
    );
}
