/**
 * `cofre audit list|enable|disable|hash|verify|query`. verify and query read log files locally and
 * ask the server only for what needs a device's keys (chain checks, HMACs of plain values).
 */
import type { Command } from "commander";
import { deviceFor, hashValue, listDevices } from "../audit/api.js";
import { parseEntry, readLines, userPath } from "../audit/log-reader.js";
import { pathPattern, type QueryFilter, RecordFolder, timeBound } from "../audit/records.js";
import { type QueryFormat, renderRecords, renderSummary, summarise } from "../audit/render.js";
import { describeReport, verifyFiles } from "../audit/verify.js";
import { CommandFailure, EXIT_REMOTE, failWith, UsageError } from "../errors.js";
import { collect, expectArgs } from "../flags.js";
import { readStdin, readUserFile } from "../input.js";
import type { CliContext } from "../io.js";
import { table } from "../output/table.js";
import { clientAction, localAction, openSession, withClientFlags } from "../session.js";

interface QueryFlags {
  path?: string;
  accessor?: string;
  since?: string;
  until?: string;
  operation?: string[];
  failed?: boolean;
  identity?: string;
  value?: string[];
  summary?: boolean;
  device?: string;
  format?: string;
  address?: string;
  caCert?: string;
  tlsSkipVerify?: boolean;
  namespace?: string;
}

const HMAC = /^hmac-sha256:[0-9a-f]{64}$/;

/** A --value: `-` reads it from stdin and `@file` from a file, so a secret need not be typed. */
async function valueArg(ctx: CliContext, v: string): Promise<string> {
  if (v === "-") return (await readStdin(ctx)).replace(/\r?\n$/, "");
  if (v.startsWith("@")) return (await readUserFile(ctx, v.slice(1))).replace(/\r?\n$/, "");
  return v;
}

function queryFormat(v: string | undefined): QueryFormat {
  const f = (v ?? "table").toLowerCase();
  if (f === "table" || f === "json" || f === "csv") return f;
  throw new UsageError(`Invalid output format: ${v} (table, json or csv)`);
}

