import { InvalidRequestError, PermissionDeniedError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LogicalResponse } from "../../../logical/types.js";
import type { TokenStore } from "../store.js";
import { lookupData } from "../views.js";
import { required } from "./common.js";

/** Adds the entity's policies (`identity_policies`) to a lookup answer when there are any. */
function withIdentity(
  store: TokenStore,
  data: Record<string, unknown>,
  entityId: string,
): Record<string, unknown> {
  const identity = entityId === "" ? [] : (store.deps.identityPolicies?.(entityId) ?? []);
  return identity.length > 0 ? { ...data, identity_policies: identity } : data;
}

/** auth/token/lookup, lookup-self and lookup-accessor. */
export function lookupPaths(store: TokenStore): PathDef[] {
  const byToken = async (token: string): Promise<LogicalResponse> => {
    const entry = await store.lookup(required(token, "missing token ID"), { allowPending: true });
    if (!entry) throw new PermissionDeniedError("bad token");
    return { data: withIdentity(store, lookupData(entry, store.now(), token), entry.entityId) };
  };
  return [
    definePath({
      pattern: "lookup",
      fields: { token: field.str().optional() },
      operations: {
        read: (req, f) => byToken(f.token || req.clientToken),
        update: (req, f) => byToken(f.token || req.clientToken),
      },
      help: "Look up a token (the caller's when none is given).",
    }),
    definePath({
      pattern: "lookup-self",
      fields: { token: field.str().optional() },
      operations: {
        read: (req) => byToken(req.clientToken),
        update: (req) => byToken(req.clientToken),
      },
      help: "Look up the calling token.",
    }),
    definePath({
      pattern: "lookup-accessor",
      fields: { accessor: field.str().optional() },
      operations: {
        update: async (_req, f) => {
          const entry = await store.lookupByAccessor(required(f.accessor, "missing accessor"));
          if (!entry) throw new InvalidRequestError("invalid accessor");
          return { data: withIdentity(store, lookupData(entry, store.now(), ""), entry.entityId) };
        },
      },
      help: "Look up a token by its accessor (its id is not returned).",
    }),
  ];
}
