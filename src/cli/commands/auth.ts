/** `cofre auth enable|disable|list|tune`: auth methods, as Vault's CLI manages them. */
import type { Command } from "commander";
import { mountPathOf } from "../../client/sys.js";
import type { EnableMountRequest, MountInfo } from "../../client/types.js";
import { failWith } from "../errors.js";
import { collect, expectArgs } from "../flags.js";
import type { CliContext } from "../io.js";
import { clientAction, withClientFlags } from "../session.js";
import {
  enableConfig,
  type MountFlags,
  mountTable,
  optionsOf,
  tuneBody,
  withConfigFlags,
} from "./mount-common.js";

const TOKEN_TYPE = { header: "Token Type", value: (m: MountInfo) => String(m.config?.token_type ?? "") };

/** The flags `auth enable` and `auth tune` share. */
function withSettingFlags(cmd: Command): Command {
  return withConfigFlags(
    cmd
      .option("--description <text>", "human-readable description")
      .option("--default-lease-ttl <duration>", 'default TTL of its tokens ("system" on tune resets)')
      .option("--max-lease-ttl <duration>", 'maximum TTL of its tokens ("system" on tune resets)')
      .option("--options <k=v>", "method option (repeatable)", collect)
      .option("--token-type <type>", "default-service, default-batch, service or batch"),
  ).allowExcessArguments();
}

export function register(program: Command, ctx: CliContext): void {
  const auth = program.command("auth").description("Manage auth methods");

  withSettingFlags(
    withClientFlags(auth.command("enable").description("Enable an auth method (userpass, approle, ...)"))
      .argument("[type]", "auth method type")
      .option("--path <path>", "mount path under auth/ (default: the type)")
      .option("--local", "do not replicate the mount")
      .option("--seal-wrap", "seal-wrap the method's storage"),
  ).action(
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
        await s.client.sys.enableAuth(path, req).catch(failWith(`Error enabling ${type} auth`));
        s.out.line(`Success! Enabled ${type} auth method at: ${path}/`);
        return 0;
      },
    ),
  );

  withClientFlags(auth.command("disable").description("Disable an auth method (revokes its tokens)"))
    .argument("[path]", "mount path under auth/")
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 1);
        const path = mountPathOf(args[0]);
        await s.client.sys.disableAuth(path).catch(failWith(`Error disabling auth method at ${path}/`));
        s.out.line(`Success! Disabled the auth method (if it existed) at: ${path}/`);
        return 0;
      }),
    );

  withClientFlags(auth.command("list").description("List enabled auth methods"))
    .option("--detailed", "show TTLs, token type, options, replication and more")
    .allowExcessArguments()
    .action(
      clientAction<{ detailed?: boolean }>(ctx, async (s, args, o) => {
        expectArgs(args, 0);
        const mounts = await s.client.sys.listAuth().catch(failWith("Error listing enabled authentications"));
        if (s.format !== "table") s.out.structured(mounts);
        else s.out.line(mountTable(mounts, o.detailed === true, TOKEN_TYPE));
        return 0;
      }),
    );

  withSettingFlags(
    withClientFlags(auth.command("tune").description("Tune an auth method's settings")).argument(
      "[path]",
      "mount path under auth/",
    ),
  ).action(
    clientAction<MountFlags>(ctx, async (s, args, o) => {
      expectArgs(args, 1);
      const path = mountPathOf(args[0]);
      await s.client
        .write(`sys/auth/${path}/tune`, tuneBody(o))
        .catch(failWith(`Error tuning auth method ${path}/`));
      s.out.line(`Success! Tuned the auth method at: ${path}/`);
      return 0;
    }),
  );
}
