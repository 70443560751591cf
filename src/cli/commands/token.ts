/** `cofre token create|lookup|renew|revoke|capabilities`. */
import type { Command } from "commander";
import type { SecretResponse, TokenCreateRequest } from "../../client/types.js";
import { failWith, UsageError } from "../errors.js";
import { collect, collectCsv, durationFlag, expectArgs, intFlag, keyValueFlags } from "../flags.js";
import type { CliContext } from "../io.js";
import { outputSecret, rawField } from "../output/secret.js";
import { clientAction, type Session, withClientFlags } from "../session.js";
import { withoutToken } from "./login.js";

interface CreateFlags {
  id?: string;
  policy?: string[];
  ttl?: string;
  explicitMaxTtl?: string;
  period?: string;
  orphan?: boolean;
  useLimit?: string;
  displayName?: string;
  metadata?: string[];
  noDefaultPolicy?: boolean;
  renewable?: boolean;
  type?: string;
  role?: string;
  entityAlias?: string;
}

function printSecret(s: Session, secret: SecretResponse<unknown>): number {
  if (s.field) return s.out.fieldValue(s.field, rawField(secret, s.field));
  return outputSecret(s.out, secret);
}

/** Token lookup data without the token itself (`id`), which the CLI never prints. */
function withoutTokenId<T extends object>(secret: SecretResponse<T>): SecretResponse<T> {
  return secret.data && "id" in secret.data ? { ...secret, data: { ...secret.data, id: "" } } : secret;
}

function createRequest(o: CreateFlags): TokenCreateRequest {
  const type = o.type?.toLowerCase();
  if (type !== undefined && type !== "service" && type !== "batch" && type !== "default") {
    throw new UsageError("invalid value for -type: must be service, batch or default");
  }
  const req: TokenCreateRequest = {
    id: o.id,
    policies: o.policy,
    meta: keyValueFlags(o.metadata, "metadata"),
    no_default_policy: o.noDefaultPolicy || undefined,
    renewable: o.renewable,
    ttl: durationFlag(o.ttl, "ttl"),
    explicit_max_ttl: durationFlag(o.explicitMaxTtl, "explicit-max-ttl"),
    period: durationFlag(o.period, "period"),
    display_name: o.displayName,
    num_uses: intFlag(o.useLimit, "use-limit", 0),
    type: type === "service" || type === "batch" ? type : undefined,
    entity_alias: o.entityAlias,
  };
  return Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined)) as TokenCreateRequest;
}

