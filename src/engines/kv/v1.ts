/**
 * KV version 1: one unversioned JSON object per path, stored as-is at that path of the mount's
 * view. A `ttl` (or `lease`) key inside the object is a hint for readers: it becomes the read's
 * lease_duration (else the mount's default lease TTL), but no lease is created: the response's
 * `secret` has `leaseOnlyTTL`, so the core reports lease_duration with lease_id "" and registers
 * nothing.
 */
import { InvalidRequestError } from "../../errors.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { BackendContext, LeaseSecret, LogicalRequest } from "../../logical/types.js";
import { parseDuration } from "../../util/duration.js";
import { isPlainObject } from "./json.js";
import { assertStorableData, listPrefix, requireSecretPath, secretPath } from "./validate.js";

function ttlHint(data: Record<string, unknown>, defaultTTL: number): number {
  const raw = Object.hasOwn(data, "ttl") ? data.ttl : Object.hasOwn(data, "lease") ? data.lease : undefined;
  if (raw === undefined) return defaultTTL;
  try {
    return parseDuration(raw);
  } catch {
    return defaultTTL;
  }
}

export function v1Paths(ctx: BackendContext): PathDef[] {
  const storage = ctx.storage;
  const exists = async (req: LogicalRequest) => {
    const path = secretPath(req.path);
    return path !== null && (await storage.get(path)) !== null;
  };
  return [
    definePath({
      // No declared fields: the whole request body is the secret (and draws no
      // "unrecognized parameters" warning); the path is the request's own path.
      pattern: "(?<path>.*)",
      existenceCheck: exists,
      operations: {
        read: async (req) => {
          const path = secretPath(req.path);
          const data = path === null ? null : await storage.getJSON<Record<string, unknown>>(path);
          if (data === null) return null;
          const ttl = ttlHint(data, ctx.ttls().defaultLeaseTTL);
          const secret: LeaseSecret & { leaseOnlyTTL: true } = {
            ttl,
            maxTTL: 0,
            renewable: false,
            internal: {},
            leaseOnlyTTL: true,
          };
          return { data, secret };
        },
        update: async (req) => {
          const path = requireSecretPath(req.path);
          const data = req.data;
          if (!isPlainObject(data) || Object.keys(data).length === 0) {
            throw new InvalidRequestError("missing data fields");
          }
          assertStorableData(data);
          await storage.putJSON(path, data);
          return null;
        },
        delete: async (req) => {
          const path = secretPath(req.path);
          if (path !== null) await storage.delete(path);
          return null;
        },
        list: async (req) => {
          const prefix = listPrefix(req.path);
          const keys = prefix === null ? [] : await storage.list(prefix);
          return keys.length > 0 ? { data: { keys } } : null;
        },
      },
      help: "Pass-through secret storage: read and write arbitrary JSON objects at any path.",
    }),
  ];
}
