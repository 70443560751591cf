import type { Command } from "commander";
import { CofreClient } from "../client/client.js";
import { envValue, readCaCert, readClientCertPair, readClientEnv } from "../client/config.js";
import { TokenHelper } from "../client/token-helper.js";
import { describeFailure } from "./errors.js";
import type { CliContext } from "./io.js";
import { type OutputFormat, Printer, parseFormat } from "./output/printer.js";

/** Flags every command that talks to the server accepts (Vault's HTTP and output flag sets). */
export interface ClientFlags {
  address?: string;
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
  tlsSkipVerify?: boolean;
  namespace?: string;
  format?: string;
  field?: string;
  wrapTtl?: string;
}

/** Adds the HTTP and output flags to a leaf command. */
export function withClientFlags(cmd: Command): Command {
  return withConnectionFlags(cmd)
    .option("--format <format>", "output format: table, json or yaml (env VAULT_FORMAT)")
    .option("--field <name>", "print only this field, raw")
    .option("--wrap-ttl <duration>", "wrap the answer in a single-use token valid this long (e.g. 5m)");
}

/** The HTTP flags alone, for commands whose output is their own (`run`, `kv export`). */
export function withConnectionFlags(cmd: Command): Command {
  return cmd
    .option("--address <url>", "server address (env COFRE_ADDR, VAULT_ADDR)")
    .option("--ca-cert <file>", "PEM CA certificate that signs the server's certificate (env VAULT_CACERT)")
    .option("--client-cert <file>", "PEM client certificate presented over TLS (env VAULT_CLIENT_CERT)")
    .option("--client-key <file>", "PEM private key of the client certificate (env VAULT_CLIENT_KEY)")
    .option("--tls-skip-verify", "do not verify the server's TLS certificate (env VAULT_SKIP_VERIFY)")
    .option("--namespace <ns>", "namespace sent as X-Vault-Namespace (env VAULT_NAMESPACE)");
}

/** What a command needs to run: a client, a printer, and where the token came from. */
export interface Session {
  client: CofreClient;
  out: Printer;
  format: OutputFormat;
  field?: string;
  tokenHelper: TokenHelper;
  /** True when the token came from COFRE_TOKEN/VAULT_TOKEN (it then wins over the token file). */
  tokenFromEnv: boolean;
}

/** The output settings alone (commands that never reach the server). */
export function printerFor(ctx: CliContext, flags: Pick<ClientFlags, "format" | "field">): Printer {
  const env = readFormatEnv(ctx);
  return new Printer(ctx.io.stdout, ctx.io.stderr, parseFormat(flags.format ?? env), flags.field);
}

function readFormatEnv(ctx: CliContext): string | undefined {
  return envValue(ctx.io.env, "COFRE_FORMAT", "VAULT_FORMAT");
}

/** Builds the client from flags, then environment, then the token helper file. */
export async function openSession(ctx: CliContext, flags: ClientFlags): Promise<Session> {
  const out = printerFor(ctx, flags);
  const env = readClientEnv(ctx.io.env);
  const tokenHelper = new TokenHelper(ctx.io.homeDir);
  const token = env.token ?? (await tokenHelper.get());
  const caPath = flags.caCert ?? env.caCertPath;
  const client = new CofreClient({
    address: flags.address ?? env.address,
    token,
    caCert: caPath ? await readCaCert(caPath) : undefined,
    ...(await readClientCertPair(
      flags.clientCert ?? env.clientCertPath,
      flags.clientKey ?? env.clientKeyPath,
    )),
    skipVerify: flags.tlsSkipVerify || env.skipVerify,
    namespace: flags.namespace ?? env.namespace,
    timeoutMs: env.timeoutMs,
    wrapTTL: flags.wrapTtl,
  });
  return {
    client,
    out,
    format: out.format,
    field: flags.field,
    tokenHelper,
    tokenFromEnv: env.token !== undefined,
  };
}

/**
 * A commander action that opens a session, runs `fn` with the operands and options, records the
 * exit code and closes the client. Every error becomes one line on stderr and an exit code.
 */
export function clientAction<O extends object>(
  ctx: CliContext,
  fn: (s: Session, args: string[], opts: O & ClientFlags) => Promise<number>,
): (...args: unknown[]) => Promise<void> {
  return localAction<O & ClientFlags>(ctx, async (args, opts) => {
    const session = await openSession(ctx, opts);
    try {
      return await fn(session, args, opts);
    } finally {
      session.client.close();
    }
  });
}

/** A commander action that needs no server (still reports errors as one line and an exit code). */
export function localAction<O extends object>(
  ctx: CliContext,
  fn: (args: string[], opts: O) => Promise<number>,
): (...args: unknown[]) => Promise<void> {
  return async (...actionArgs: unknown[]) => {
    const cmd = actionArgs[actionArgs.length - 1] as Command;
    try {
      ctx.exitCode = await fn([...cmd.args], cmd.opts() as O);
    } catch (err) {
      const failure = describeFailure(err);
      ctx.io.stderr.write(`${failure.line}\n`);
      ctx.exitCode = failure.exitCode;
    }
  };
}
