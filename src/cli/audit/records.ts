/**
 * Audit lines folded into one access record per request id (its request and response lines), and
 * the filters of `cofre audit query`.
 */
import { parseDuration } from "../../util/duration.js";
import { UsageError } from "../errors.js";
import type { ReadEntry } from "./log-reader.js";

export type AccessResult = "ok" | "denied" | "error" | "no response";

export interface AccessRecord {
  time: string;
  request_id: string;
  operation: string;
  path: string;
  mount: string;
  identity: string;
  entity_id: string;
  policies: string[];
  accessor: string;
  remote_address: string;
  result: AccessResult;
  error: string;
}

interface Folding {
  record: AccessRecord;
  values?: Set<string>;
}

export interface QueryFilter {
  path?: RegExp;
  /** Accessors as they may appear in the log: plain and HMAC'd. */
  accessors?: Set<string>;
  since?: number;
  until?: number;
  operations?: Set<string>;
  failed?: boolean;
  identity?: string;
  /** Values as they may appear in the log: plain (log_raw) and HMAC'd. */
  values?: Set<string>;
}

function collectStrings(v: unknown, into: Set<string>, depth = 0): void {
  if (depth > 32) return;
  if (typeof v === "string") into.add(v);
  else if (Array.isArray(v)) for (const x of v) collectStrings(x, into, depth + 1);
  else if (v && typeof v === "object") for (const x of Object.values(v)) collectStrings(x, into, depth + 1);
}

const DENIAL = /permission denied|invalid token/;

/** Folds lines into records, in the order requests first appear. */
export class RecordFolder {
  private readonly byId = new Map<string, Folding>();

  constructor(private readonly keepValues: boolean) {}

  add(e: ReadEntry): void {
    const id = e.request?.id;
    if (typeof id !== "string" || id === "") return;
    let f = this.byId.get(id);
    if (!f) {
      f = {
        record: {
          time: String(e.time ?? ""),
          request_id: id,
          operation: String(e.request?.operation ?? ""),
          path: String(e.request?.path ?? ""),
          mount: String(e.request?.mount_point ?? ""),
          identity: String(e.auth?.display_name ?? ""),
          entity_id: String(e.auth?.entity_id ?? ""),
          policies: Array.isArray(e.auth?.policies) ? e.auth.policies.map(String) : [],
          accessor: String(e.auth?.accessor ?? e.request?.client_token_accessor ?? ""),
          remote_address: String(e.request?.remote_address ?? ""),
          result: "no response",
          error: "",
        },
        values: this.keepValues ? new Set() : undefined,
      };
      this.byId.set(id, f);
    }
    if (f.values) {
      collectStrings(e.request?.data, f.values);
      collectStrings(e.response?.data, f.values);
    }
    const error = typeof e.error === "string" ? e.error : "";
    if (e.type === "response") {
      f.record.result = error ? "error" : "ok";
      f.record.error = error;
    } else if (error) {
      f.record.result = DENIAL.test(error) ? "denied" : "error";
      f.record.error = error;
    }
  }

  *matching(filter: QueryFilter): Generator<AccessRecord> {
    for (const { record: r, values } of this.byId.values()) {
      if (filter.path && !filter.path.test(r.path)) continue;
      if (filter.accessors && !filter.accessors.has(r.accessor)) continue;
      if (filter.operations && !filter.operations.has(r.operation)) continue;
      if (filter.failed && (r.result === "ok" || r.result === "no response")) continue;
      if (filter.identity && r.identity !== filter.identity && r.entity_id !== filter.identity) continue;
      if (filter.since !== undefined || filter.until !== undefined) {
        const t = Date.parse(r.time);
        if (Number.isNaN(t)) continue;
        if (filter.since !== undefined && t < filter.since) continue;
        if (filter.until !== undefined && t > filter.until) continue;
      }
      if (filter.values && ![...filter.values].some((v) => values?.has(v))) continue;
      yield r;
    }
  }
}

/** `secret/data/*` style: `*` matches anything; without one the path must match exactly. */
export function pathPattern(glob: string): RegExp {
  const body = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

/** RFC3339 (or a date), or a duration meaning that long before `now` ("24h", "30d"). */
export function timeBound(text: string, flag: string, now: number): number {
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const t = Date.parse(text);
    if (Number.isNaN(t)) throw new UsageError(`invalid time for -${flag}`);
    return t;
  }
  try {
    return now - parseDuration(text) * 1000;
  } catch {
    throw new UsageError(`invalid value for -${flag}: an RFC3339 time or a duration such as 24h or 30d`);
  }
}
