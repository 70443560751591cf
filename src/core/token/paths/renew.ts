import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LogicalRequest, LogicalResponse } from "../../../logical/types.js";
import type { TokenStore } from "../store.js";
import type { TokenEntry } from "../types.js";
import { authEnvelope } from "../views.js";
import { required } from "./common.js";

/** auth/token/renew, renew-self and renew-accessor: the auth block of the renewed token. */
export function renewPaths(store: TokenStore): PathDef[] {
  const renew = async (
    req: LogicalRequest,
    entry: TokenEntry | null,
    increment: number,
    clientToken: string,
  ): Promise<LogicalResponse> => {
    if (!entry) throw new InvalidRequestError("token not found");
    if (entry.type === "batch") throw new InvalidRequestError("batch tokens cannot be renewed");
    const renewed = await store.renew(entry, increment, req.connection);
    return {
      data: null,
      authEnvelope: authEnvelope(renewed.entry, clientToken),
      warnings: renewed.warnings.length > 0 ? renewed.warnings : undefined,
    };
  };
  const increment = field.duration().optional();
  return [
    definePath({
      pattern: "renew",
      fields: { token: field.str().optional(), increment },
      operations: {
        update: async (req, f) => {
          const token = required(f.token, "missing token ID");
          return renew(req, await store.lookup(token), f.increment ?? 0, token);
        },
      },
      help: "Renew a token.",
    }),
    definePath({
      pattern: "renew-self",
      fields: { token: field.str().optional(), increment },
      operations: {
        update: async (req, f) => {
          const token = required(req.clientToken, "missing token ID");
          return renew(req, await store.lookup(token), f.increment ?? 0, token);
        },
      },
      help: "Renew the calling token.",
    }),
    definePath({
      pattern: "renew-accessor",
      fields: { accessor: field.str().optional(), increment },
      operations: {
        update: async (req, f) => {
          const entry = await store.lookupByAccessor(required(f.accessor, "missing accessor"));
          if (!entry) throw new InvalidRequestError("invalid accessor");
          return renew(req, entry, f.increment ?? 0, "");
        },
      },
      help: "Renew a token by its accessor (the token itself is not returned).",
    }),
  ];
}
