/**
 * cubbyhole/: private storage per token. Each token sees only its own slice, keyed by its
 * accessor; the core deletes a token's slice when the token is revoked. Nothing here is leased.
 */
import { InvalidRequestError, NotFoundError, PermissionDeniedError } from "../../errors.js";
import { createBackend, definePath } from "../../logical/framework.js";
import type { BackendContext, LogicalRequest, StorageView } from "../../logical/types.js";

/** Storage prefix of a token's cubbyhole inside the cubbyhole mount's view. */
export function cubbyholePrefix(accessor: string): string {
  return `${accessor}/`;
}

function own(ctx: BackendContext, req: LogicalRequest): StorageView {
  const accessor = req.auth?.accessor;
  if (!accessor) throw new PermissionDeniedError("cubbyhole is not available to this token");
  return ctx.storage.sub(cubbyholePrefix(accessor));
}

function key(path: string): string {
  const k = path.replace(/\/+$/, "");
  if (k === "") throw new InvalidRequestError("missing path");
  return k;
}

export function cubbyholeBackend(ctx: BackendContext) {
  return createBackend({
    type: "cubbyhole",
    paths: [
      definePath({
        pattern: "(?<path>.*)",
        operations: {
          read: async (req) => {
            const data = await own(ctx, req).getJSON<Record<string, unknown>>(key(req.path));
            if (!data) throw new NotFoundError();
            return { data };
          },
          update: async (req) => {
            const k = key(req.path);
            if (Object.keys(req.data).length === 0) throw new InvalidRequestError("missing data fields");
            await own(ctx, req).putJSON(k, req.data);
            return null;
          },
          delete: async (req) => {
            await own(ctx, req).delete(key(req.path));
            return null;
          },
          list: async (req) => {
            const prefix = req.path === "" || req.path.endsWith("/") ? req.path : `${req.path}/`;
            return { data: { keys: await own(ctx, req).list(prefix) } };
          },
        },
        existenceCheck: async (req) => (await own(ctx, req).get(key(req.path))) !== null,
        help: "Per-token private secret storage.",
      }),
    ],
  });
}
