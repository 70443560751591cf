/** `cofre login [-method=token] [TOKEN]`: authenticate and store the token in ~/.cofre-token. */
import type { Command } from "commander";
import { sanitizePath } from "../../client/kv-paths.js";
import type { SecretResponse } from "../../client/types.js";
import { UsageError } from "../errors.js";
import type { CliContext } from "../io.js";
import { LOGIN_METHODS } from "../login/methods.js";
import { outputSecret, rawField } from "../output/secret.js";
import { clientAction, withClientFlags } from "../session.js";

interface LoginFlags {
  method?: string;
  path?: string;
  /** false with --no-store */
  store?: boolean;
  /** false with --no-print */
  print?: boolean;
}

/** A copy of the response without the token value (what the CLI may print). */
export function withoutToken(secret: SecretResponse): SecretResponse {
  return secret.auth ? { ...secret, auth: { ...secret.auth, client_token: "" } } : secret;
}

export function register(program: Command, ctx: CliContext): void {
  withClientFlags(program.command("login").description("Authenticate and store the token for later commands"))
    .argument("[args...]", "method arguments (token method: TOKEN, or - to read it from stdin)")
    .option("--method <name>", `auth method: ${[...LOGIN_METHODS.keys()].join(", ")} (default token)`)
    .option("--path <mount>", "mount path of the auth method (default: the method's name)")
    .option("--no-store", "do not store the token in ~/.cofre-token")
    .option("--no-print", "print only the success line")
    .action(
      clientAction<LoginFlags>(ctx, async (s, args, o) => {
        const name = o.method ?? "token";
        const method = LOGIN_METHODS.get(name);
        if (!method) throw new UsageError(`Unknown auth method: ${name}`);
        const anon = s.client.withToken(undefined);
        const result = await method.login({
          ctx,
          client: anon,
          args,
          mountPath: sanitizePath(o.path ?? name),
        });
        const store = o.store !== false;
        const print = o.print !== false;
        if (store) await s.tokenHelper.store(result.token);
        if (s.tokenFromEnv) {
          s.out.warn(
            "WARNING! COFRE_TOKEN or VAULT_TOKEN is set and takes precedence over the stored token; " +
              "unset it to use the token from this login.\n",
          );
        }
        // An explicit -field=token is the one way to see the token (e.g. with -no-store).
        if (s.field) return s.out.fieldValue(s.field, rawField(result.secret, s.field));
        if (s.format === "table") {
          s.out.line(
            store
              ? "Success! You are now authenticated. The token is stored in ~/.cofre-token;\n" +
                  "future commands will use it automatically."
              : "Success! You are now authenticated. The token was NOT stored.",
          );
          if (!print) return 0;
          s.out.line();
        } else if (!print) return 0;
        return outputSecret(s.out, withoutToken(result.secret));
      }),
    );
}
