import { parseDataArgs } from "../data-args.js";
import { failWith, UsageError } from "../errors.js";
import { promptSecret } from "../input.js";
import type { LoginMethod } from "./method.js";

/**
 * `-method=userpass`: `cofre login -method=userpass username=alice [password=...]`. The password
 * is prompted for (hidden on a terminal, first line of stdin otherwise) when not given; prefer that
 * or `password=-` over putting it on the command line, where the shell history keeps it.
 */
export const userpassLogin: LoginMethod = {
  name: "userpass",
  usage: "cofre login -method=userpass username=NAME [password=PASSWORD | password=-]",
  async login({ ctx, client, args, mountPath }) {
    const data = await parseDataArgs(ctx, args);
    const username = data.username;
    if (typeof username !== "string" || username.trim() === "")
      throw new UsageError("username=NAME is required");
    if (username.includes("/")) throw new UsageError("a username cannot contain '/'");
    let password = data.password;
    if (password === undefined) password = await promptSecret(ctx, "Password (will be hidden): ");
    if (typeof password !== "string" || password === "") throw new UsageError("no password given");
    const secret = await client
      .write(`auth/${mountPath}/login/${username}`, { password })
      .catch(failWith("Error authenticating"));
    const token = secret?.auth?.client_token;
    if (!secret || !token) throw new UsageError("the server returned no token");
    return { token, secret };
  },
};
