/**
 * Renders what the core answered as Vault's HTTP response (reference section 1.3): raw bodies,
 * wrapped responses, the 204 rule, 404 for reads and lists that found nothing, and the legacy
 * copy of `data` to the top level for some sys/ paths.
 */
import type { CoreResponse, Operation } from "../logical/types.js";
import { toWireResponse } from "../logical/wire-response.js";
import { errorBody } from "./errors.js";

export interface RenderedResponse {
  status: number;
  /** JSON text, or null for no body. */
  body: string | null;
}

const NOT_FOUND: RenderedResponse = { status: 404, body: errorBody([]) };
const NO_CONTENT: RenderedResponse = { status: 204, body: null };

/** Paths (exact) whose responses also carry their `data` keys at the top level. */
const INJECT_EXACT = new Set([
  "sys/audit",
  "sys/auth",
  "sys/config/cors",
  "sys/config/auditing/request-headers",
  "sys/capabilities",
  "sys/capabilities-accessor",
  "sys/capabilities-self",
  "sys/ha-status",
  "sys/key-status",
  "sys/mounts",
  "sys/policy",
  "sys/rekey/backup",
  "sys/rekey/recovery-key-backup",
  "sys/remount",
  "sys/rotate",
  "sys/wrapping/wrap",
]);
/** Path prefixes (whole subtrees) with the same legacy behaviour. */
const INJECT_PREFIXES = [
  "sys/audit/",
  "sys/audit-hash/",
  "sys/auth/",
  "sys/config/auditing/request-headers/",
  "sys/mounts/",
  "sys/policy/",
];

/** `path` is the logical path as requested (before a list operation appends "/"). */
export function injectsDataAtTopLevel(path: string): boolean {
  if (!path.startsWith("sys/")) return false;
  if (INJECT_EXACT.has(path)) return true;
  for (const prefix of INJECT_PREFIXES) if (path.startsWith(prefix)) return true;
  return false;
}

/**
 * `res.data === null` with nothing else set means the backend answered nothing: 404 for a read,
 * a header or a list; `data: {}` is an empty answer (204).
 */
export function renderResponse(
  res: CoreResponse,
  operation: Operation,
  injectTopLevel: boolean,
): RenderedResponse {
  if (res.raw !== undefined) return renderRaw(res.raw);
  if (res.wrapInfo !== null) {
    return {
      status: 200,
      body: JSON.stringify({
        request_id: "",
        lease_id: "",
        renewable: false,
        lease_duration: 0,
        data: null,
        wrap_info: res.wrapInfo,
        warnings: null,
        auth: null,
        mount_type: "",
      }),
    };
  }
  const data = res.data;
  if (operation === "help") return data === null ? NO_CONTENT : { status: 200, body: JSON.stringify(data) };

  const hasData = data !== null && !isEmpty(data);
  const warnings = res.warnings !== null && res.warnings.length > 0 ? res.warnings : null;
  const hasSecret = res.leaseId !== "";
  if (operation === "list") {
    const listResult = checkList(data, hasData, warnings !== null);
    if (listResult !== null) return listResult;
  } else if ((operation === "read" || operation === "header") && data === null) {
    if (res.auth === null && warnings === null && !hasSecret) return NOT_FOUND;
  }
  if (!hasData && res.auth === null && warnings === null && !hasSecret) return NO_CONTENT;

  const envelope = toWireResponse(res);
  const body = injectTopLevel && hasData ? { ...data, ...envelope } : envelope;
  return { status: 200, body: JSON.stringify(body) };
}

/** Vault's list rules: nothing, or an empty or missing `keys` with no other data, is a 404. */
function checkList(
  data: Record<string, unknown> | null,
  hasData: boolean,
  hasWarnings: boolean,
): RenderedResponse | null {
  if (!hasData) return hasWarnings ? null : NOT_FOUND;
  const keys = data!.keys;
  if (keys === undefined || keys === null) return null;
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== "string")) {
    return { status: 500, body: errorBody(["internal error"]) };
  }
  return keys.length === 0 ? NOT_FOUND : null;
}

function renderRaw(raw: { status: number; body: unknown }): RenderedResponse {
  if (raw.status === 204 || raw.body === undefined) return { status: raw.status, body: null };
  return { status: raw.status, body: JSON.stringify(raw.body) };
}

function isEmpty(data: Record<string, unknown>): boolean {
  for (const _ in data) return false;
  return true;
}
