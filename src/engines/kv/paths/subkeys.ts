/** KV v2 `subkeys/<path>`: the key structure of a version with every value replaced by null. */
import { InvalidRequestError } from "../../../errors.js";
import { field } from "../../../logical/fields.js";
import { definePath, type PathDef } from "../../../logical/framework.js";
import { notFoundEnvelope } from "../envelope.js";
import { subkeysOf } from "../json.js";
import { readVersion } from "../read-version.js";
import type { KvStore } from "../store.js";
import { secretPath } from "../validate.js";

export function subkeysPaths(kv: KvStore): PathDef[] {
  return [
    definePath({
      pattern: "subkeys/(?<path>.*)",
      fields: { path: field.str(), version: field.int().optional(), depth: field.int().optional() },
      operations: {
        read: async (req, f) => {
          const depth = f.depth ?? 0;
          if (depth < 0) throw new InvalidRequestError("depth must be 0 (no limit) or a positive integer");
          const path = secretPath(f.path);
          if (path === null) return null;
          const found = await readVersion(kv, path, f.version ?? 0);
          if (found.kind === "missing") return null;
          if (found.kind === "gone")
            return notFoundEnvelope(req, { subkeys: null, metadata: found.metadata });
          return { data: { subkeys: subkeysOf(found.data, depth), metadata: found.metadata } };
        },
      },
      help: "Read the structure of a secret entry from the Key-Value store with the values removed.",
    }),
  ];
}
