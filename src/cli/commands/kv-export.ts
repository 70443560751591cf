/** `cofre kv export PATH -format=dotenv|json|yaml|k8s-secret`: one secret in a file format. */
import type { Command } from "commander";
import { LeaseApi } from "../../client/leases.js";
import { readSecret } from "../../client/secret-source.js";
import { CommandFailure, EXIT_REMOTE, failWith, UsageError } from "../errors.js";
import { expectArgs, intFlag } from "../flags.js";
import { formatDotenv } from "../inject/dotenv.js";
import { envString } from "../inject/env-names.js";
import { BASE64_WARNING, checkSecretName, secretManifest, secretNameFor } from "../inject/k8s-secret.js";
import { buildEnv, pathSource } from "../inject/mappings.js";
import type { CliContext } from "../io.js";
import { type ClientFlags, localAction, openSession, withConnectionFlags } from "../session.js";

const FORMATS = ["dotenv", "json", "yaml", "k8s-secret"] as const;
type ExportFormat = (typeof FORMATS)[number];

interface ExportFlags extends Omit<ClientFlags, "format" | "field"> {
  format?: string;
  prefix?: string;
  version?: string;
  mount?: string;
  name?: string;
  k8sNamespace?: string;
}

function exportFormat(value: string | undefined): ExportFormat {
  const format = value ?? "dotenv";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`invalid value for -format: ${JSON.stringify(format)} (use ${FORMATS.join(", ")})`);
  }
  return format as ExportFormat;
}

export function registerKvExport(kv: Command, ctx: CliContext): void {
  withConnectionFlags(kv.command("export"))
    .description("Print a secret as dotenv, JSON, YAML or a Kubernetes Secret manifest")
    .argument("[path]", "secret path, e.g. secret/app")
    .option("--format <format>", "dotenv (default), json, yaml or k8s-secret")
    .option("--prefix <prefix>", "dotenv: prefix for the variable names")
    .option("--version <n>", "version to export (KV v2)")
    .option("--mount <path>", "KV mount; the PATH argument is then relative to it")
    .option("--name <name>", "k8s-secret: the Secret's name (default: the path's last segment)")
    .option("--k8s-namespace <ns>", "k8s-secret: the Secret's namespace")
    .action(
      localAction<ExportFlags>(ctx, async (args, o) => {
        expectArgs(args, 1);
        const format = exportFormat(o.format);
        const version = intFlag(o.version, "version", 1);
        const source = pathSource(args[0], o.prefix ?? "");
        const name =
          format === "k8s-secret" ? checkSecretName(o.name ?? secretNameFor(source.path), "-name") : "";
        const { format: _ignored, ...connection } = o;
        const session = await openSession(ctx, connection);
        let secret: Awaited<ReturnType<typeof readSecret>>;
        try {
          secret = await readSecret(session.client, source.path, { version, mount: o.mount }).catch(
            failWith(`Error reading ${source.path}`),
          );
          if (secret?.lease)
            await new LeaseApi(session.client).revoke(secret.lease.id).catch(() => undefined);
        } finally {
          session.client.close();
        }
        if (!secret) throw new CommandFailure(`No value found at ${source.path}`, EXIT_REMOTE);
        if (secret.lease) {
          throw new UsageError(
            `${source.path} is a dynamic secret (it has a lease): kv export reads KV secrets`,
          );
        }
        const out = ctx.io.stdout;
        if (format === "json") out.write(`${JSON.stringify(secret.data, null, 2)}\n`);
        else if (format === "yaml") out.write((await import("yaml")).stringify(secret.data));
        else if (format === "dotenv") {
          out.write(formatDotenv(buildEnv({ paths: [source], keys: [] }, new Map([[source.path, secret]]))));
        } else {
          const data = Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, envString(v)]));
          const manifest = secretManifest(name, o.k8sNamespace, data);
          ctx.io.stderr.write(`${BASE64_WARNING}\n`);
          out.write((await import("yaml")).stringify(manifest));
        }
        return 0;
      }),
    );
}
