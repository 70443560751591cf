import type { LeaderStatus, SealStatus } from "../../client/types.js";
import type { Printer } from "./printer.js";
import { columnize, table } from "./table.js";

/** Prints the seal status as `vault status` does (with the leader's HA fields when known). */
export function outputSealStatus(p: Printer, s: SealStatus, leader?: LeaderStatus): number {
  const merged = { ...s, ha_enabled: leader?.ha_enabled ?? false };
  if (p.field) return p.fieldValue(p.field, (merged as Record<string, unknown>)[p.field]);
  if (p.format !== "table") {
    p.structured(merged);
    return 0;
  }
  const prefix = s.recovery_seal ? "Recovery " : "";
  const rows: string[][] = [
    [`${prefix}Seal Type`, s.type],
    ["Initialized", String(s.initialized)],
    ["Sealed", String(s.sealed)],
    [`Total ${prefix}Shares`, String(s.n)],
    ["Threshold", String(s.t)],
  ];
  if (s.sealed) {
    rows.push(["Unseal Progress", `${s.progress}/${s.t}`]);
    rows.push(["Unseal Nonce", s.nonce ?? ""]);
  }
  if (s.migration) rows.push(["Seal Migration in Progress", "true"]);
  rows.push(["Version", s.version ?? ""]);
  rows.push(["Build Date", s.build_date ?? ""]);
  rows.push(["Storage Type", s.storage_type ?? ""]);
  if (s.cluster_name && s.cluster_id) {
    rows.push(["Cluster Name", s.cluster_name]);
    rows.push(["Cluster ID", s.cluster_id]);
  }
  rows.push(["HA Enabled", String(merged.ha_enabled)]);
  if (leader?.ha_enabled && !s.sealed) {
    rows.push(["HA Cluster", leader.leader_cluster_address ?? ""]);
    rows.push(["HA Mode", leader.is_self ? "active" : "standby"]);
    if (!leader.is_self) rows.push(["Active Node Address", leader.leader_address || "<none>"]);
  }
  p.line(table(["Key", "Value"], rows));
  return 0;
}

/** `Key Term`, `Install Time`, `Encryption Count` (no header, as Vault prints them). */
export function keyStatusLines(status: { term: number; install_time: string; encryptions?: number }): string {
  const rows = [
    ["Key Term", String(status.term)],
    ["Install Time", status.install_time],
  ];
  if (status.encryptions !== undefined) rows.push(["Encryption Count", String(status.encryptions)]);
  return columnize(rows);
}
