/** `cofre kv get|put|patch|list|delete` (+ versions and metadata subcommands). */
import type { Command } from "commander";
import { ApiError } from "../../client/errors.js";
import type { KvTarget } from "../../client/kv.js";
import { ensureTrailingSlash } from "../../client/kv-paths.js";
import type { JsonObject, SecretResponse } from "../../client/types.js";
import { parseDataArgs } from "../data-args.js";
import { CommandFailure, EXIT_REMOTE, failWith, UsageError } from "../errors.js";
import { collectCsv, expectArgs, intFlag, versionsFlag } from "../flags.js";
import type { CliContext } from "../io.js";
import { outputData, outputList, outputSecret, rawField } from "../output/secret.js";
import { headerForMap } from "../output/table.js";
import { clientAction, type Session } from "../session.js";
import {
  type KvFlags,
  kvCommand,
  printDeleted,
  printKvWrite,
  printPath,
  requireV2,
  resolveKv,
} from "./kv-common.js";
import { registerKvExport } from "./kv-export.js";
import { registerKvMetadata } from "./kv-metadata.js";
import { registerKvVersions } from "./kv-versions.js";

function printKvGet(s: Session, target: KvTarget, secret: SecretResponse): number {
  const v2 = target.version === 2;
  const body = (secret.data ?? {}) as Record<string, unknown>;
  if (s.field) {
    if (!v2 || secret.wrap_info) return s.out.fieldValue(s.field, rawField(secret, s.field));
    const data = body.data as Record<string, unknown> | null | undefined;
    if (!data) throw new CommandFailure(`No data found at ${target.apiPath}`, EXIT_REMOTE);
    if (s.field === "data" && !("data" in data)) return s.out.fieldValue("data", data);
    return s.out.fieldValue(s.field, data[s.field]);
  }
  if (s.format !== "table" || secret.wrap_info) return outputSecret(s.out, secret);
  s.out.warnings(secret.warnings);
  if (v2) printPath(s, "Secret Path", target.apiPath);
  const metadata = body.metadata as Record<string, unknown> | null | undefined;
  if (v2 && metadata) {
    s.out.line(headerForMap("Metadata", metadata));
    outputData(s.out, metadata);
    s.out.line();
  }
  const data = v2 ? (body.data as Record<string, unknown> | null | undefined) : body;
  if (data) {
    s.out.line(headerForMap("Data", data));
    outputData(s.out, data);
  }
  return 0;
}

/** Read-modify-write patch (`-method=rw`, or when the server answers PATCH with 405). */
async function patchByRewrite(
  s: Session,
  target: KvTarget,
  data: JsonObject,
): Promise<SecretResponse | null> {
  const current = await s.client.kv
    .readVersion(target)
    .catch(failWith(`Error doing pre-read at ${target.apiPath}`));
  const meta = current?.data?.metadata;
  const old = current?.data?.data;
  if (!current || !meta || !old) {
    throw new CommandFailure(
      `No data found at ${target.apiPath}; patch only works on existing data`,
      EXIT_REMOTE,
    );
  }
  const merged: JsonObject = { ...old, ...data };
  const body = { data: merged, options: { cas: meta.version } };
  return s.client.write(target.apiPath, body).catch(failWith(`Error writing data to ${target.apiPath}`));
}

