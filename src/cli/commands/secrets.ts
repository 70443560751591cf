/** `cofre secrets enable|disable|list|tune`. */
import type { Command } from "commander";
import { mountPathOf } from "../../client/sys.js";
import type { EnableMountRequest, JsonValue, MountInfo, TuneMountRequest } from "../../client/types.js";
import { failWith } from "../errors.js";
import { collect, durationFlag, expectArgs, intFlag, keyValueFlags } from "../flags.js";
import type { CliContext } from "../io.js";
import { goValue, table } from "../output/table.js";
import { clientAction, withClientFlags } from "../session.js";

interface MountFlags {
  description?: string;
  defaultLeaseTtl?: string;
  maxLeaseTtl?: string;
  options?: string[];
  version?: string;
}

function optionsOf(o: MountFlags): Record<string, string> | undefined {
  const options = keyValueFlags(o.options, "options");
  const version = intFlag(o.version, "version", 1);
  if (version === undefined) return options;
  return { ...options, version: String(version) };
}

function ttlOf(type: string, ttl: number | undefined): string {
  if (type === "system" || type === "cubbyhole") return "";
  return ttl ? String(ttl) : "system";
}

function listRows(mounts: Record<string, MountInfo>, detailed: boolean): string {
  const paths = Object.keys(mounts).sort();
  if (!detailed) {
    return table(
      ["Path", "Type", "Accessor", "Description"],
      paths.map((p) => [p, mounts[p].type, mounts[p].accessor, mounts[p].description]),
    );
  }
  const header = ["Path", "Plugin", "Accessor", "Default TTL", "Max TTL", "Force No Cache", "Replication"];
  header.push("Seal Wrap", "External Entropy Access", "Options", "Description", "UUID");
  return table(
    header,
    paths.map((p) => {
      const m = mounts[p];
      return [
        p,
        m.type,
        m.accessor,
        ttlOf(m.type, m.config?.default_lease_ttl),
        ttlOf(m.type, m.config?.max_lease_ttl),
        String(m.config?.force_no_cache ?? false),
        m.local ? "local" : "replicated",
        String(m.seal_wrap ?? false),
        String(m.external_entropy_access ?? false),
        goValue(m.options ?? {}),
        m.description,
        m.uuid ?? "",
      ];
    }),
  );
}

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
      clientAction<
        MountFlags & { path?: string; local?: boolean; sealWrap?: boolean; forceNoCache?: boolean }
      >(ctx, async (s, args, o) => {
        expectArgs(args, 1);
        const type = args[0];
        const path = mountPathOf(o.path ?? type);
        const config: Record<string, JsonValue> = {};
        const def = durationFlag(o.defaultLeaseTtl, "default-lease-ttl");
        const max = durationFlag(o.maxLeaseTtl, "max-lease-ttl");
        if (def !== undefined) config.default_lease_ttl = def;
        if (max !== undefined) config.max_lease_ttl = max;
        if (o.forceNoCache) config.force_no_cache = true;
        const req: EnableMountRequest = { type, description: o.description ?? "", config };
        const options = optionsOf(o);
        if (options) req.options = options;
        if (o.local) req.local = true;
        if (o.sealWrap) req.seal_wrap = true;
        await s.client.sys.enableMount(path, req).catch(failWith("Error enabling"));
        s.out.line(`Success! Enabled the ${type} secrets engine at: ${path}/`);
        return 0;
      }),
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
        else s.out.line(listRows(mounts, o.detailed === true));
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
        const ttl = (v: string | undefined, flag: string) => (v === "system" ? v : durationFlag(v, flag));
        const req: TuneMountRequest = {
          description: o.description,
          default_lease_ttl: ttl(o.defaultLeaseTtl, "default-lease-ttl"),
          max_lease_ttl: ttl(o.maxLeaseTtl, "max-lease-ttl"),
          options: optionsOf(o),
          listing_visibility: o.listingVisibility,
        };
        const body = Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined));
        await s.client.sys.tuneMount(path, body).catch(failWith(`Error tuning secrets engine ${path}`));
        s.out.line(`Success! Tuned the secrets engine at: ${path}/`);
        return 0;
      }),
    );
}
