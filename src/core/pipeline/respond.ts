/** Stage: turn a backend's response into what http/ renders: register leases, mint login tokens, wrap. */
import type { CoreResponse, LogicalRequest, LogicalResponse } from "../../logical/types.js";
import type { Route } from "../mounts/router.js";
import type { Caller, PipelineDeps } from "./deps.js";

export async function buildResponse(
  deps: Pick<PipelineDeps, "leases" | "tokens" | "ttlsOf" | "wrapping">,
  req: LogicalRequest,
  route: Route,
  caller: Caller | null,
  res: LogicalResponse | null,
): Promise<CoreResponse> {
  const out: CoreResponse = {
    requestId: req.id,
    leaseId: "",
    renewable: false,
    leaseDuration: 0,
    data: res?.data ?? null,
    warnings: res?.warnings?.length ? res.warnings : null,
    auth: null,
    wrapInfo: null,
    mountType: route.entry.type,
  };
  if (!res) return maybeWrap(deps, req, out);
  if (res.raw) return { ...out, raw: res.raw };
  // An unwrap answers with the wrapped response as stored, its request ID included (as Vault).
  if (res.wrapped) return res.wrapped;
  const ttls = deps.ttlsOf(route.entry);
  if (res.secret) {
    const s = res.secret;
    if (s.leaseId) {
      out.leaseId = s.leaseId;
      out.leaseDuration = s.ttl;
    } else if (s.leaseOnlyTTL) {
      out.leaseDuration = s.ttl;
    } else {
      const lease = await deps.leases.registerSecret({
        path: req.path,
        mount: route.entry,
        secret: s,
        caller,
        ttls,
      });
      out.leaseId = lease.leaseId;
      out.leaseDuration = lease.ttl;
      if (lease.warnings.length) out.warnings = [...(out.warnings ?? []), ...lease.warnings];
    }
    out.renewable = s.renewable && out.leaseId !== "";
  }
  if (res.auth) {
    out.auth = await deps.tokens.createFromAuth(res.auth, {
      path: req.path,
      mount: route.entry,
      ttls,
      mfaHeader: req.headers["x-vault-mfa"] ?? "",
    });
    if (out.auth.mfa_requirement) {
      out.warnings = [
        ...(out.warnings ?? []),
        "A login request was issued that is subject to MFA validation. Please make sure to validate the login by sending another request to sys/mfa/validate endpoint.",
      ];
    }
  } else if (res.authEnvelope) {
    out.auth = res.authEnvelope;
  }
  return maybeWrap(deps, req, out);
}

async function maybeWrap(
  deps: Pick<PipelineDeps, "wrapping">,
  req: LogicalRequest,
  out: CoreResponse,
): Promise<CoreResponse> {
  if (req.wrapTTL <= 0 || out.raw) return out;
  const empty = out.data === null && out.auth === null && out.leaseId === "" && out.warnings === null;
  if (empty) return out;
  const wrapInfo = await deps.wrapping.wrap(out, req.wrapTTL, req.path, out.auth?.accessor || undefined);
  return {
    requestId: "",
    leaseId: "",
    renewable: false,
    leaseDuration: 0,
    data: null,
    warnings: null,
    auth: null,
    wrapInfo,
    mountType: "",
  };
}
