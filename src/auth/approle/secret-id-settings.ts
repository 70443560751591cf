/**
 * The settings of a new secret ID, from the request and its role: CIDR lists must lie inside the
 * role's, num_uses and ttl may narrow the role's limits but never widen them, and the TTL is
 * capped by the mount's max lease TTL. Also the lookup view of a secret ID.
 */
import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { parseCIDRList } from "../common/cidr.js";
import { isCIDRSubset } from "./cidr-subset.js";
import type { RoleEntry, SecretIdEntry } from "./records.js";
import type { SecretIdSettings } from "./secret-id-store.js";

export const secretIdFields = {
  role_name: field.str(),
  metadata: z.unknown().optional(),
  cidr_list: field.strings().optional(),
  token_bound_cidrs: field.strings().optional(),
  num_uses: field.int().optional(),
  ttl: field.duration().optional(),
};

export interface SecretIdRequest {
  metadata?: unknown;
  cidr_list?: string[];
  token_bound_cidrs?: string[];
  num_uses?: number;
  ttl?: number;
}

const MAX_METADATA_KEYS = 64;
const BAD_METADATA = "failed to parse metadata: expected a JSON object with string values";

/** `metadata`: a JSON object (or its text, as Vault's API documents) of string values. */
export function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null || raw === "") return {};
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new InvalidRequestError(BAD_METADATA);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidRequestError(BAD_METADATA);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_METADATA_KEYS || entries.some(([, v]) => typeof v !== "string")) {
    throw new InvalidRequestError(BAD_METADATA);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (k === "role_name") throw new InvalidRequestError('metadata cannot set "role_name"');
    Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function secretIdSettings(role: RoleEntry, f: SecretIdRequest, maxLeaseTTL: number): SecretIdSettings {
  if (!role.bindSecretId) throw new InvalidRequestError("bind_secret_id is not set on the role");
  const cidrList = parseCIDRList(f.cidr_list ?? [], "cidr_list");
  if (!isCIDRSubset(cidrList, role.secretIdBoundCIDRs)) {
    throw new InvalidRequestError('"cidr_list" must lie within the role\'s "secret_id_bound_cidrs"');
  }
  const tokenBoundCIDRs = parseCIDRList(f.token_bound_cidrs ?? [], "token_bound_cidrs");
  if (!isCIDRSubset(tokenBoundCIDRs, role.token.boundCIDRs)) {
    throw new InvalidRequestError('"token_bound_cidrs" must lie within the role\'s "token_bound_cidrs"');
  }
  let numUses = role.secretIdNumUses;
  if (f.num_uses !== undefined) {
    if (f.num_uses < 0) throw new InvalidRequestError("num_uses cannot be negative");
    const limit = role.secretIdNumUses;
    if (limit > 0 && (f.num_uses === 0 || f.num_uses > limit)) {
      throw new InvalidRequestError("num_uses cannot be higher than the role's secret_id_num_uses");
    }
    numUses = f.num_uses;
  }
  let ttl = role.secretIdTTL;
  if (f.ttl !== undefined) {
    const limit = role.secretIdTTL;
    if (limit > 0 && (f.ttl === 0 || f.ttl > limit)) {
      throw new InvalidRequestError("ttl cannot be longer than the role's secret_id_ttl");
    }
    ttl = f.ttl;
  }
  if (maxLeaseTTL > 0 && ttl > maxLeaseTTL) ttl = maxLeaseTTL;
  return { numUses, ttl, metadata: parseMetadata(f.metadata), cidrList, tokenBoundCIDRs };
}

const ZERO_TIME = "0001-01-01T00:00:00Z";

/** The lookup view of a secret ID (never its value). */
export function secretIdView(e: SecretIdEntry): Record<string, unknown> {
  return {
    secret_id_accessor: e.accessor,
    secret_id_num_uses: e.numUses,
    secret_id_ttl: e.ttl,
    creation_time: new Date(e.creationTime).toISOString(),
    expiration_time: e.expirationTime > 0 ? new Date(e.expirationTime).toISOString() : ZERO_TIME,
    last_updated_time: new Date(e.lastUpdatedTime).toISOString(),
    metadata: e.metadata,
    cidr_list: e.cidrList,
    token_bound_cidrs: e.tokenBoundCIDRs,
  };
}
