/**
 * The request pipeline: seal gate -> route -> token -> create/update -> ACL -> audit request ->
 * backend -> lease/token/wrap -> audit response. No handler does permission or audit work itself.
 */
import { PermissionDeniedError, SealedError, UnsupportedPathError } from "../../errors.js";
import type { CoreResponse, LogicalRequest } from "../../logical/types.js";
import { authenticate } from "./authenticate.js";
import { authorize, resolveOperation } from "./authorize.js";
import type { PipelineDeps } from "./deps.js";
import { matchesAny } from "./globs.js";
import { buildResponse } from "./respond.js";

/** Paths served while sealed (all bare handlers of the system backend). */
const SEALED_OK = new Set(["sys/init", "sys/seal-status", "sys/unseal", "sys/health", "sys/leader"]);

export async function handleRequest(deps: PipelineDeps, req: LogicalRequest): Promise<CoreResponse> {
  if (deps.isSealed() && !SEALED_OK.has(req.path)) {
    // As Vault: sealing a sealed server is a no-op that succeeds (no token can be checked now).
    if (req.path === "sys/seal" && req.operation === "update") return alreadySealed(req);
    throw new SealedError();
  }

  const match = deps.router.match(req.path);
  const relative = match?.relative ?? "";
  const unauthenticated = match ? matchesAny(relative, match.route.backend.unauthenticatedPaths) : false;
  let caller: Awaited<ReturnType<typeof authenticate>>;
  try {
    caller = await authenticate(deps, req, unauthenticated);
  } catch (err) {
    // Missing and invalid tokens are recorded too (who tried what, from where).
    await deps.audit.logRequest(req, err as Error).catch(() => {});
    throw err;
  }

  if (!match) {
    // authenticate() has thrown unless there is a valid caller. An unknown mount is reported only
    // to callers the ACL would have let through; everyone else sees a plain denial.
    const acl = await deps.acl(caller?.policies ?? [], caller?.identity);
    const probe = acl.check({
      operation: req.operation,
      path: req.path,
      data: {},
      wrapTTL: 0,
      rootProtected: false,
    });
    const refusal = probe.allowed
      ? new UnsupportedPathError(`no handler for route "${req.path}". route entry not found.`)
      : new PermissionDeniedError();
    const who = caller ? deps.tokens.toRequestAuth(caller, false) : undefined;
    await deps.audit.logRequest({ ...req, auth: who }, refusal).catch(() => {});
    throw refusal;
  }

  const { route } = match;
  const mount = { path: route.mountPath, type: route.entry.type, accessor: route.entry.accessor };
  // The existence check sees the caller (cubbyhole's depends on whose token it is); sudo is not known yet.
  const probeAuth = caller ? deps.tokens.toRequestAuth(caller, false) : undefined;
  const probeReq: LogicalRequest = { ...req, path: relative, mount, auth: probeAuth };
  const operation = await resolveOperation(route, probeReq);
  let authz: Awaited<ReturnType<typeof authorize>>;
  try {
    authz = await authorize(deps, req, operation, caller, route, relative, unauthenticated);
  } catch (err) {
    // The denial is recorded with the caller and mount, so an auditor sees who was refused.
    await deps.audit.logRequest({ ...req, operation, mount, auth: probeAuth }, err as Error).catch(() => {});
    // As Vault's, a refused request still counts as a use of a limited-use token: a wrapping
    // token tried on another path is burnt, and its intended recipient sees the tampering.
    if (caller) await (await deps.tokens.beginUse(caller).catch(() => null))?.finish();
    throw err;
  }
  const auth = caller ? deps.tokens.toRequestAuth(caller, authz.hasSudo) : undefined;
  const fullReq: LogicalRequest = { ...req, operation, mount, auth };
  await deps.audit.logRequest(fullReq);

  // A token sent to an unauthenticated path (seal-status, wrapping lookup, logins) is not used up.
  const use = caller && !unauthenticated ? await deps.tokens.beginUse(caller) : null;
  const backendReq: LogicalRequest = { ...fullReq, path: relative };
  let res: Awaited<ReturnType<typeof route.backend.handle>>;
  try {
    res = await route.backend.handle(backendReq);
  } catch (err) {
    await deps.audit.logResponse(fullReq, null, null, err as Error);
    throw err;
  } finally {
    await use?.finish();
  }
  const out = await buildResponse(deps, fullReq, route, caller, res);
  await deps.audit.logResponse(fullReq, res, out);
  return out;
}

function alreadySealed(req: LogicalRequest): CoreResponse {
  return {
    requestId: req.id,
    leaseId: "",
    renewable: false,
    leaseDuration: 0,
    data: null,
    warnings: null,
    auth: null,
    wrapInfo: null,
    mountType: "system",
    raw: { status: 204, body: undefined },
  };
}