export function register(program: Command, ctx: CliContext): void {
  const audit = program.command("audit").description("Manage audit devices; verify and query audit logs");

  withClientFlags(audit.command("list").description("List the enabled audit devices"))
    .option("--detailed", "show each device's options")
    .allowExcessArguments()
    .action(
      clientAction<{ detailed?: boolean }>(ctx, async (s, args, opts) => {
        expectArgs(args, 0);
        const devices = await listDevices(s.client);
        const paths = Object.keys(devices).sort();
        if (s.format !== "table" || paths.length === 0) {
          if (s.format !== "table") s.out.structured(devices);
          else s.out.line("No audit devices are enabled.");
          return 0;
        }
        const rows = paths.map((p) => {
          const d = devices[p];
          const base = [p, d.type, d.description];
          if (!opts.detailed) return base;
          const options = Object.entries(d.options ?? {}).map(([k, v]) => `${k}:${v}`);
          return [...base, String(d.local), `map[${options.join(" ")}]`];
        });
        const header = opts.detailed
          ? ["Path", "Type", "Description", "Replication", "Options"]
          : ["Path", "Type", "Description"];
        s.out.line(table(header, rows));
        return 0;
      }),
    );

  withClientFlags(audit.command("enable").description("Enable an audit device: TYPE [key=value ...]"))
    .argument("[type]", "file, socket or syslog")
    .argument("[options...]", "device options as key=value")
    .option("--path <path>", "where to enable it (default: the type)")
    .option("--description <text>", "a description")
    .option("--local", "do not replicate (kept for Vault compatibility)")
    .allowExcessArguments()
    .action(
      clientAction<{ path?: string; description?: string; local?: boolean }>(ctx, async (s, args, opts) => {
        const [type, ...pairs] = args;
        if (!type) throw new UsageError("Not enough arguments (expected a device type)");
        const options: Record<string, string> = {};
        for (const p of pairs) {
          const eq = p.indexOf("=");
          if (eq <= 0) throw new UsageError("Invalid option: format must be key=value");
          options[p.slice(0, eq)] = p.slice(eq + 1);
        }
        const path = (opts.path ?? type).replace(/^\/+|\/+$/g, "");
        await s.client
          .write(`sys/audit/${path}`, {
            type,
            description: opts.description ?? "",
            options,
            local: !!opts.local,
          })
          .catch(failWith("Error enabling audit device"));
        s.out.line(`Success! Enabled the ${type} audit device at: ${path}/`);
        return 0;
      }),
    );

  withClientFlags(audit.command("disable").description("Disable an audit device"))
    .argument("[path]", "the device's path")
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 1);
        const path = args[0].replace(/^\/+|\/+$/g, "");
        await s.client.delete(`sys/audit/${path}`).catch(failWith("Error disabling audit device"));
        s.out.line(`Success! Disabled audit device (if it was enabled) at: ${path}/`);
        return 0;
      }),
    );

  withClientFlags(audit.command("hash").description("The HMAC a device writes for a value (to search logs)"))
    .argument("[device]", "the device's path")
    .argument("[value]", "the plain value")
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 2);
        s.out.line(await hashValue(s.client, args[0], args[1]));
        return 0;
      }),
    );

  withClientFlags(audit.command("verify").description("Prove audit log files whole with their hash chain"))
    .argument("[files...]", "log files, oldest first (a rotated file, then the current one)")
    .option("--device <path>", "the file device that wrote them (default: found by its file_path)")
    .allowExcessArguments()
    .action(
      clientAction<{ device?: string }>(ctx, async (s, args, opts) => {
        if (args.length === 0) throw new UsageError("Not enough arguments (expected at least one file)");
        const files = args.map((f) => userPath(ctx, f));
        const device = await deviceFor(s.client, files[files.length - 1], opts.device);
        const report = await verifyFiles(s.client, device, files);
        if (s.format !== "table") s.out.structured(report);
        else for (const line of describeReport(report)) s.out.line(line);
        if (!report.valid) throw new CommandFailure("Audit log verification FAILED", EXIT_REMOTE);
        return 0;
      }),
    );

  audit
    .command("query")
    .description("Who accessed what: filter audit log files, or summarise them (-summary)")
    .argument("[files...]", "log files")
    .option("--path <glob>", "request path; * matches anything (secret/data/prod/*)")
    .option("--accessor <accessor>", "token accessor (plain values are matched through sys/audit-hash)")
    .option("--identity <name>", "display name or entity id")
    .option("--since <time>", "RFC3339 time, or a duration back from now (24h, 30d)")
    .option("--until <time>", "RFC3339 time, or a duration back from now")
    .option("--operation <op>", "read, create, update, delete, list, ... (repeatable)", collect)
    .option("--failed", "only refused or failed requests")
    .option(
      "--value <value>",
      "requests whose data held this value, matched by its HMAC (- reads it from stdin, @file from a file)",
      collect,
    )
    .option("--summary", "counts by path and by identity instead of the entries")
    .option("--device <path>", "the device whose HMACs the log holds (for plain --accessor/--value)")
    .option("--format <format>", "table, json or csv")
    .option("--address <url>", "server address (env COFRE_ADDR, VAULT_ADDR)")
    .option("--ca-cert <file>", "PEM CA certificate of the server")
    .option("--tls-skip-verify", "do not verify the server's TLS certificate")
    .option("--namespace <ns>", "namespace sent as X-Vault-Namespace")
    .allowExcessArguments()
    .action(
      localAction<QueryFlags>(ctx, async (args, o) => {
        if (args.length === 0) throw new UsageError("Not enough arguments (expected at least one file)");
        const format = queryFormat(o.format);
        const files = args.map((f) => userPath(ctx, f));
        const filter: QueryFilter = {};
        const now = Date.now();
        if (o.path) filter.path = pathPattern(o.path);
        if (o.since) filter.since = timeBound(o.since, "since", now);
        if (o.until) filter.until = timeBound(o.until, "until", now);
        if (o.operation?.length) filter.operations = new Set(o.operation.flatMap((x) => x.split(",")));
        if (o.failed) filter.failed = true;
        if (o.identity) filter.identity = o.identity;
        const values = await Promise.all((o.value ?? []).map((v) => valueArg(ctx, v)));
        const plain = [o.accessor, ...values].filter((v): v is string => !!v && !HMAC.test(v));
        const hashes = new Map<string, string>();
        if (plain.length > 0) {
          const session = await openSession(ctx, { ...o, format: undefined });
          try {
            const device = await deviceFor(session.client, files[files.length - 1], o.device);
            for (const v of plain) hashes.set(v, await hashValue(session.client, device, v));
          } finally {
            session.client.close();
          }
        }
        const forms = (v: string) => new Set([v, hashes.get(v) ?? v]);
        if (o.accessor) filter.accessors = forms(o.accessor);
        if (values.length) filter.values = new Set(values.flatMap((v) => [...forms(v)]));

        const folder = new RecordFolder(filter.values !== undefined);
        for (const file of files) {
          for await (const line of readLines(file)) {
            const entry = parseEntry(line);
            if (entry) folder.add(entry);
          }
        }
        const records = [...folder.matching(filter)];
        const text = o.summary ? renderSummary(summarise(records), format) : renderRecords(records, format);
        ctx.io.stdout.write(`${text}\n`);
        return 0;
      }),
    );
}
