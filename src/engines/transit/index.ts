/**
 * The transit secrets engine: encryption as a service. Keys never leave the barrier (unless made
 * exportable); applications encrypt, decrypt, sign, verify and HMAC through the API, in Vault's
 * formats. Auto-rotation runs from periodic().
 */
import { createBackend } from "../../logical/framework.js";
import type { Backend, BackendContext } from "../../logical/types.js";
import { autoRotate } from "./auto-rotate.js";
import { KeyStore } from "./key-store.js";
import { cryptoPaths } from "./paths/crypto.js";
import { exportPaths } from "./paths/export.js";
import { keyPaths } from "./paths/keys.js";
import { miscPaths } from "./paths/misc.js";
import { signPaths } from "./paths/sign.js";

export function createTransitBackend(ctx: BackendContext): Backend {
  const store = new KeyStore(ctx.storage, ctx.clock);
  return createBackend({
    type: "transit",
    paths: [
      ...keyPaths(store),
      ...cryptoPaths(store),
      ...signPaths(store),
      ...exportPaths(store),
      ...miscPaths(),
    ],
    help: "Encryption as a service: encrypt, decrypt, sign, verify and HMAC with named keys kept inside cofre.",
    periodic: () => autoRotate(store, ctx.logger),
    cleanup: async () => store.clear(),
  });
}
