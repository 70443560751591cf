import { parseDataArgs } from "../data-args.js";
import { failWith, UsageError } from "../errors.js";
import type { LoginMethod } from "./method.js";

/**
 * `-method=cert`: `cofre login -method=cert -client-cert=FILE -client-key=FILE [name=ROLE]`
 * (or COFRE_CLIENT_CERT/COFRE_CLIENT_KEY, VAULT_CLIENT_CERT/VAULT_CLIENT_KEY). The certificate
 * is presented in the TLS handshake, so the server address must be https://; `name` picks one
 * certificate role, else the server tries them all.
 */
export const certLogin: LoginMethod = {
  name: "cert",
  usage: "cofre login -method=cert -client-cert=FILE -client-key=FILE [name=ROLE]",
  async login({ ctx, client, args, mountPath }) {
    const data = await parseDataArgs(ctx, args);
    const unknown = Object.keys(data).filter((k) => k !== "name");
    if (unknown.length > 0)
      throw new UsageError(`unknown argument for -method=cert: ${unknown[0]} (only name=ROLE)`);
    const body: Record<string, string> = {};
    if (data.name !== undefined) {
      if (typeof data.name !== "string" || data.name.trim() === "")
        throw new UsageError("name=ROLE must name one role");
      body.name = data.name.trim();
    }
    const secret = await client
      .write(`auth/${mountPath}/login`, body)
      .catch(failWith("Error authenticating"));
    const token = secret?.auth?.client_token;
    if (!secret || !token) throw new UsageError("the server returned no token");
    return { token, secret };
  },
};
