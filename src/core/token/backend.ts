import { createBackend } from "../../logical/framework.js";
import type { Backend } from "../../logical/types.js";
import { adminPaths } from "./paths/admin.js";
import { createPaths } from "./paths/create.js";
import { lookupPaths } from "./paths/lookup.js";
import { renewPaths } from "./paths/renew.js";
import { revokePaths } from "./paths/revoke.js";
import { rolePaths } from "./paths/roles.js";
import type { TokenStore } from "./store.js";

/** Paths under auth/token/ that need `sudo` besides the operation's capability. */
export const TOKEN_SUDO_PATHS: readonly string[] = ["revoke-orphan", "accessors/*"];

/**
 * The auth/token/ backend over a token store (the core mounts it with `() => tokenBackend(store)`).
 * Create and renew answers carry `authEnvelope`: the token is already minted, the core copies it.
 */
export function tokenBackend(store: TokenStore): Backend {
  return createBackend({
    type: "token",
    paths: [
      ...createPaths(store),
      ...lookupPaths(store),
      ...renewPaths(store),
      ...revokePaths(store),
      ...rolePaths(store),
      ...adminPaths(store),
    ],
    sudoPaths: [...TOKEN_SUDO_PATHS],
    help: "The token store: create, look up, renew and revoke tokens; token roles.",
  });
}