export function register(program: Command, ctx: CliContext): void {
  const token = program.command("token").description("Create, inspect, renew and revoke tokens");

  withClientFlags(token.command("create").description("Create a token (prints it)"))
    .option("--id <id>", "token value to use (root/sudo only)")
    .option("--policy <name>", "policy to attach (repeatable, or comma-separated)", collectCsv)
    .option("--ttl <duration>", "initial TTL")
    .option("--explicit-max-ttl <duration>", "hard maximum lifetime")
    .option("--period <duration>", "make a periodic token renewable for this period")
    .option("--orphan", "create without a parent (auth/token/create-orphan)")
    .option("--use-limit <n>", "number of uses (0 = unlimited)")
    .option("--display-name <name>", "display name")
    .option("--metadata <k=v>", "metadata pair (repeatable)", collect)
    .option("--no-default-policy", "do not attach the default policy")
    .option("--renewable", "allow renewal (server default)")
    .option("--no-renewable", "forbid renewal")
    .option("--type <type>", "service or batch")
    .option("--role <name>", "create through auth/token/create/<role>")
    .option("--entity-alias <name>", "entity alias (with -role)")
    .allowExcessArguments()
    .action(
      clientAction<CreateFlags & { defaultPolicy?: boolean }>(ctx, async (s, args, o) => {
        expectArgs(args, 0);
        const req = createRequest({ ...o, noDefaultPolicy: o.defaultPolicy === false });
        const secret = await s.client.tokens
          .create(req, { orphan: o.orphan, role: o.role })
          .catch(failWith("Error creating token"));
        return printSecret(s, secret);
      }),
    );

  withClientFlags(token.command("lookup").description("Show a token's properties (default: your own)"))
    .argument("[token]", "token (or accessor with -accessor) to look up")
    .option("--accessor", "the argument is an accessor")
    .allowExcessArguments()
    .action(
      clientAction<{ accessor?: boolean }>(ctx, async (s, args, o) => {
        expectArgs(args, 0, 1);
        if (o.accessor && args.length === 0) throw new UsageError("Not enough arguments (expected 1, got 0)");
        const t = s.client.tokens;
        const lookup = o.accessor ? t.lookupAccessor(args[0]) : args[0] ? t.lookup(args[0]) : t.lookupSelf();
        const secret = await lookup.catch(failWith("Error looking up token"));
        return printSecret(s, withoutTokenId(secret));
      }),
    );

  withClientFlags(token.command("renew").description("Renew a token's lease (default: your own)"))
    .argument("[token]", "token (or accessor with -accessor) to renew")
    .option("--increment <duration>", "requested lease extension")
    .option("--accessor", "the argument is an accessor")
    .allowExcessArguments()
    .action(
      clientAction<{ increment?: string; accessor?: boolean }>(ctx, async (s, args, o) => {
        expectArgs(args, 0, 1);
        if (o.accessor && args.length === 0) throw new UsageError("Not enough arguments (expected 1, got 0)");
        const inc = durationFlag(o.increment, "increment");
        const t = s.client.tokens;
        const renew = o.accessor
          ? t.renewAccessor(args[0], inc)
          : args[0]
            ? t.renew(args[0], inc)
            : t.renewSelf(inc);
        const secret = await renew.catch(failWith("Error renewing token"));
        return printSecret(s, withoutToken(secret));
      }),
    );

  withClientFlags(token.command("revoke").description("Revoke a token and its children"))
    .argument("[token]", "token, accessor (-accessor) or lease prefix (-mode=path)")
    .option("--self", "revoke the token in use")
    .option("--accessor", "the argument is an accessor")
    .option("--mode <mode>", "orphan (keep children) or path (revoke by prefix)")
    .allowExcessArguments()
    .action(
      clientAction<{ self?: boolean; accessor?: boolean; mode?: string }>(ctx, async (s, args, o) => {
        if (o.mode !== undefined && o.mode !== "orphan" && o.mode !== "path") {
          throw new UsageError("invalid value for -mode: must be orphan or path");
        }
        if (o.self) {
          if (args.length > 0) throw new UsageError("Tokens cannot be specified with -self");
          if (o.accessor || o.mode) throw new UsageError("-self cannot be used with -accessor or -mode");
        } else expectArgs(args, 1);
        if (o.accessor && o.mode) throw new UsageError("-accessor cannot be used with -mode");
        const t = s.client.tokens;
        const what = args[0];
        const done = o.self
          ? t.revokeSelf()
          : o.accessor
            ? t.revokeAccessor(what)
            : o.mode === "orphan"
              ? t.revokeOrphan(what)
              : o.mode === "path"
                ? s.client.write(`sys/leases/revoke-prefix/${what}`, {}).then(() => undefined)
                : t.revoke(what);
        await done.catch(failWith("Error revoking token"));
        s.out.line("Success! Revoked token (if it existed)");
        return 0;
      }),
    );

  withClientFlags(token.command("capabilities").description("Show a token's capabilities on a path"))
    .argument("[token]", "token (or accessor with -accessor); default: your own")
    .argument("[path]", "path to check")
    .option("--accessor", "the token argument is an accessor")
    .allowExcessArguments()
    .action(
      clientAction<{ accessor?: boolean }>(ctx, async (s, args, o) => {
        expectArgs(args, 1, 2);
        if (o.accessor && args.length !== 2) throw new UsageError("-accessor needs an accessor and a path");
        const sys = s.client.sys;
        const path = args[args.length - 1];
        const caps =
          args.length === 1
            ? sys.capabilitiesSelf(path)
            : o.accessor
              ? sys.capabilitiesAccessor(args[0], path)
              : sys.capabilities(args[0], path);
        const list = await caps.catch(failWith("Error listing capabilities"));
        if (s.format !== "table") s.out.structured(list);
        else s.out.line(list.join(", "));
        return 0;
      }),
    );
}
