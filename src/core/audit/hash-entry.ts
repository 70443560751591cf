/**
 * One device's view of an entry: tokens, accessors and data strings HMAC'd under its salt (unless
 * `log_raw`), list responses elided when asked. The plain entry is never modified.
 */
import type { AuditHasher } from "./hmac.js";
import type { AuditAuth, AuditEntry, AuditResponse, CommonSettings } from "./types.js";

/** Keys of a mount's data left readable (mount config audit_non_hmac_request/response_keys). */
export interface ExemptKeys {
  request: ReadonlySet<string>;
  response: ReadonlySet<string>;
}

export const NO_EXEMPT_KEYS: ExemptKeys = { request: new Set(), response: new Set() };

type Settings = Pick<CommonSettings, "logRaw" | "hmacAccessor" | "elideListResponses">;

function hashAuth(a: AuditAuth, h: AuditHasher, s: Settings): AuditAuth {
  const out = { ...a };
  if (a.client_token) out.client_token = h.hash(a.client_token);
  if (a.accessor && s.hmacAccessor) out.accessor = h.hash(a.accessor);
  return out;
}

/** Vault's elision: a list's `keys` becomes its length, `key_info` its entry count. */
function elide(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  if (Array.isArray(out.keys)) out.keys = out.keys.length;
  if (out.key_info && typeof out.key_info === "object") out.key_info = Object.keys(out.key_info).length;
  return out;
}

function shapeResponse(r: AuditResponse, isList: boolean, s: Settings): AuditResponse {
  if (!s.elideListResponses || !isList || !r.data) return r;
  return { ...r, data: elide(r.data) };
}

export function hashEntry(entry: AuditEntry, h: AuditHasher, s: Settings, exempt: ExemptKeys): AuditEntry {
  const isList = entry.request.operation === "list";
  if (s.logRaw) {
    return entry.response ? { ...entry, response: shapeResponse(entry.response, isList, s) } : entry;
  }
  const out: AuditEntry = { ...entry, request: { ...entry.request } };
  if (entry.auth) out.auth = hashAuth(entry.auth, h, s);
  const req = out.request;
  if (req.client_token) req.client_token = h.hash(req.client_token);
  if (req.client_token_accessor && s.hmacAccessor) {
    req.client_token_accessor = h.hash(req.client_token_accessor);
  }
  if (req.data) req.data = h.walk(req.data, exempt.request) as Record<string, unknown>;
  if (entry.response) {
    const r: AuditResponse = { ...entry.response };
    if (r.auth) r.auth = hashAuth(r.auth, h, s);
    if (r.data) r.data = h.walk(r.data, exempt.response) as Record<string, unknown>;
    if (r.wrap_info) {
      const w = { ...r.wrap_info };
      w.token = h.hash(w.token);
      if (s.hmacAccessor) {
        w.accessor = h.hash(w.accessor);
        if (w.wrapped_accessor) w.wrapped_accessor = h.hash(w.wrapped_accessor);
      }
      r.wrap_info = w;
    }
    out.response = shapeResponse(r, isList, s);
  }
  return out;
}
