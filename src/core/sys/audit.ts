/**
 * sys/audit (list), sys/audit/:path (enable, disable), sys/audit-hash/:path, and two cofre paths:
 * sys/audit-verify/:path (checks lines of a file device's log against its hash chain, so the chain
 * key never leaves the server) and sys/audit-status (each device's write health).
 */
import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { field } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { AuditRegistry } from "../audit/registry.js";

const MAX_VERIFY_LINES = 100_000;

const verifyFields = {
  path: field.str(),
  lines: z.array(z.string({ error: "expected a list of strings" }), { error: "expected a list of strings" }),
  first_line: field.int().optional(),
  after_seq: field.int().optional(),
  after_chain: field.str().optional(),
};

export function auditPaths(registry: AuditRegistry): { paths: PathDef[]; sudo: string[] } {
  const paths = [
    definePath({
      pattern: "audit",
      operations: {
        read: async () => {
          const data: Record<string, unknown> = {};
          for (const e of registry.list()) {
            data[e.path] = {
              type: e.type,
              description: e.description,
              options: e.options,
              local: e.local,
              path: e.path,
            };
          }
          return { data };
        },
      },
      help: "List the enabled audit devices.",
    }),
    definePath({
      pattern: "audit/(?<path>.+)",
      fields: {
        path: field.str(),
        type: field.str().optional(),
        description: field.str().optional(),
        options: field.object().nullable().optional(),
        local: field.bool().optional(),
      },
      operations: {
        update: async (_req, f) => {
          if (!f.type) throw new InvalidRequestError("type is required");
          await registry.enable({
            path: f.path,
            type: f.type,
            description: f.description,
            options: f.options ?? undefined,
            local: f.local,
          });
          return null;
        },
        delete: async (_req, f) => {
          await registry.disable(f.path);
          return null;
        },
      },
      help: "Enable or disable an audit device.",
    }),
    definePath({
      pattern: "audit-hash/(?<path>.+)",
      fields: { path: field.str(), input: field.str().optional() },
      operations: {
        update: async (_req, f) => {
          if (!f.input) throw new InvalidRequestError('the "input" parameter is empty');
          return { data: { hash: registry.hash(f.path, f.input) } };
        },
      },
      help: "The HMAC an audit device writes for a value.",
    }),
    definePath({
      pattern: "audit-verify/(?<path>.+)",
      fields: verifyFields,
      operations: {
        update: async (_req, f) => {
          if (f.lines.length > MAX_VERIFY_LINES) {
            throw new InvalidRequestError(`at most ${MAX_VERIFY_LINES} lines per request`);
          }
          const firstLine = f.first_line ?? 1;
          if (firstLine < 1) throw new InvalidRequestError("first_line must be at least 1");
          const hasAfter = f.after_seq !== undefined && f.after_seq > 0;
          if (hasAfter && !/^[0-9a-f]{64}$/.test(f.after_chain ?? "")) {
            throw new InvalidRequestError("after_chain must be the chain value of the line before");
          }
          const after = hasAfter ? { seq: f.after_seq ?? 0, chain: f.after_chain ?? "" } : null;
          const r = registry.verify(f.path, { lines: f.lines, firstLine, after });
          return {
            data: {
              valid: r.valid,
              checked: r.checked,
              last_seq: r.last?.seq ?? 0,
              last_chain: r.last?.chain ?? "",
              continues_from: r.continuesFrom ?? "",
              restarts: r.restarts,
              problem: r.problem ?? null,
              head_seq: r.head.seq,
              head_chain: r.head.chain,
            },
          };
        },
      },
      help: "Check lines of a file audit device's log against its hash chain.",
    }),
    definePath({
      pattern: "audit-status",
      operations: {
        read: async () => {
          const devices: Record<string, unknown> = {};
          for (const h of registry.health()) {
            devices[h.path] = {
              type: h.type,
              healthy: h.healthy,
              writes: h.writes,
              failures: h.failures,
              consecutive_failures: h.consecutiveFailures,
              last_failure_time: h.lastFailureTime,
              last_error: h.lastError,
            };
          }
          return { data: { devices } };
        },
      },
      help: "Write health of each enabled audit device.",
    }),
  ];
  return { paths, sudo: ["audit", "audit/*", "audit-verify/*", "audit-status"] };
}
