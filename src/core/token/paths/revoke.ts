import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LogicalResponse } from "../../../logical/types.js";
import type { TokenStore } from "../store.js";
import type { TokenEntry } from "../types.js";
import { callerHasSudo, required } from "./common.js";

/** auth/token/revoke, revoke-self, revoke-accessor (token, descendants, leases) and revoke-orphan. */
export function revokePaths(store: TokenStore): PathDef[] {
  const revokeTree = async (entry: TokenEntry | null): Promise<LogicalResponse | null> => {
    if (!entry) return null;
    if (entry.type === "batch") throw new InvalidRequestError("batch tokens cannot be revoked");
    await store.revokeTree(entry.hash);
    return null;
  };
  return [
    definePath({
      pattern: "revoke",
      fields: { token: field.str().optional() },
      operations: {
        update: async (_req, f) => revokeTree(await store.lookup(required(f.token, "missing token ID"))),
      },
      help: "Revoke a token, its descendants and their leases.",
    }),
    definePath({
      pattern: "revoke-self",
      operations: {
        update: async (req) => revokeTree(await store.lookup(req.clientToken, { allowPending: true })),
      },
      help: "Revoke the calling token, its descendants and their leases.",
    }),
    definePath({
      pattern: "revoke-accessor",
      fields: { accessor: field.str().optional() },
      operations: {
        update: async (_req, f) => {
          const entry = await store.lookupByAccessor(required(f.accessor, "missing accessor"));
          if (!entry) throw new InvalidRequestError("invalid accessor");
          return revokeTree(entry);
        },
      },
      help: "Revoke a token by its accessor, with its descendants and their leases.",
    }),
    definePath({
      pattern: "revoke-orphan",
      fields: { token: field.str().optional() },
      operations: {
        update: async (req, f) => {
          const token = required(f.token, "missing token ID");
          if (!callerHasSudo(req))
            throw new InvalidRequestError("root or sudo privileges required to revoke and orphan");
          const entry = await store.lookup(token);
          if (!entry) throw new InvalidRequestError("token to revoke not found");
          if (entry.type === "batch") throw new InvalidRequestError("batch tokens cannot be revoked");
          await store.revokeOrphan(entry.hash);
          return null;
        },
      },
      help: "Revoke a token and its leases; its children become orphans (sudo).",
    }),
  ];
}
