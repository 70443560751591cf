/** Stage: decide create vs update, then check the caller's ACL for the operation on the full path. */
import { PermissionDeniedError } from "../../errors.js";
import type { LogicalRequest, Operation } from "../../logical/types.js";
import type { Route } from "../mounts/router.js";
import type { Caller, PipelineDeps } from "./deps.js";
import { matchesAny } from "./globs.js";

export interface Authorization {
  operation: Operation;
  hasSudo: boolean;
}

/** POST/PUT arrive as "update"; a path with an existence check turns them into "create" when absent. */
export async function resolveOperation(route: Route, backendReq: LogicalRequest): Promise<Operation> {
  if (backendReq.operation !== "update") return backendReq.operation;
  const exists = await route.backend.existenceCheck(backendReq);
  return exists === false ? "create" : "update";
}

export async function authorize(
  deps: Pick<PipelineDeps, "acl">,
  req: LogicalRequest,
  operation: Operation,
  caller: Caller | null,
  route: Route,
  relative: string,
  unauthenticated: boolean,
): Promise<Authorization> {
  if (!caller) return { operation, hasSudo: false };
  const acl = await deps.acl(caller.policies, caller.identity);
  const rootProtected = matchesAny(relative, route.backend.sudoPaths);
  const result = acl.check({
    operation,
    path: req.path,
    data: req.data as Record<string, unknown>,
    wrapTTL: req.wrapTTL,
    rootProtected,
  });
  if (!result.allowed && !unauthenticated) throw new PermissionDeniedError();
  return { operation, hasSudo: result.isRoot || result.sudo };
}
