/**
 * Builds the plain (unhashed) audit entries of Vault's shape from what the pipeline hands the
 * broker. Data trees are JSON round-tripped once here, so every device walks plain JSON values.
 */
import { CofreError } from "../../errors.js";
import type { AuthEnvelope, CoreResponse, LogicalRequest, RequestAuth } from "../../logical/types.js";
import type { AuditAuth, AuditEntry, AuditRequest, AuditResponse } from "./types.js";

function jsonTree(value: unknown): Record<string, unknown> | undefined {
  if (value === null || value === undefined) return undefined;
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  if (copy === null || typeof copy !== "object" || Array.isArray(copy)) return undefined;
  return Object.keys(copy).length > 0 ? (copy as Record<string, unknown>) : undefined;
}

function nonEmpty<T>(list: readonly T[] | undefined): T[] | undefined {
  return list && list.length > 0 ? [...list] : undefined;
}

/** The caller's auth block. `client_token` is the raw token: devices hash it. */
export function requestAuth(req: LogicalRequest, allowed: boolean): AuditAuth | undefined {
  const a: RequestAuth | undefined = req.auth;
  if (!a) return undefined;
  return {
    client_token: req.clientToken || undefined,
    accessor: a.accessor || undefined,
    display_name: a.displayName || undefined,
    policies: nonEmpty(a.policies),
    token_policies: nonEmpty(a.tokenPolicies),
    identity_policies: nonEmpty(a.identityPolicies),
    metadata: Object.keys(a.metadata).length > 0 ? { ...a.metadata } : undefined,
    entity_id: a.entityId || undefined,
    token_type: a.tokenType,
    policy_results: { allowed },
  };
}

function mountClass(mountPath: string): string {
  return mountPath.startsWith("auth/") ? "auth" : "secret";
}

export function auditRequest(req: LogicalRequest): AuditRequest {
  const m = req.mount;
  const out: AuditRequest = {
    id: req.id,
    operation: req.operation,
    mount_point: m?.path,
    mount_type: m?.type,
    mount_accessor: m?.accessor,
    mount_class: m ? mountClass(m.path) : undefined,
    client_token: req.clientToken || undefined,
    client_token_accessor: req.auth?.accessor || undefined,
    namespace: { id: "root" },
    path: req.path,
    data: jsonTree(req.data),
    remote_address: req.connection.remoteAddress || undefined,
    remote_port: req.connection.remotePort || undefined,
    wrap_ttl: req.wrapTTL > 0 ? req.wrapTTL : undefined,
  };
  return out;
}

/** The message an entry records for an error: a typed error's safe text, else "internal error". */
export function errorText(err: Error | undefined): string | undefined {
  if (!err) return undefined;
  if (err instanceof CofreError) return err.messages.join("; ") || err.code;
  return "internal error";
}

export function requestEntry(
  req: LogicalRequest,
  time: string,
  error?: Error,
  request: AuditRequest = auditRequest(req),
  auth: AuditAuth | undefined = requestAuth(req, !error),
): AuditEntry {
  const entry: AuditEntry = { time, type: "request", auth, request };
  if (!entry.auth) delete entry.auth;
  const e = errorText(error);
  if (e) entry.error = e;
  return entry;
}

function issuedAuth(a: AuthEnvelope): AuditAuth {
  return {
    client_token: a.client_token || undefined,
    accessor: a.accessor || undefined,
    policies: nonEmpty(a.policies),
    token_policies: nonEmpty(a.token_policies),
    identity_policies: nonEmpty(a.identity_policies),
    metadata: a.metadata && Object.keys(a.metadata).length > 0 ? { ...a.metadata } : undefined,
    entity_id: a.entity_id || undefined,
    token_type: a.token_type,
    token_ttl: a.lease_duration,
    num_uses: a.num_uses || undefined,
    orphan: a.orphan || undefined,
  };
}

function auditResponse(req: LogicalRequest, envelope: CoreResponse | null): AuditResponse {
  const out: AuditResponse = {};
  if (req.mount) {
    out.mount_point = req.mount.path;
    out.mount_type = req.mount.type;
    out.mount_accessor = req.mount.accessor;
    out.mount_class = mountClass(req.mount.path);
  }
  if (!envelope) return out;
  // A bare handler's body is recorded as Vault records raw responses.
  const data = envelope.raw
    ? jsonTree({ http_status_code: envelope.raw.status, http_raw_body: envelope.raw.body })
    : jsonTree(envelope.data);
  if (data) out.data = data;
  if (envelope.auth) out.auth = issuedAuth(envelope.auth);
  if (envelope.leaseId) out.secret = { lease_id: envelope.leaseId };
  if (envelope.warnings?.length) out.warnings = [...envelope.warnings];
  if (envelope.wrapInfo) out.wrap_info = { ...envelope.wrapInfo };
  return out;
}

export function responseEntry(
  req: LogicalRequest,
  envelope: CoreResponse | null,
  time: string,
  error?: Error,
  request: AuditRequest = auditRequest(req),
  auth: AuditAuth | undefined = requestAuth(req, true),
): AuditEntry {
  const entry: AuditEntry = {
    time,
    type: "response",
    auth,
    request,
    response: auditResponse(req, envelope),
  };
  if (!entry.auth) delete entry.auth;
  const e = errorText(error);
  if (e) entry.error = e;
  return entry;
}
