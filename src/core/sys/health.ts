/**
 * sys/health (GET and HEAD) and sys/leader: bare handlers that answer sealed or not, without a
 * token. The status code of sys/health is chosen by query parameters, as Vault's is.
 */

import { InvalidRequestError } from "../../errors.js";
import { parseGoBool } from "../../logical/fields.js";
import { definePath, type PathDef } from "../../logical/framework.js";
import type { LogicalRequest, LogicalResponse } from "../../logical/types.js";
import type { SealDeps } from "./seal.js";
import { VERSION } from "./version.js";

const HEALTH_CODES = {
  activecode: 200,
  standbycode: 429,
  drsecondarycode: 472,
  performancestandbycode: 473,
  haunhealthycode: 474,
  removedcode: 530,
  sealedcode: 503,
  uninitcode: 501,
} as const;

/** Vault reads the first value of a repeated query parameter. */
function firstParam(req: LogicalRequest, name: string): unknown {
  const v = req.data[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Status codes from the query: any integer HTTP can carry; anything else (even "") is a 400. */
function healthCodes(req: LogicalRequest): Record<keyof typeof HEALTH_CODES, number> {
  const codes: Record<keyof typeof HEALTH_CODES, number> = { ...HEALTH_CODES };
  for (const name of Object.keys(HEALTH_CODES) as Array<keyof typeof HEALTH_CODES>) {
    const v = firstParam(req, name);
    if (v === undefined) continue;
    const n = typeof v === "string" && /^\+?\d{1,3}$/.test(v) ? Number(v) : Number.NaN;
    if (!Number.isInteger(n) || n < 100 || n > 599) throw new InvalidRequestError(`bad code for ${name}`);
    codes[name] = n;
  }
  for (const name of ["standbyok", "perfstandbyok"]) {
    const v = firstParam(req, name);
    // Go's weak decoding reads an empty value as false.
    if (typeof v === "string" && v !== "" && parseGoBool(v) === undefined) {
      throw new InvalidRequestError(`bad value for ${name} parameter`);
    }
  }
  return codes;
}

async function health(deps: SealDeps, req: LogicalRequest): Promise<LogicalResponse> {
  const codes = healthCodes(req);
  const st = await deps.seal.status();
  const status = !st.initialized ? codes.uninitcode : st.sealed ? codes.sealedcode : codes.activecode;
  const body: Record<string, unknown> = {
    initialized: st.initialized,
    sealed: st.sealed,
    standby: st.sealed,
    performance_standby: false,
    replication_performance_mode: st.sealed ? "unknown" : "disabled",
    replication_dr_mode: st.sealed ? "unknown" : "disabled",
    server_time_utc: Math.floor(deps.clock.now() / 1000),
    version: VERSION,
    enterprise: false,
  };
  const cluster = st.sealed ? null : deps.cluster();
  if (cluster) {
    body.cluster_name = cluster.name;
    body.cluster_id = cluster.id;
  }
  // cofre: audit devices that fail to write are never silent (counts only: this path needs no token).
  const audit = st.sealed ? undefined : deps.auditSummary?.();
  if (audit && audit.enabled > 0) body.audit_devices = audit;
  return { raw: { status, body } };
}

const LEADER = {
  ha_enabled: false,
  is_self: false,
  active_time: "0001-01-01T00:00:00Z",
  leader_address: "",
  leader_cluster_address: "",
  performance_standby: false,
  performance_standby_last_remote_wal: 0,
  last_wal: 0,
};

export function healthPaths(deps: SealDeps): PathDef[] {
  return [
    definePath({
      pattern: "health",
      operations: { read: (req) => health(deps, req), header: (req) => health(deps, req) },
    }),
    definePath({
      pattern: "leader",
      operations: { read: async () => ({ raw: { status: 200, body: { ...LEADER } } }) },
    }),
  ];
}
