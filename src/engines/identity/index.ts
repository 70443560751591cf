/**
 * identity/: mounted on every server as in Vault. Entities, aliases and groups arrive with the
 * auth-methods work; until then every path here answers "unsupported path".
 */
import { createBackend } from "../../logical/framework.js";
import type { Backend } from "../../logical/types.js";

export function identityBackend(): Backend {
  return createBackend({ type: "identity", paths: [] });
}