export function register(program: Command, ctx: CliContext): void {
  const kv = program.command("kv").description("Read and write secrets in a KV engine (v1 or v2)");

  kvCommand(kv, "get", "Read a secret (v2: the current version, or -version)")
    .argument("[path]", "secret path, e.g. secret/app")
    .option("--version <n>", "version to read (v2)")
    .action(
      clientAction<KvFlags & { version?: string }>(ctx, async (s, args, o) => {
        expectArgs(args, 1);
        const version = intFlag(o.version, "version", 0);
        const target = await resolveKv(s, args[0], "data", o);
        const query = target.version === 2 && version ? { version: String(version) } : undefined;
        const secret = await s.client
          .read(target.apiPath, query)
          .catch(failWith(`Error reading ${target.apiPath}`));
        if (!secret) throw new CommandFailure(`No value found at ${target.apiPath}`, EXIT_REMOTE);
        return printKvGet(s, target, secret);
      }),
    );

  kvCommand(kv, "put", "Write a secret (v2: a new version); values: k=v, k=@file, k=-")
    .argument("[path]", "secret path")
    .argument("[data...]", "key=value pairs")
    .option("--cas <n>", "check-and-set: write only if the current version is n (0: only if absent)")
    .action(
      clientAction<KvFlags & { cas?: string }>(ctx, async (s, args, o) => {
        if (args.length === 0) throw new UsageError("Not enough arguments (expected >1, got 0)");
        if (args.length === 1) throw new UsageError("Must supply data");
        const cas = intFlag(o.cas, "cas", -1);
        const data = await parseDataArgs(ctx, args.slice(1));
        const target = await resolveKv(s, args[0], "data", o);
        const body =
          target.version === 2 ? { data, options: cas !== undefined && cas >= 0 ? { cas } : {} } : data;
        const secret = await s.client
          .write(target.apiPath, body)
          .catch(failWith(`Error writing data to ${target.apiPath}`));
        return printKvWrite(s, target, secret);
      }),
    );

  kvCommand(kv, "patch", "Update keys of the current version (v2), keeping the others")
    .argument("[path]", "secret path")
    .argument("[data...]", "key=value pairs")
    .option("--cas <n>", "check-and-set version")
    .option(
      "--method <method>",
      "patch (HTTP PATCH) or rw (read, merge, write); default: patch, then rw on 405",
    )
    .action(
      clientAction<KvFlags & { cas?: string; method?: string }>(ctx, async (s, args, o) => {
        if (args.length === 0) throw new UsageError("Not enough arguments (expected >1, got 0)");
        if (args.length === 1) throw new UsageError("Must supply data");
        if (o.method !== undefined && o.method !== "patch" && o.method !== "rw") {
          throw new UsageError("invalid value for -method: must be patch or rw");
        }
        const cas = intFlag(o.cas, "cas", -1);
        const data = await parseDataArgs(ctx, args.slice(1));
        const target = await resolveKv(s, args[0], "data", o);
        if (target.version !== 2) {
          throw new CommandFailure("K/V engine mount must be version 2 for patch support", EXIT_REMOTE);
        }
        if (o.method === "rw") return printKvWrite(s, target, await patchByRewrite(s, target, data));
        try {
          return printKvWrite(s, target, await s.client.kv.patch(target, data, cas));
        } catch (err) {
          if (err instanceof ApiError && err.status === 405 && o.method === undefined) {
            return printKvWrite(s, target, await patchByRewrite(s, target, data));
          }
          if (err instanceof ApiError && err.status === 404) {
            throw new CommandFailure(`No value found at ${target.apiPath}`, EXIT_REMOTE);
          }
          return failWith(`Error writing data to ${target.apiPath}`)(err);
        }
      }),
    );

  kvCommand(kv, "list", "List the keys under a path")
    .argument("[path]", "folder path, e.g. secret/ or secret/team/")
    .action(
      clientAction<KvFlags>(ctx, async (s, args, o) => {
        expectArgs(args, 1);
        const target = await resolveKv(s, args[0], "metadata", o);
        const path = ensureTrailingSlash(target.apiPath);
        const secret = await s.client.list(path).catch(failWith(`Error listing ${path}`));
        if (!secret) throw new CommandFailure(`No value found at ${path}`, EXIT_REMOTE);
        return outputList(s.out, secret);
      }),
    );

  kvCommand(kv, "delete", "Delete the current version (v2: soft delete), or -versions")
    .argument("[path]", "secret path")
    .option("--versions <n,...>", "versions to delete (v2)", collectCsv)
    .action(
      clientAction<KvFlags & { versions?: string[] }>(ctx, async (s, args, o) => {
        expectArgs(args, 1);
        const versions = versionsFlag(o.versions);
        const prefix = versions.length > 0 ? "delete" : "data";
        const target = await resolveKv(s, args[0], prefix, o);
        if (versions.length > 0) {
          requireV2(target, "Deleting versions is not supported on KV Version 1");
          await s.client
            .write(target.apiPath, { versions })
            .catch(failWith(`Error deleting ${target.apiPath}`));
        } else {
          await s.client.delete(target.apiPath).catch(failWith(`Error deleting ${target.apiPath}`));
        }
        return printDeleted(s, target.apiPath);
      }),
    );

  registerKvVersions(kv, ctx);
  registerKvMetadata(kv, ctx);
  registerKvExport(kv, ctx);
}
