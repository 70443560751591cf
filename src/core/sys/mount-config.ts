/** Parsing and checking of the `config` object of mount enable and of tune requests. */
import { InvalidRequestError } from "../../errors.js";
import { parseDuration } from "../../util/duration.js";
import type { MountConfig } from "../mounts/types.js";

const LIST_KEYS = [
  "audit_non_hmac_request_keys",
  "audit_non_hmac_response_keys",
  "passthrough_request_headers",
  "allowed_response_headers",
] as const;

const TOKEN_TYPES = ["default-service", "default-batch", "service", "batch", ""];

/** Where the settings are going: a new mount of a table, or a tune of an existing mount's type. */
export interface ConfigTarget {
  isAuth: boolean;
  /** The mount's type when tuning (the token store refuses token_type); absent when enabling. */
  tunedType?: string;
}

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
export function parseMountConfig(input: Record<string, unknown>, target: ConfigTarget): Partial<MountConfig> {
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
      throw new InvalidRequestError(`invalid listing_visibility ${String(v).slice(0, 40)}`);
    }
    out.listing_visibility = v;
  }
  if (input.token_type !== undefined) {
    if (!target.isAuth) throw new InvalidRequestError("'token_type' can only be modified on auth mounts");
    if (target.tunedType === "token") {
      throw new InvalidRequestError("'token_type' cannot be set for 'token' or 'ns_token' auth mounts");
    }
    const v = input.token_type;
    if (typeof v !== "string" || !TOKEN_TYPES.includes(v)) {
      throw new InvalidRequestError("invalid value for 'token_type'");
    }
    out.token_type = v;
  }
  return out;
}

/** The TTL rules of enabling a mount (Vault's messages); 0 means "the system's". */
export function checkEnableTTLs(config: MountConfig, systemMax: number): void {
  const def = config.default_lease_ttl;
  const max = config.max_lease_ttl;
  if (max !== 0 && def > max) {
    throw new InvalidRequestError("given default lease TTL greater than given max lease TTL");
  }
  if (max === 0 && def > systemMax) {
    throw new InvalidRequestError(
      `given default lease TTL greater than system max lease TTL of ${systemMax}`,
    );
  }
}

/** The TTL rules of tuning a mount, on the values the mount would have afterwards. */
export function checkTuneTTLs(config: MountConfig, systemMax: number): void {
  const def = config.default_lease_ttl;
  const max = config.max_lease_ttl;
  if (def !== 0 && max === 0 && def > systemMax) {
    throw new InvalidRequestError(
      `new default lease TTL of ${def} greater than system max lease TTL of ${systemMax}`,
    );
  }
  if (def !== 0 && max !== 0 && max < def) {
    throw new InvalidRequestError(
      `new backend default lease TTL of ${def} greater than new backend max lease TTL of ${max}`,
    );
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

/** The KV version an options map asks for: 0 when absent or "", else 1 or 2 (400 otherwise). */
export function kvVersionOption(options: Record<string, string> | null | undefined): number {
  const raw = options?.version ?? "";
  if (raw === "") return 0;
  if (!/^\s*\d+\s*$/.test(raw)) {
    throw new InvalidRequestError(
      `unable to parse options: invalid version ${JSON.stringify(raw.slice(0, 20))}`,
    );
  }
  const n = Number(raw);
  if (n !== 1 && n !== 2) throw new InvalidRequestError(`invalid version provided: ${n}`);
  return n;
}
