import { createHash } from "node:crypto";
import type { CofreClient } from "./client.js";
import type { JsonObject, KvV2ReadData } from "./types.js";

/** A lease the server attached to a secret (dynamic credentials). */
export interface LeaseInfo {
  id: string;
  /** Seconds the lease is valid for from when it was issued or renewed. */
  duration: number;
  renewable: boolean;
}

/** One path's secret, whatever engine serves it. */
export interface SecretValue {
  /** The path as the caller named it (`secret/app`, `database/creds/app`). */
  path: string;
  /** The API path read (`secret/data/app` on a KV v2 mount). */
  apiPath: string;
  data: JsonObject;
  /** KV v2: the version read. */
  version?: number;
  /** Dynamic engines: the lease to renew and revoke. */
  lease?: LeaseInfo;
}

/**
 * Reads `path` from any engine: KV v1 or v2 (detected per mount as `kv get` does; v2's
 * `data.data` is unwrapped) or a dynamic engine whose answer carries a lease. `null` when nothing
 * is there (or a KV v2 version is deleted).
 */
export async function readSecret(
  client: CofreClient,
  path: string,
  opts: { version?: number; mount?: string } = {},
): Promise<SecretValue | null> {
  const { target, secret } = await client.kv.get(path, opts);
  if (!secret?.data) return null;
  if (target.version === 2) {
    const body = secret.data as unknown as KvV2ReadData;
    if (!body.data) return null;
    return { path, apiPath: target.apiPath, data: body.data, version: body.metadata?.version };
  }
  const value: SecretValue = { path, apiPath: target.apiPath, data: secret.data };
  if (secret.lease_id) {
    value.lease = { id: secret.lease_id, duration: secret.lease_duration, renewable: secret.renewable };
  }
  return value;
}

/** A digest of a secret's content and version: equal digests, same secret. */
export function secretFingerprint(value: SecretValue | null): string {
  if (!value) return "absent";
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  const text = JSON.stringify([value.version ?? null, canonical(value.data)]);
  return createHash("sha256").update(text).digest("hex");
}
