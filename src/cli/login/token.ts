import type { SecretResponse } from "../../client/types.js";
import { failWith, UsageError } from "../errors.js";
import { expectArgs } from "../flags.js";
import { promptSecret, readStdin } from "../input.js";
import type { LoginMethod } from "./method.js";

/**
 * `-method=token`: `cofre login [TOKEN]` (`-` reads it from stdin; prompted for when omitted).
 * The token is checked with `auth/token/lookup-self` before it is stored.
 */
export const tokenLogin: LoginMethod = {
  name: "token",
  usage: "cofre login [TOKEN | -]",
  async login({ ctx, client, args }) {
    expectArgs(args, 0, 1);
    let token = args[0];
    if (token === "-") token = (await readStdin(ctx)).trim();
    else if (token === undefined) token = await promptSecret(ctx, "Token (will be hidden): ");
    if (!token) throw new UsageError("no token given");
    const lookup = await client
      .withToken(token)
      .tokens.lookupSelf()
      .catch(failWith("Error looking up token"));
    const d = lookup.data;
    if (!d) throw new UsageError("the server returned no token information");
    const secret: SecretResponse = {
      ...lookup,
      data: null,
      auth: {
        client_token: token,
        accessor: d.accessor ?? "",
        policies: d.policies ?? [],
        token_policies: d.policies ?? [],
        identity_policies: Array.isArray(d.identity_policies) ? (d.identity_policies as string[]) : [],
        metadata: d.meta ?? null,
        lease_duration: typeof d.ttl === "number" ? d.ttl : 0,
        renewable: d.renewable === true,
      },
    };
    return { token, secret };
  },
};
