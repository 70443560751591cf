/** sys/capabilities, sys/capabilities-self, sys/capabilities-accessor. */
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { ACL } from "../policy/acl.js";

export interface CapabilityDeps {
  tokens: {
    policiesOfToken(raw: string): Promise<string[] | null>;
    policiesOfAccessor(accessor: string): Promise<string[] | null>;
  };
  /** The ACL of a policy set; with an entity id, templated paths are rendered for that entity. */
  acl(policies: readonly string[], entityId?: string): Promise<ACL>;
}

const fields = {
  token: field.str().optional(),
  accessor: field.str().optional(),
  paths: field.strings().optional(),
  path: field.strings().optional(),
};

/** The capabilities of `policies` on each path; a null policy list is an unknown token. */
async function answer(
  deps: CapabilityDeps,
  policies: string[] | null,
  paths: string[] | undefined,
  entityId?: string,
) {
  if (!paths || paths.length === 0) throw new InvalidRequestError("paths must be supplied");
  if (!policies) throw new InvalidRequestError("invalid token");
  const acl = await deps.acl(policies, entityId);
  const data: Record<string, unknown> = {};
  for (const p of paths) data[p] = acl.capabilities(p);
  if (paths.length === 1) data.capabilities = data[paths[0]];
  return { data };
}

/** `paths`, else the deprecated `path` (either as a list or one comma-separated string). */
function pathsOf(f: { paths?: string[]; path?: string[] }): string[] | undefined {
  return f.paths && f.paths.length > 0 ? f.paths : f.path;
}

export function capabilityPaths(deps: CapabilityDeps): { paths: PathDef[] } {
  return {
    paths: [
      definePath({
        pattern: "capabilities",
        fields,
        operations: {
          update: async (_req, f) => {
            if (!f.token) throw new InvalidRequestError("missing token");
            return answer(deps, await deps.tokens.policiesOfToken(f.token), pathsOf(f));
          },
        },
      }),
      definePath({
        pattern: "capabilities-self",
        fields,
        operations: {
          update: async (req, f) =>
            answer(deps, req.auth ? req.auth.policies : null, pathsOf(f), req.auth?.entityId),
        },
      }),
      definePath({
        pattern: "capabilities-accessor",
        fields,
        operations: {
          update: async (_req, f) => {
            if (!f.accessor) throw new InvalidRequestError("missing accessor");
            const policies = await deps.tokens.policiesOfAccessor(f.accessor);
            if (!policies) throw new InvalidRequestError("invalid accessor");
            return answer(deps, policies, pathsOf(f));
          },
        },
      }),
    ],
  };
}
