/**
 * One device's view of an entry: tokens, accessors and data strings HMAC'd under its salt (unless
 * `log_raw`), list responses elided when asked. The plain entry is never modified.
 */
import type { AuditHasher } from "./hmac.js";
import type { AuditAuth, AuditEntry, AuditRequest, AuditResponse, CommonSettings } from "./types.js";

/** Keys of a mount's data left readable (mount config audit_non_hmac_request/response_keys). */
export interface ExemptKeys {
  request: ReadonlySet<string>;
  response: ReadonlySet<string>;
}

export const NO_EXEMPT_KEYS: ExemptKeys = { request: new Set(), response: new Set() };

export type Settings = Pick<CommonSettings, "logRaw" | "hmacAccessor" | "elideListResponses">;

/** Hashes tokens and accessors; a device's serializer caches these (see entry-serializer.ts). */
export interface TokenHasher {
  token(token: string, accessor: string): string;
  accessor(accessor: string): string;
}

export function plainTokenHasher(h: AuditHasher): TokenHasher {
  return { token: (t) => h.hash(t), accessor: (a) => h.hash(a) };
}

export function hashAuth(a: AuditAuth, t: TokenHasher, s: Settings): AuditAuth {
  const out = { ...a };
  if (a.client_token) out.client_token = t.token(a.client_token, a.accessor ?? "");
  if (a.accessor && s.hmacAccessor) out.accessor = t.accessor(a.accessor);
  return out;
}

export function hashRequest(
  r: AuditRequest,
  h: AuditHasher,
  t: TokenHasher,
  s: Settings,
  exempt: ReadonlySet<string>,
): AuditRequest {
  const out = { ...r };
  if (r.client_token) out.client_token = t.token(r.client_token, r.client_token_accessor ?? "");
  if (r.client_token_accessor && s.hmacAccessor)
    out.client_token_accessor = t.accessor(r.client_token_accessor);
  if (r.data) out.data = h.walk(r.data, exempt) as Record<string, unknown>;
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

export function hashResponse(
  response: AuditResponse,
  isList: boolean,
  h: AuditHasher,
  s: Settings,
  exempt: ReadonlySet<string>,
): AuditResponse {
  if (s.logRaw) return shapeResponse(response, isList, s);
  const tokens = plainTokenHasher(h);
  const r: AuditResponse = { ...response };
  if (r.auth) r.auth = hashAuth(r.auth, tokens, s);
  if (r.data) r.data = h.walk(r.data, exempt) as Record<string, unknown>;
  if (r.wrap_info) {
    const w = { ...r.wrap_info };
    w.token = h.hash(w.token);
    if (s.hmacAccessor) {
      w.accessor = h.hash(w.accessor);
      if (w.wrapped_accessor) w.wrapped_accessor = h.hash(w.wrapped_accessor);
    }
    r.wrap_info = w;
  }
  return shapeResponse(r, isList, s);
}

export function hashEntry(entry: AuditEntry, h: AuditHasher, s: Settings, exempt: ExemptKeys): AuditEntry {
  const isList = entry.request.operation === "list";
  const out: AuditEntry = { ...entry };
  if (!s.logRaw) {
    const tokens = plainTokenHasher(h);
    if (entry.auth) out.auth = hashAuth(entry.auth, tokens, s);
    out.request = hashRequest(entry.request, h, tokens, s, exempt.request);
  }
  if (entry.response) out.response = hashResponse(entry.response, isList, h, s, exempt.response);
  return out;
}
