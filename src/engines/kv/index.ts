/**
 * The KV secrets engine. Mount option `version` "2" gives the versioned engine (data/, metadata/,
 * delete/, undelete/, destroy/, subkeys/, config); absent, "" or "1" gives the v1 pass-through.
 */
import { InvalidRequestError } from "../../errors.js";
import { createBackend } from "../../logical/framework.js";
import type { Backend, BackendContext } from "../../logical/types.js";
import { configPaths } from "./paths/config.js";
import { dataPaths } from "./paths/data.js";
import { invalidPaths } from "./paths/invalid.js";
import { metadataPaths } from "./paths/metadata.js";
import { subkeysPaths } from "./paths/subkeys.js";
import { versionPaths } from "./paths/versions.js";
import { KvStore } from "./store.js";
import { upgradeToV2 } from "./upgrade.js";
import { v1Paths } from "./v1.js";

export function kvVersion(ctx: BackendContext): 1 | 2 {
  const version = ctx.mount.options.version ?? "";
  if (version === "" || version === "1") return 1;
  if (version === "2") return 2;
  throw new InvalidRequestError('kv mount option "version" must be "1" or "2"');
}

export function createKvBackend(ctx: BackendContext): Backend {
  if (kvVersion(ctx) === 1) {
    return createBackend({ type: "kv", paths: v1Paths(ctx), help: "Key/value secret storage (version 1)." });
  }
  const kv = new KvStore(ctx.storage, ctx.clock);
  return createBackend({
    type: "kv",
    // A v1 mount tuned to version 2 gets its secrets migrated before it serves anything.
    initialize: () => upgradeToV2(ctx.storage, ctx.clock, ctx.logger),
    paths: [
      ...configPaths(kv),
      ...dataPaths(kv),
      ...metadataPaths(kv),
      ...versionPaths(kv),
      ...subkeysPaths(kv),
      // Last: everything the paths above do not match.
      ...invalidPaths(),
    ],
    help: "Versioned key/value secret storage (version 2).",
  });
}
