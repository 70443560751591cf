/** `cofre secrets enable|disable|list|tune`. */
import type { Command } from "commander";
import { mountPathOf } from "../../client/sys.js";
import type { EnableMountRequest, MountInfo } from "../../client/types.js";
import { failWith } from "../errors.js";
import { collect, expectArgs } from "../flags.js";
import type { CliContext } from "../io.js";
import { clientAction, withClientFlags } from "../session.js";
import { enableConfig, type MountFlags, mountTable, optionsOf, tuneBody } from "./mount-common.js";

const FORCE_NO_CACHE = {
  header: "Force No Cache",
  value: (m: MountInfo) => String(m.config?.force_no_cache ?? false),
};

export function register(program: Command, ctx: CliContext): void {
  const secrets = program.command("secrets").description("Manage secrets engines");

  withClientFlags(secrets.command("enable").description("Enable a secrets engine (kv, kv-v2, transit, ...)"))
    .argument("[type]", "engine type")
    .option("--path <path>", "mount path (default: the type)")
    .option("--description <text>", "human-readable description")
    .option("--version <n>", "engine version (kv: 1 or 2)")
    .option("--default-lease-ttl <duration>", "default lease TTL")
    .option("--max-lease-ttl <duration>", "maximum lease TTL")
    .option("--options <k=v>", "engine option (repeatable)", collect)
    .option("--local", "do not replicate the mount")
    .option("--seal-wrap", "seal-wrap the engine's storage")
    .option("--force-no-cache", "disable caching for this mount")
    .allowExcessArguments()
    .action(
      clientAction<MountFlags & { path?: string; local?: boolean; sealWrap?: boolean }>(
        ctx,
        async (s, args, o) => {
          expectArgs(args, 1);
          const type = args[0];
          const path = mountPathOf(o.path ?? type);
          const req: EnableMountRequest = { type, description: o.description ?? "", config: enableConfig(o) };
          const options = optionsOf(o);
          if (options) req.options = options;
          if (o.local) req.local = true;
          if (o.sealWrap) req.seal_wrap = true;
          await s.client.sys.enableMount(path, req).catch(failWith("Error enabling"));
          s.out.line(`Success! Enabled the ${type} secrets engine at: ${path}/`);
          return 0;
        },
      ),
    );

  withClientFlags(secrets.command("disable").description("Disable a secrets engine (revokes its leases)"))
    .argument("[path]", "mount path")
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 1);
        const path = mountPathOf(args[0]);
        await s.client.sys.disableMount(path).catch(failWith(`Error disabling secrets engine at ${path}/`));
        s.out.line(`Success! Disabled the secrets engine (if it existed) at: ${path}/`);
        return 0;
      }),
    );

  withClientFlags(secrets.command("list").description("List enabled secrets engines"))
    .option("--detailed", "show TTLs, options, replication and more")
    .allowExcessArguments()
    .action(
      clientAction<{ detailed?: boolean }>(ctx, async (s, args, o) => {
        expectArgs(args, 0);
        const mounts = await s.client.sys.listMounts().catch(failWith("Error listing secrets engines"));
        if (s.format !== "table") s.out.structured(mounts);
        else s.out.line(mountTable(mounts, o.detailed === true, FORCE_NO_CACHE));
        return 0;
      }),
    );

  withClientFlags(secrets.command("tune").description("Tune a secrets engine's settings"))
    .argument("[path]", "mount path")
    .option("--description <text>", "new description")
    .option("--default-lease-ttl <duration>", 'default lease TTL ("system" resets)')
    .option("--max-lease-ttl <duration>", 'maximum lease TTL ("system" resets)')
    .option("--options <k=v>", "engine option (repeatable)", collect)
    .option("--version <n>", "engine version (kv: 2 upgrades a v1 mount)")
    .option("--listing-visibility <mode>", "unauth or hidden")
    .allowExcessArguments()
    .action(
      clientAction<MountFlags & { listingVisibility?: string }>(ctx, async (s, args, o) => {
        expectArgs(args, 1);
        const path = mountPathOf(args[0]);
        const body = tuneBody(o);
        await s.client.sys.tuneMount(path, body).catch(failWith(`Error tuning secrets engine ${path}`));
        s.out.line(`Success! Tuned the secrets engine at: ${path}/`);
        return 0;
      }),
    );
}
