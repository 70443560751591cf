import { parseDataArgs } from "../data-args.js";
import { failWith, UsageError } from "../errors.js";
import type { LoginMethod } from "./method.js";

/**
 * `-method=approle`: `cofre login -method=approle role_id=ID secret_id=-`. `secret_id=-` reads
 * the secret ID from stdin and `secret_id=@FILE` from a file (surrounding whitespace is dropped);
 * prefer either over putting it on the command line, where the shell history and `ps` see it.
 * Omit secret_id for a role with bind_secret_id=false.
 */
export const approleLogin: LoginMethod = {
  name: "approle",
  usage: "cofre login -method=approle role_id=ID [secret_id=- | secret_id=@FILE | secret_id=ID]",
  async login({ ctx, client, args, mountPath }) {
    const data = await parseDataArgs(ctx, args);
    const roleId = typeof data.role_id === "string" ? data.role_id.trim() : "";
    if (roleId === "") throw new UsageError("role_id=ID is required");
    const body: Record<string, string> = { role_id: roleId };
    if (data.secret_id !== undefined) {
      if (typeof data.secret_id !== "string") throw new UsageError("secret_id must be given once");
      const secretId = data.secret_id.trim();
      if (secretId === "") throw new UsageError("no secret_id given");
      body.secret_id = secretId;
    }
    const secret = await client
      .write(`auth/${mountPath}/login`, body)
      .catch(failWith("Error authenticating"));
    const token = secret?.auth?.client_token;
    if (!secret || !token) throw new UsageError("the server returned no token");
    return { token, secret };
  },
};
