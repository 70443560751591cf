import type { JsonObject, SecretResponse } from "../../client/types.js";
import type { Printer } from "./printer.js";
import { goQuotedList, goValue, humanDuration, mapRows, table } from "./table.js";

type AnySecret = SecretResponse<unknown>;

/** Vault's RawField: a top-level, auth or wrap field by its table name, else a data key. */
export function rawField(secret: AnySecret, field: string): unknown {
  const data = (secret.data ?? {}) as Record<string, unknown>;
  if (secret.auth) {
    const a = secret.auth;
    const byName: Record<string, unknown> = {
      token: a.client_token,
      token_accessor: a.accessor,
      token_duration: a.lease_duration,
      token_renewable: a.renewable,
      token_policies: a.token_policies,
      identity_policies: a.identity_policies,
      policies: a.policies,
    };
    return field in byName ? byName[field] : data[field];
  }
  if (secret.wrap_info) {
    const w = secret.wrap_info;
    const byName: Record<string, unknown> = {
      wrapping_token: w.token,
      wrapping_accessor: w.accessor,
      wrapping_token_ttl: w.ttl,
      wrapping_token_creation_time: w.creation_time,
      wrapping_token_creation_path: w.creation_path,
      wrapped_accessor: w.wrapped_accessor,
    };
    return field in byName ? byName[field] : data[field];
  }
  switch (field) {
    case "lease_duration":
    case "refresh_interval":
      return secret.lease_duration;
    case "lease_id":
      return secret.lease_id;
    case "request_id":
      return secret.request_id;
    case "renewable":
      return secret.renewable;
    case "data":
      return "data" in data ? data.data : data;
    default:
      return data[field];
  }
}

/** Key/Value rows of a whole response: lease, auth, wrapping, then sorted data. */
export function secretRows(secret: AnySecret): string[][] {
  const rows: string[][] = [];
  if (secret.lease_duration > 0) {
    if (secret.lease_id) {
      rows.push(["lease_id", secret.lease_id]);
      rows.push(["lease_duration", goValue(humanDuration(secret.lease_duration))]);
      rows.push(["lease_renewable", String(secret.renewable)]);
    } else {
      rows.push(["refresh_interval", goValue(humanDuration(secret.lease_duration))]);
    }
  }
  const a = secret.auth;
  if (a) {
    // The CLI blanks the token wherever it must not be shown; then the row is left out.
    if (a.client_token) rows.push(["token", a.client_token]);
    rows.push(["token_accessor", a.accessor ?? ""]);
    rows.push(["token_duration", a.lease_duration ? goValue(humanDuration(a.lease_duration)) : "∞"]);
    rows.push(["token_renewable", String(a.renewable)]);
    rows.push(["token_policies", goQuotedList(a.token_policies)]);
    rows.push(["identity_policies", goQuotedList(a.identity_policies)]);
    rows.push(["policies", goQuotedList(a.policies)]);
    for (const k of Object.keys(a.metadata ?? {}).sort())
      rows.push([`token_meta_${k}`, goValue(a.metadata?.[k])]);
  }
  const w = secret.wrap_info;
  if (w) {
    rows.push(["wrapping_token:", w.token]);
    rows.push(["wrapping_accessor:", w.accessor]);
    rows.push(["wrapping_token_ttl:", goValue(humanDuration(w.ttl))]);
    rows.push(["wrapping_token_creation_time:", w.creation_time]);
    rows.push(["wrapping_token_creation_path:", w.creation_path]);
    if (w.wrapped_accessor) rows.push(["wrapped_accessor:", w.wrapped_accessor]);
  }
  const data = secret.data;
  if (data && typeof data === "object" && !Array.isArray(data)) rows.push(...mapRows(data as JsonObject));
  return rows;
}

/** Prints a whole response (Vault's OutputSecret). */
export function outputSecret(p: Printer, secret: AnySecret): number {
  if (p.format !== "table") {
    p.structured(secret);
    return 0;
  }
  p.warnings(secret.warnings);
  const rows = secretRows(secret);
  if (rows.length > 0) p.line(table(["Key", "Value"], rows));
  return 0;
}

/** Prints a plain map (Vault's OutputData of a map). */
export function outputData(p: Printer, data: Record<string, unknown>): number {
  if (p.format !== "table") {
    p.structured(data);
    return 0;
  }
  const rows = mapRows(data);
  if (rows.length > 0) p.line(table(["Key", "Value"], rows));
  return 0;
}

/** Prints list keys: a sorted `Keys` column, or the key array in JSON/YAML. */
export function outputList(p: Printer, secret: SecretResponse<{ keys?: unknown }>): number {
  const keys = Array.isArray(secret.data?.keys) ? (secret.data.keys as unknown[]).map(String) : [];
  if (p.format !== "table") {
    p.structured(keys);
    return 0;
  }
  p.warnings(secret.warnings);
  p.line(
    table(
      ["Keys"],
      [...keys].sort().map((k) => [k]),
    ),
  );
  return 0;
}
