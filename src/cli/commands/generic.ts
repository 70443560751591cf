/** `cofre read|write|list|delete PATH`: any API path, as Vault's generic commands. */
import type { Command } from "commander";
import type { QueryValue } from "../../client/client.js";
import { ensureTrailingSlash, sanitizePath } from "../../client/kv-paths.js";
import { parseDataArgs } from "../data-args.js";
import { CommandFailure, EXIT_REMOTE, failWith, UsageError } from "../errors.js";
import { expectArgs } from "../flags.js";
import { readStdin } from "../input.js";
import type { CliContext } from "../io.js";
import { outputList, outputSecret, rawField } from "../output/secret.js";
import { clientAction, withClientFlags } from "../session.js";

/** k=v arguments as query parameters (read and delete send no body). */
async function queryArgs(ctx: CliContext, args: string[]): Promise<Record<string, QueryValue>> {
  const data = await parseDataArgs(ctx, args);
  const out: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(data)) {
    out[k] = Array.isArray(v)
      ? v.map(String)
      : typeof v === "object" && v !== null
        ? JSON.stringify(v)
        : String(v);
  }
  return out;
}

export function register(program: Command, ctx: CliContext): void {
  withClientFlags(program.command("read").description("Read any path (k=v pairs become query parameters)"))
    .argument("[path]", "API path, e.g. sys/mounts or secret/data/app")
    .argument("[params...]", "key=value query parameters")
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        if (args.length === 0) throw new UsageError("Not enough arguments (expected 1, got 0)");
        const path = sanitizePath(args[0]);
        const query = await queryArgs(ctx, args.slice(1));
        const secret = await s.client.read(path, query).catch(failWith(`Error reading ${path}`));
        if (!secret) throw new CommandFailure(`No value found at ${path}`, EXIT_REMOTE);
        if (s.field) return s.out.fieldValue(s.field, rawField(secret, s.field));
        return outputSecret(s.out, secret);
      }),
    );

  withClientFlags(
    program.command("write").description("Write to any path: k=v pairs, k=@file, k=-, or - for a JSON body"),
  )
    .argument("[path]", "API path")
    .argument("[data...]", "key=value pairs, or - to read a JSON object from stdin")
    .option("-f, --force", "write even with no data")
    .allowExcessArguments()
    .action(
      clientAction<{ force?: boolean }>(ctx, async (s, args, o) => {
        if (args.length === 0) throw new UsageError("Not enough arguments (expected 1, got 0)");
        if (args.length === 1 && !o.force) {
          throw new UsageError("Missing DATA! Specify at least one K=V pair or use -force.");
        }
        const path = sanitizePath(args[0]);
        const data = await parseDataArgs(ctx, args.slice(1));
        const secret = await s.client.write(path, data).catch(failWith(`Error writing data to ${path}`));
        if (!secret) {
          if (s.format === "table") s.out.line(`Success! Data written to: ${path}`);
          return 0;
        }
        if (s.field) return s.out.fieldValue(s.field, rawField(secret, s.field));
        return outputSecret(s.out, secret);
      }),
    );

  withClientFlags(program.command("list").description("List the keys under any path"))
    .argument("[path]", "API path, e.g. sys/policies/acl")
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 1);
        const path = ensureTrailingSlash(sanitizePath(args[0]));
        const secret = await s.client.list(path).catch(failWith(`Error listing ${path}`));
        if (!secret) throw new CommandFailure(`No value found at ${path}`, EXIT_REMOTE);
        return outputList(s.out, secret);
      }),
    );

  withClientFlags(
    program.command("delete").description("Delete any path (k=v pairs become query parameters)"),
  )
    .argument("[path]", "API path")
    .argument("[params...]", "key=value query parameters")
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        if (args.length === 0) throw new UsageError("Not enough arguments (expected 1, got 0)");
        const path = sanitizePath(args[0]);
        const query = await queryArgs(ctx, args.slice(1));
        await s.client.delete(path, query).catch(failWith(`Error deleting ${path}`));
        s.out.line(`Success! Data deleted (if it existed) at: ${path}`);
        return 0;
      }),
    );

  withClientFlags(
    program
      .command("unwrap")
      .description(
        "Unwrap a response-wrapped answer (a single-use token; your own token when none is given)",
      ),
  )
    .argument("[token]", "the wrapping token (- reads it from stdin)")
    .allowExcessArguments()
    .action(
      clientAction(ctx, async (s, args) => {
        expectArgs(args, 0, 1);
        let wrapping = args[0];
        if (wrapping === "-") wrapping = (await readStdin(ctx)).trim();
        // The wrapping token authenticates the unwrap itself, so no other token is needed.
        const client = wrapping ? s.client.withToken(wrapping) : s.client;
        if (!client.getToken()) throw new UsageError("no wrapping token: give one, or log in with it");
        const secret = await client.write("sys/wrapping/unwrap", {}).catch(failWith("Error unwrapping"));
        if (!secret) throw new CommandFailure("No value found in the wrapped response", EXIT_REMOTE);
        if (s.field) return s.out.fieldValue(s.field, rawField(secret, s.field));
        return outputSecret(s.out, secret);
      }),
    );
}
