/** `cofre kv undelete|destroy|rollback` (KV v2 only). */
import type { Command } from "commander";
import type { KvKeyMetadata, KvV2ReadData } from "../../client/types.js";
import { CommandFailure, EXIT_LOCAL, EXIT_REMOTE, failWith, UsageError } from "../errors.js";
import { collectCsv, expectArgs, intFlag, versionsFlag } from "../flags.js";
import type { CliContext } from "../io.js";
import { clientAction } from "../session.js";
import { type KvFlags, kvCommand, printKvWrite, requireV2, resolveKv } from "./kv-common.js";

export function registerKvVersions(kv: Command, ctx: CliContext): void {
  for (const op of ["undelete", "destroy"] as const) {
    const title = op === "undelete" ? "Undelete" : "Destroy";
    kvCommand(kv, op, op === "undelete" ? "Restore soft-deleted versions" : "Permanently erase versions")
      .argument("[path]", "secret path")
      .option("--versions <n,...>", "versions (required)", collectCsv)
      .action(
        clientAction<KvFlags & { versions?: string[] }>(ctx, async (s, args, o) => {
          expectArgs(args, 1);
          const versions = versionsFlag(o.versions);
          if (versions.length === 0) {
            throw new UsageError(
              `No versions provided, use the "-versions" flag to specify the version to ${op}.`,
            );
          }
          const target = await resolveKv(s, args[0], op, o);
          requireV2(target, `${title} not supported on KV Version 1`);
          await s.client
            .write(target.apiPath, { versions })
            .catch(failWith(`Error writing data to ${target.apiPath}`));
          if (s.format === "table") s.out.line(`Success! Data written to: ${target.apiPath}`);
          return 0;
        }),
      );
  }

  kvCommand(kv, "rollback", "Write an older version's data as the new current version")
    .argument("[path]", "secret path")
    .option("--version <n>", "version to roll back to (required)")
    .action(
      clientAction<KvFlags & { version?: string }>(ctx, async (s, args, o) => {
        expectArgs(args, 1);
        const version = intFlag(o.version, "version", 1);
        if (version === undefined)
          throw new UsageError("Must specify a version to rollback to with -version");
        const metaTarget = await resolveKv(s, args[0], "metadata", o);
        requireV2(metaTarget, "Rollback not supported on KV Version 1");
        const metaRes = await s.client
          .read<KvKeyMetadata>(metaTarget.apiPath)
          .catch(failWith(`Error doing pre-read at ${metaTarget.apiPath}`));
        const meta = metaRes?.data;
        if (!meta) throw new CommandFailure(`No value found at ${metaTarget.apiPath}`, EXIT_REMOTE);
        const entry = meta.versions?.[String(version)];
        if (!entry) throw new CommandFailure(`Version ${version} does not exist`, EXIT_LOCAL);
        if (entry.destroyed)
          throw new CommandFailure("Cannot roll back to a version that has been destroyed", EXIT_LOCAL);
        if (entry.deletion_time && Date.parse(entry.deletion_time) <= Date.now()) {
          throw new CommandFailure("Cannot roll back to a version that has been deleted", EXIT_LOCAL);
        }
        const dataTarget = await resolveKv(s, args[0], "data", o);
        const old = await s.client
          .read<KvV2ReadData>(dataTarget.apiPath, { version: String(version) })
          .catch(failWith(`Error doing pre-read at ${dataTarget.apiPath}`));
        const data = old?.data?.data;
        if (!data) {
          throw new CommandFailure(
            `No data found at ${dataTarget.apiPath}; rollback only works on existing data`,
            EXIT_REMOTE,
          );
        }
        const body = { data, options: { cas: meta.current_version } };
        const secret = await s.client
          .write(dataTarget.apiPath, body)
          .catch(failWith(`Error writing data to ${dataTarget.apiPath}`));
        return printKvWrite(s, dataTarget, secret);
      }),
    );
}
