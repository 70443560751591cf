/** Parsing of the `config` object of mount enable and of tune requests. */
import { InvalidRequestError } from "../../errors.js";
import { parseDuration } from "../../util/duration.js";
import type { MountConfig } from "../mounts/types.js";

const LIST_KEYS = [
  "audit_non_hmac_request_keys",
  "audit_non_hmac_response_keys",
  "passthrough_request_headers",
  "allowed_response_headers",
] as const;

function stringList(v: unknown, name: string): string[] {
  if (typeof v === "string")
    return v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  throw new InvalidRequestError(`${name} must be a list of strings`);
}

/**
 * Reads the tunable settings out of `input`. TTLs: "" leaves unchanged (undefined), "system"
 * resets to 0 (system default), otherwise a duration.
 */
export function parseMountConfig(input: Record<string, unknown>, isAuth: boolean): Partial<MountConfig> {
  const out: Partial<MountConfig> = {};
  for (const k of ["default_lease_ttl", "max_lease_ttl"] as const) {
    const v = input[k];
    if (v === undefined || v === "") continue;
    out[k] = v === "system" ? 0 : parseDuration(v, { field: k });
  }
  if (input.force_no_cache !== undefined) {
    if (typeof input.force_no_cache !== "boolean")
      throw new InvalidRequestError("force_no_cache must be a boolean");
    out.force_no_cache = input.force_no_cache;
  }
  for (const k of LIST_KEYS) if (input[k] !== undefined) out[k] = stringList(input[k], k);
  if (input.listing_visibility !== undefined) {
    const v = input.listing_visibility;
    if (v !== "unauth" && v !== "hidden" && v !== "") {
      throw new InvalidRequestError(`invalid listing_visibility ${JSON.stringify(String(v).slice(0, 20))}`);
    }
    out.listing_visibility = v;
  }
  if (input.token_type !== undefined) {
    if (!isAuth) throw new InvalidRequestError("token_type can only be set on auth mounts");
    const v = input.token_type;
    if (typeof v !== "string" || !["default-service", "default-batch", "service", "batch", ""].includes(v)) {
      throw new InvalidRequestError("invalid value for token_type");
    }
    out.token_type = v;
  }
  return out;
}

export function checkTTLs(config: MountConfig, systemMax: number): void {
  const max = config.max_lease_ttl || systemMax;
  if (config.default_lease_ttl > max) {
    throw new InvalidRequestError("given default lease TTL greater than given max lease TTL");
  }
  if (config.max_lease_ttl > systemMax) {
    throw new InvalidRequestError("given max lease TTL greater than system max lease TTL");
  }
}

export function parseOptions(v: unknown): Record<string, string> | null | undefined {
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== "object" || Array.isArray(v))
    throw new InvalidRequestError("options must be a map of strings");
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (typeof val === "string") out[k] = val;
    else if (typeof val === "number" || typeof val === "boolean") out[k] = String(val);
    else throw new InvalidRequestError("options must be a map of strings");
  }
  return out;
}
