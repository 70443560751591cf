import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { Logger } from "../../util/logger.js";
import { acceptedResponse, TIDY_STARTED_WARNING } from "./accepted.js";
import type { ExpirationManager } from "./manager.js";

type LeaseApi = Pick<
  ExpirationManager,
  "lookup" | "listPrefix" | "renew" | "revoke" | "revokePrefix" | "tidy" | "failedRevocations"
>;

/** As Vault's: sys/leases lists at most this many irrevocable leases unless force=true. */
const MAX_LISTED = 10_000;
/** Vault keeps at most this much of a revocation error. */
const MAX_ERROR_LENGTH = 240;

/** Only type=irrevocable exists (as in Vault): leases whose revocation failed past the report count. */
function irrevocableOnly(type: string | undefined): void {
  if (type === undefined || type === "") throw new InvalidRequestError("missing type");
  if (type !== "irrevocable") throw new InvalidRequestError('invalid type: only "irrevocable" is supported');
}

/**
 * Paths (relative to `sys/`) that need `sudo` besides the operation's capability; a trailing `*`
 * is a prefix glob. `leases/lookup/*` matters for LIST only (the PUT lookup path has no suffix).
 */
export const LEASE_SUDO_PATHS: readonly string[] = [
  "leases/lookup/*",
  "leases/revoke-prefix/*",
  "leases/revoke-force/*",
  "revoke-prefix/*",
  "revoke-force/*",
];

const leaseIdFields = {
  lease_id: field.str().optional(),
  url_lease_id: field.str().optional(),
};

function leaseIdOf(f: { lease_id?: string; url_lease_id?: string }): string {
  const id = f.lease_id || f.url_lease_id || "";
  if (id === "") throw new InvalidRequestError("lease_id must be specified");
  return id;
}

/**
 * The sys/leases endpoints and their legacy aliases, for the system backend to include. Renewal
 * answers carry `secret.leaseId` (an already registered lease: the core reports it, registers
 * nothing). Queued work answers 202 through `raw` (body null = empty body).
 */
export function leasePaths(mgr: LeaseApi, logger: Logger): PathDef[] {
  const renewPath = (prefix: string) =>
    definePath({
      pattern: `${prefix}renew(?:/(?<url_lease_id>.+))?`,
      fields: { ...leaseIdFields, increment: field.duration().optional() },
      operations: {
        update: async (_req, f) => {
          const lease = await mgr.renew(leaseIdOf(f), f.increment ?? 0);
          return {
            data: null,
            secret: {
              ttl: lease.ttl,
              maxTTL: 0,
              renewable: lease.renewable,
              internal: {},
              leaseId: lease.leaseId,
            },
            warnings: lease.warnings.length > 0 ? lease.warnings : undefined,
          };
        },
      },
      help: "Renew a lease of a secret.",
    });

  const revokePath = (prefix: string) =>
    definePath({
      pattern: `${prefix}revoke(?:/(?<url_lease_id>.+))?`,
      fields: { ...leaseIdFields, sync: field.bool().default(true) },
      operations: {
        update: async (req, f) => {
          const outcome = await mgr.revoke(leaseIdOf(f), { sync: f.sync });
          return outcome === "queued" ? acceptedResponse(req, [], "system") : null;
        },
      },
      help: "Revoke a lease (sync=false queues the revocation).",
    });

  const revokePrefixPath = (prefix: string) =>
    definePath({
      pattern: `${prefix}revoke-prefix/(?<prefix>.+)`,
      fields: { prefix: field.str(), sync: field.bool().default(true) },
      operations: {
        update: async (req, f) => {
          await mgr.revokePrefix(f.prefix, { sync: f.sync });
          return f.sync ? null : acceptedResponse(req, [], "system");
        },
      },
      help: "Revoke every lease under a prefix.",
    });

  const revokeForcePath = (prefix: string) =>
    definePath({
      pattern: `${prefix}revoke-force/(?<prefix>.+)`,
      fields: { prefix: field.str() },
      operations: {
        update: async (_req, f) => {
          await mgr.revokePrefix(f.prefix, { force: true });
          return null;
        },
      },
      help: "Delete every lease under a prefix even when its backend fails to revoke it (recovery).",
    });

  const listFields = {
    type: field.str().optional(),
    include_child_namespaces: field.bool().optional(),
  };
  return [
    definePath({
      pattern: "leases/count",
      fields: listFields,
      operations: {
        read: async (_req, f) => {
          irrevocableOnly(f.type);
          const counts: Record<string, number> = {};
          const failed = mgr.failedRevocations();
          for (const l of failed) counts[l.mountAccessor] = (counts[l.mountAccessor] ?? 0) + 1;
          return { data: { lease_count: failed.length, counts } };
        },
      },
      help: "Count the leases whose revocation keeps failing (type=irrevocable), per mount accessor.",
    }),
    definePath({
      pattern: "leases",
      fields: { ...listFields, limit: field.int().optional(), force: field.bool().optional() },
      operations: {
        read: async (_req, f) => {
          irrevocableOnly(f.type);
          const limit = f.limit ?? MAX_LISTED;
          if (limit <= 0) throw new InvalidRequestError("limit must be greater than 0");
          const failed = mgr.failedRevocations().sort((a, b) => a.leaseId.localeCompare(b.leaseId));
          const shown = f.force ? failed : failed.slice(0, limit);
          return {
            data: {
              lease_count: failed.length,
              leases: shown.map((l) => ({
                lease_id: l.leaseId,
                mount_id: l.mountAccessor,
                error: l.lastError.slice(0, MAX_ERROR_LENGTH) || "unknown",
              })),
            },
            warnings:
              shown.length < failed.length
                ? [
                    `only the first ${shown.length} of ${failed.length} leases are listed: set force=true for all`,
                  ]
                : undefined,
          };
        },
      },
      help: "List the leases whose revocation keeps failing (type=irrevocable), with their last error.",
    }),
    definePath({
      pattern: "leases/lookup",
      fields: { lease_id: field.str().optional() },
      operations: {
        update: async (_req, f) => ({ data: { ...(await mgr.lookup(leaseIdOf(f))) } }),
      },
      help: "Look up a lease's times.",
    }),
    definePath({
      pattern: "leases/lookup/(?<prefix>.*)",
      fields: { prefix: field.str() },
      operations: {
        list: async (_req, f) => ({ data: { keys: await mgr.listPrefix(f.prefix) } }),
      },
      help: "List lease ids and sub-prefixes under a prefix.",
    }),
    definePath({
      pattern: "leases/tidy",
      operations: {
        update: async (req) => {
          mgr.tidy().catch((err: unknown) => logger.error("lease tidy failed", { error: err }));
          return acceptedResponse(req, [TIDY_STARTED_WARNING], "system");
        },
      },
      help: "Clean up lease indexes and the leases of tokens that no longer exist.",
    }),
    renewPath("leases/"),
    revokePrefixPath("leases/"),
    revokeForcePath("leases/"),
    revokePath("leases/"),
    renewPath(""),
    revokePrefixPath(""),
    revokeForcePath(""),
    revokePath(""),
  ];
}
