/** `cofre status`: seal status; exits 0 when unsealed, 2 when sealed, 1 on error (as Vault). */
import type { Command } from "commander";
import type { LeaderStatus } from "../../client/types.js";
import { EXIT_LOCAL, EXIT_REMOTE, failWith } from "../errors.js";
import { expectArgs } from "../flags.js";
import type { CliContext } from "../io.js";
import { outputSealStatus } from "../output/seal-status.js";
import { clientAction, withClientFlags } from "../session.js";

export function register(program: Command, ctx: CliContext): void {
  withClientFlags(
    program.command("status").description("Print the seal status (exit 0 unsealed, 2 sealed, 1 error)"),
  )
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 0);
        const status = await s.client.sys
          .sealStatus()
          .catch(failWith("Error checking seal status", EXIT_LOCAL));
        let leader: LeaderStatus | undefined;
        if (!status.sealed) leader = await s.client.sys.leader().catch(() => undefined);
        const code = outputSealStatus(s.out, status, leader);
        if (code !== 0) return code;
        return status.sealed ? EXIT_REMOTE : 0;
      }),
    );
}
