/**
 * tidy/secret-id: removes expired secret IDs, those of deleted roles and dangling accessors. It
 * also runs from the backend's periodic hook (about once a minute on the active node). The work is
 * done before the answer, which is Vault's 202 with a warning.
 */
import { definePath, type PathDef } from "../../../logical/framework.js";
import type { LogicalRequest, LogicalResponse } from "../../../logical/types.js";
import type { ApproleDeps } from "../deps.js";

const STARTED =
  "Tidy operation successfully started. Any information from the operation will be printed to the server logs.";

/** One tidy pass; concurrent callers share the pass in progress. */
export function secretIdTidier(deps: ApproleDeps): () => Promise<number> {
  let running: Promise<number> | null = null;
  const pass = async (): Promise<number> => {
    const liveKeys = async () => {
      const keys = new Set<string>();
      for (const name of await deps.roles.list()) {
        const role = await deps.roles.get(name);
        if (role) keys.add(role.key);
      }
      return keys;
    };
    const removed = await deps.secretIds.tidy(liveKeys, deps.ctx.clock.now());
    if (removed > 0)
      deps.ctx.logger.info("approle tidy removed secret IDs", { mount: deps.ctx.mount.path, removed });
    return removed;
  };
  return () => {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  };
}

function accepted(req: LogicalRequest): LogicalResponse {
  const body = {
    request_id: req.id,
    lease_id: "",
    renewable: false,
    lease_duration: 0,
    data: null,
    wrap_info: null,
    warnings: [STARTED],
    auth: null,
    mount_type: "approle",
  };
  return { raw: { status: 202, body } };
}

export function tidyPaths(tidy: () => Promise<number>): PathDef[] {
  return [
    definePath({
      pattern: "tidy/secret-id",
      operations: {
        update: async (req) => {
          await tidy();
          return accepted(req);
        },
      },
      help: "Remove expired secret IDs, those of deleted roles, and dangling accessors.",
    }),
  ];
}
