import { definePath, type PathDef } from "../../../logical/framework.js";
import { acceptedResponse, TIDY_STARTED_WARNING } from "../../expiration/accepted.js";
import type { TokenStore } from "../store.js";

/** auth/token/accessors (LIST, sudo) and auth/token/tidy (202, runs in the background). */
export function adminPaths(store: TokenStore): PathDef[] {
  let tidying: Promise<unknown> | null = null;
  return [
    definePath({
      pattern: "accessors/?",
      operations: { list: async () => ({ data: { keys: await store.listAccessors() } }) },
      help: "List token accessors (sudo).",
    }),
    definePath({
      pattern: "tidy",
      operations: {
        update: async (req) => {
          if (tidying) return { warnings: ["Tidy operation already in progress."] };
          tidying = store
            .tidy()
            .catch((err: unknown) => store.deps.logger.error("token tidy failed", { error: err }))
            .finally(() => {
              tidying = null;
            });
          return acceptedResponse(req, [TIDY_STARTED_WARNING], "token");
        },
      },
      help: "Clean up token indexes, leases of vanished tokens and expired tokens.",
    }),
  ];
}
