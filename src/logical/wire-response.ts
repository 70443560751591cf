/**
 * A response as Vault's clients see it on the wire (snake_case fields), built from what the core
 * answers, and read back. http/ renders it; response wrapping stores it as JSON text, as Vault does,
 * so `cubbyhole/response` holds what an unwrap returns.
 */
import type { AuthEnvelope, CoreResponse, WrapInfo } from "./types.js";

export interface WireResponse {
  request_id: string;
  lease_id: string;
  renewable: boolean;
  lease_duration: number;
  data: Record<string, unknown> | null;
  wrap_info: WrapInfo | null;
  warnings: string[] | null;
  auth: AuthEnvelope | null;
  mount_type: string;
}

export function toWireResponse(res: CoreResponse): WireResponse {
  return {
    request_id: res.requestId,
    lease_id: res.leaseId,
    renewable: res.renewable,
    lease_duration: res.leaseDuration,
    data: res.data,
    wrap_info: res.wrapInfo,
    warnings: res.warnings !== null && res.warnings.length > 0 ? res.warnings : null,
    auth: res.auth,
    mount_type: res.mountType,
  };
}

/** The response stored in `text` (JSON of a WireResponse), or null when it is not one. */
export function parseWireResponse(text: string): CoreResponse | null {
  let w: unknown;
  try {
    w = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(w)) return null;
  const ok =
    typeof w.request_id === "string" &&
    typeof w.lease_id === "string" &&
    typeof w.renewable === "boolean" &&
    typeof w.lease_duration === "number" &&
    (w.data === null || isObject(w.data)) &&
    (w.wrap_info === null || w.wrap_info === undefined || isObject(w.wrap_info)) &&
    (w.warnings === null || w.warnings === undefined || Array.isArray(w.warnings)) &&
    (w.auth === null || w.auth === undefined || isObject(w.auth)) &&
    (w.mount_type === undefined || typeof w.mount_type === "string");
  if (!ok) return null;
  return {
    requestId: w.request_id as string,
    leaseId: w.lease_id as string,
    renewable: w.renewable as boolean,
    leaseDuration: w.lease_duration as number,
    data: w.data as Record<string, unknown> | null,
    wrapInfo: (w.wrap_info ?? null) as WrapInfo | null,
    warnings: (w.warnings ?? null) as string[] | null,
    auth: (w.auth ?? null) as AuthEnvelope | null,
    mountType: (w.mount_type ?? "") as string,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
