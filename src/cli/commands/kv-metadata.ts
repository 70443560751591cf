/** `cofre kv metadata get|put|patch|delete` (KV v2 only). */
import type { Command } from "commander";
import type { KvKeyMetadata, KvMetadataWrite } from "../../client/types.js";
import { CommandFailure, EXIT_REMOTE, failWith } from "../errors.js";
import { collect, durationFlag, expectArgs, intFlag, keyValueFlags } from "../flags.js";
import type { CliContext } from "../io.js";
import { outputData, outputSecret, rawField } from "../output/secret.js";
import { headerForMap } from "../output/table.js";
import { clientAction } from "../session.js";
import { type KvFlags, kvCommand, printDeleted, printPath, requireV2, resolveKv } from "./kv-common.js";

const NOT_V1 = "Metadata not supported on KV Version 1";

interface MetadataFlags extends KvFlags {
  maxVersions?: string;
  casRequired?: boolean;
  deleteVersionAfter?: string;
  customMetadata?: string[];
}

function metadataBody(o: MetadataFlags): KvMetadataWrite {
  const body: KvMetadataWrite = {};
  const max = intFlag(o.maxVersions, "max-versions", 0);
  if (max !== undefined) body.max_versions = max;
  if (o.casRequired !== undefined) body.cas_required = o.casRequired;
  const after = durationFlag(o.deleteVersionAfter, "delete-version-after", true);
  if (after !== undefined) body.delete_version_after = after;
  const custom = keyValueFlags(o.customMetadata, "custom-metadata");
  if (custom) body.custom_metadata = custom;
  return body;
}

function metadataWriteCommand(metadata: Command, name: "put" | "patch", description: string): Command {
  return kvCommand(metadata, name, description)
    .argument("[path]", "secret path")
    .option("--max-versions <n>", "versions to keep (0: the mount's setting)")
    .option("--cas-required", "require check-and-set on writes")
    .option("--no-cas-required", "do not require check-and-set")
    .option("--delete-version-after <duration>", "soft-delete versions this long after they are written")
    .option("--custom-metadata <k=v>", "custom metadata pair (repeatable)", collect);
}

export function registerKvMetadata(kv: Command, ctx: CliContext): void {
  const metadata = kv.command("metadata").description("Read and write a KV v2 key's metadata");

  kvCommand(metadata, "get", "Show a key's metadata and its versions")
    .argument("[path]", "secret path")
    .action(
      clientAction<KvFlags>(ctx, async (s, args, o) => {
        expectArgs(args, 1);
        const target = await resolveKv(s, args[0], "metadata", o);
        requireV2(target, NOT_V1);
        const secret = await s.client
          .read<KvKeyMetadata>(target.apiPath)
          .catch(failWith(`Error reading ${target.apiPath}`));
        if (!secret?.data) throw new CommandFailure(`No value found at ${target.apiPath}`, EXIT_REMOTE);
        if (s.field) return s.out.fieldValue(s.field, rawField(secret, s.field));
        if (s.format !== "table") return outputSecret(s.out, secret);
        const { versions, ...rest } = secret.data;
        s.out.warnings(secret.warnings);
        printPath(s, "Metadata Path", target.apiPath);
        s.out.line(headerForMap("Metadata", rest));
        outputData(s.out, rest);
        const numbers = Object.keys(versions ?? {})
          .map(Number)
          .filter(Number.isInteger)
          .sort((a, b) => a - b);
        for (const n of numbers) {
          const v = versions[String(n)];
          s.out.line();
          s.out.line(headerForMap(`Version ${n}`, v));
          outputData(s.out, v);
        }
        return 0;
      }),
    );

  for (const [name, description] of [
    ["put", "Write a key's metadata (unset flags keep their values)"],
    ["patch", "Change only the given metadata fields"],
  ] as const) {
    metadataWriteCommand(metadata, name, description).action(
      clientAction<MetadataFlags>(ctx, async (s, args, o) => {
        expectArgs(args, 1);
        const body = metadataBody(o);
        const target = await resolveKv(s, args[0], "metadata", o);
        requireV2(target, NOT_V1);
        const send =
          name === "put" ? s.client.write(target.apiPath, body) : s.client.patch(target.apiPath, body);
        const secret = await send.catch(failWith(`Error writing data to ${target.apiPath}`));
        if (secret?.warnings?.length && s.format === "table") s.out.warnings(secret.warnings);
        if (s.format === "table") s.out.line(`Success! Data written to: ${target.apiPath}`);
        else if (secret) s.out.structured(secret);
        return 0;
      }),
    );
  }

  kvCommand(metadata, "delete", "Delete a key's metadata and every version")
    .argument("[path]", "secret path")
    .action(
      clientAction<KvFlags>(ctx, async (s, args, o) => {
        expectArgs(args, 1);
        const target = await resolveKv(s, args[0], "metadata", o);
        requireV2(target, NOT_V1);
        await s.client.delete(target.apiPath).catch(failWith(`Error deleting ${target.apiPath}`));
        return printDeleted(s, target.apiPath);
      }),
    );
}
