/**
 * The catch-all of a KV v2 mount: a v1-style path (`secret/foo`) or the bare root of a v2 path
 * answers 404 with Vault's warning in the envelope, which clients show to the user.
 */
import { definePath, type PathDef, type PathHandler } from "../../../logical/framework.js";
import type { Operation } from "../../../logical/types.js";
import { notFoundEnvelope } from "../envelope.js";

const ROOTS = new Set(["metadata", "data", "delete", "undelete", "destroy"]);

const CLI_VERB: Partial<Record<Operation, string>> = {
  create: "put",
  update: "put",
  patch: "patch",
  read: "get",
  list: "list",
  delete: "delete",
};

const invalidPath: PathHandler<unknown> = async (req) => {
  if (ROOTS.has(req.path)) {
    return notFoundEnvelope(req, null, [
      "Non-listing operations on the root of a K/V v2 mount are not supported.",
    ]);
  }
  const verb = CLI_VERB[req.operation] ?? "";
  return notFoundEnvelope(req, null, [
    "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints " +
      `to use. If using the Vault CLI, use 'vault kv ${verb}' for this operation.`,
  ]);
};

export function invalidPaths(): PathDef[] {
  return [
    definePath({
      pattern: ".*",
      operations: {
        read: invalidPath,
        update: invalidPath,
        patch: invalidPath,
        delete: invalidPath,
        list: invalidPath,
      },
      help: "Paths of a versioned K/V mount: config, data/, metadata/, delete/, undelete/, destroy/, subkeys/.",
    }),
  ];
}
