/** `cofre operator init|unseal|seal|rotate|key-status`. */
import type { Command } from "commander";
import { EXIT_LOCAL, EXIT_REMOTE, failWith, UsageError } from "../errors.js";
import { expectArgs, intFlag } from "../flags.js";
import { promptSecret } from "../input.js";
import type { CliContext } from "../io.js";
import { keyStatusLines, outputSealStatus } from "../output/seal-status.js";
import { outputData } from "../output/secret.js";
import { clientAction, withClientFlags } from "../session.js";

export function register(program: Command, ctx: CliContext): void {
  const operator = program.command("operator").description("Operate the server: init, unseal, seal, rotate");

  withClientFlags(
    operator.command("init").description("Initialize the server: prints unseal keys and root token"),
  )
    .option("--key-shares <n>", "number of unseal key shares (default 5)")
    .option("--key-threshold <n>", "shares needed to unseal (default 3)")
    .option("--status", "only report whether the server is initialized (exit 0 yes, 2 no)")
    .allowExcessArguments()
    .action(
      clientAction<{ keyShares?: string; keyThreshold?: string; status?: boolean }>(
        ctx,
        async (s, args, o) => {
          expectArgs(args, 0);
          if (o.status) {
            const inited = await s.client.sys
              .initStatus()
              .catch(failWith("Error checking init status", EXIT_LOCAL));
            s.out.line(inited ? "cofre is initialized" : "cofre is not initialized");
            return inited ? 0 : EXIT_REMOTE;
          }
          const shares = intFlag(o.keyShares, "key-shares", 1) ?? 5;
          const threshold = intFlag(o.keyThreshold, "key-threshold", 1) ?? 3;
          const res = await s.client.sys
            .init({ secret_shares: shares, secret_threshold: threshold })
            .catch(failWith("Error initializing"));
          if (s.format !== "table") {
            s.out.structured({
              unseal_keys_b64: res.keys_base64 ?? [],
              unseal_keys_hex: res.keys ?? [],
              unseal_shares: shares,
              unseal_threshold: threshold,
              recovery_keys_b64: res.recovery_keys_base64 ?? [],
              recovery_keys_hex: res.recovery_keys ?? [],
              recovery_keys_shares: 0,
              recovery_keys_threshold: 0,
              root_token: res.root_token,
            });
            return 0;
          }
          for (const [i, k] of (res.keys_base64 ?? []).entries()) s.out.line(`Unseal Key ${i + 1}: ${k}`);
          s.out.line();
          s.out.line(`Initial Root Token: ${res.root_token}`);
          s.out.line();
          s.out.line(
            `cofre initialized with ${shares} key shares and a key threshold of ${threshold}. Please`,
          );
          s.out.line("securely distribute the key shares printed above. When the server is re-sealed,");
          s.out.line(
            `restarted, or stopped, you must supply at least ${threshold} of these keys to unseal it`,
          );
          s.out.line("before it can start servicing requests.");
          s.out.line();
          s.out.line(`cofre does not store the generated root key. Without at least ${threshold} keys to`);
          s.out.line("reconstruct the root key, the server will remain permanently sealed!");
          return 0;
        },
      ),
    );

  withClientFlags(
    operator.command("unseal").description("Submit one unseal key share (prompted for when omitted)"),
  )
    .argument("[key]", "unseal key share (hex or base64); read from stdin when omitted")
    .option("--reset", "discard the key shares submitted so far")
    .allowExcessArguments()
    .action(
      clientAction<{ reset?: boolean }>(ctx, async (s, args, o) => {
        expectArgs(args, 0, 1);
        if (o.reset) {
          if (args.length > 0) throw new UsageError("-reset takes no key");
          const status = await s.client.sys.unsealReset().catch(failWith("Error resetting unseal process"));
          return outputSealStatus(s.out, status);
        }
        const key = args[0] ?? (await promptSecret(ctx, "Unseal Key (will be hidden): "));
        if (!key) throw new UsageError("no unseal key given");
        const status = await s.client.sys.unseal(key).catch(failWith("Error unsealing"));
        return outputSealStatus(s.out, status);
      }),
    );

  withClientFlags(operator.command("seal").description("Seal the server (needs sudo on sys/seal)"))
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 0);
        await s.client.sys.seal().catch(failWith("Error sealing"));
        s.out.line("Success! cofre is sealed.");
        return 0;
      }),
    );

  withClientFlags(operator.command("rotate").description("Rotate the encryption key (adds a new key term)"))
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 0);
        await s.client.sys.rotate().catch(failWith("Error rotating key"));
        const status = await s.client.sys.keyStatus().catch(failWith("Error reading key status"));
        if (s.format !== "table") return outputData(s.out, { ...status });
        s.out.line("Success! Rotated key");
        s.out.line();
        s.out.line(keyStatusLines(status));
        return 0;
      }),
    );

  withClientFlags(operator.command("key-status").description("Print the current encryption key term"))
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 0);
        const status = await s.client.sys.keyStatus().catch(failWith("Error reading key status"));
        if (s.field)
          return s.out.fieldValue(s.field, (status as unknown as Record<string, unknown>)[s.field]);
        if (s.format !== "table") return outputData(s.out, { ...status });
        s.out.line(keyStatusLines(status));
        return 0;
      }),
    );
}
