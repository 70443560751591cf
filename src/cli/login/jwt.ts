import { parseDataArgs } from "../data-args.js";
import { failWith, UsageError } from "../errors.js";
import type { LoginMethod } from "./method.js";

/**
 * `-method=jwt`: `cofre login -method=jwt role=ROLE jwt=JWT` (`jwt=-` reads the token from stdin,
 * `jwt=@FILE` from a file; role may be left out when the mount has a default_role). For CI jobs
 * (GitHub Actions, GitLab CI) and anything else holding a signed JWT.
 */
export const jwtLogin: LoginMethod = {
  name: "jwt",
  usage: "cofre login -method=jwt [role=ROLE] jwt=JWT|-|@FILE",
  async login({ ctx, client, args, mountPath }) {
    const data = await parseDataArgs(ctx, args);
    const role = data.role ?? "";
    if (typeof role !== "string") throw new UsageError("give role=ROLE once");
    const jwt = data.jwt;
    if (jwt === undefined)
      throw new UsageError("jwt=JWT is required (jwt=- reads it from stdin, jwt=@FILE from a file)");
    if (typeof jwt !== "string" || jwt.trim() === "") throw new UsageError("no JWT given");
    const secret = await client
      .write(`auth/${mountPath}/login`, { role, jwt: jwt.trim() })
      .catch(failWith("Error authenticating"));
    const token = secret?.auth?.client_token;
    if (!secret || !token) throw new UsageError("the server returned no token");
    return { token, secret };
  },
};
