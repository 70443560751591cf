/** `cofre policy write|read|list|delete|fmt`. */
import { writeFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { Command } from "commander";
import { CommandFailure, EXIT_REMOTE, failWith } from "../errors.js";
import { expectArgs } from "../flags.js";
import { readStdin, readUserFile } from "../input.js";
import type { CliContext } from "../io.js";
import { formatPolicy } from "../policy-format.js";
import { clientAction, localAction, withClientFlags } from "../session.js";

export function register(program: Command, ctx: CliContext): void {
  const policy = program.command("policy").description("Manage ACL policies");

  withClientFlags(policy.command("write").description("Upload a policy from a file or stdin (-)"))
    .argument("[name]", "policy name")
    .argument("[file]", "HCL or JSON policy file, or - for stdin")
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 2);
        const [name, file] = args;
        const rules = file === "-" ? await readStdin(ctx) : await readUserFile(ctx, file);
        await s.client.sys.writePolicy(name, rules).catch(failWith("Error uploading policy"));
        s.out.line(`Success! Uploaded policy: ${name}`);
        return 0;
      }),
    );

  withClientFlags(policy.command("read").description("Print a policy's text"))
    .argument("[name]", "policy name")
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 1);
        const [name] = args;
        const res = await s.client
          .read<{ name: string; policy: string }>(`sys/policies/acl/${name}`)
          .catch(failWith(`Error reading policy named ${name}`));
        if (!res?.data) throw new CommandFailure(`No policy named: ${name}`, EXIT_REMOTE);
        if (s.field) return s.out.fieldValue(s.field, (res.data as Record<string, unknown>)[s.field]);
        if (s.format !== "table") s.out.structured(res);
        else s.out.line(String(res.data.policy ?? "").trimEnd());
        return 0;
      }),
    );

  withClientFlags(policy.command("list").description("List policy names"))
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 0);
        const names = await s.client.sys.listPolicies().catch(failWith("Error listing policies"));
        if (s.format !== "table") s.out.structured(names);
        else for (const n of names) s.out.line(n);
        return 0;
      }),
    );

  withClientFlags(policy.command("delete").description("Delete a policy"))
    .argument("[name]", "policy name")
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 1);
        await s.client.sys.deletePolicy(args[0]).catch(failWith(`Error deleting ${args[0]}`));
        s.out.line(`Success! Deleted policy: ${args[0]}`);
        return 0;
      }),
    );

  policy
    .command("fmt")
    .description("Rewrite an HCL policy file in canonical form (in place; comments are refused)")
    .argument("[file]", "policy file")
    .allowExcessArguments()
    .action(
      localAction(ctx, async (args) => {
        expectArgs(args, 1);
        const [file] = args;
        const formatted = formatPolicy(await readUserFile(ctx, file));
        const full = isAbsolute(file) ? file : resolve(ctx.io.cwd ?? process.cwd(), file);
        await writeFile(full, formatted);
        ctx.io.stdout.write(`Success! Formatted policy: ${file}\n`);
        return 0;
      }),
    );
}
