/**
 * Flags, request bodies and tables shared by `cofre secrets enable|list|tune` and
 * `cofre auth enable|list|tune` (both tables of mounts have the same shapes in Vault's API).
 */
import type { Command } from "commander";
import type { JsonValue, MountInfo, TuneMountRequest } from "../../client/types.js";
import { collectCsv, durationFlag, intFlag, keyValueFlags } from "../flags.js";
import { goValue, table } from "../output/table.js";

export interface MountFlags {
  description?: string;
  defaultLeaseTtl?: string;
  maxLeaseTtl?: string;
  options?: string[];
  version?: string;
  forceNoCache?: boolean;
  listingVisibility?: string;
  tokenType?: string;
  auditNonHmacRequestKeys?: string[];
  auditNonHmacResponseKeys?: string[];
  passthroughRequestHeaders?: string[];
  allowedResponseHeaders?: string[];
}

/** `-options=k=v`... plus `-version=N` as `options.version`. */
export function optionsOf(o: MountFlags): Record<string, string> | undefined {
  const options = keyValueFlags(o.options, "options");
  const version = intFlag(o.version, "version", 1);
  if (version === undefined) return options;
  return { ...options, version: String(version) };
}

/** The `-audit-non-hmac-*`, header, visibility and token type flags Vault has on auth commands. */
export function withConfigFlags(cmd: Command): Command {
  return cmd
    .option("--listing-visibility <mode>", "unauth or hidden")
    .option(
      "--audit-non-hmac-request-keys <key>",
      "request key left un-HMAC'd in audit logs (repeatable)",
      collectCsv,
    )
    .option(
      "--audit-non-hmac-response-keys <key>",
      "response key left un-HMAC'd in audit logs (repeatable)",
      collectCsv,
    )
    .option(
      "--passthrough-request-headers <header>",
      "request header passed to the backend (repeatable)",
      collectCsv,
    )
    .option(
      "--allowed-response-headers <header>",
      "response header the backend may set (repeatable)",
      collectCsv,
    );
}

/** Settings that go in `config` on enable and at the top level on tune. */
function listAndModeSettings(o: MountFlags): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  if (o.listingVisibility !== undefined) out.listing_visibility = o.listingVisibility;
  if (o.tokenType !== undefined) out.token_type = o.tokenType;
  if (o.auditNonHmacRequestKeys) out.audit_non_hmac_request_keys = o.auditNonHmacRequestKeys;
  if (o.auditNonHmacResponseKeys) out.audit_non_hmac_response_keys = o.auditNonHmacResponseKeys;
  if (o.passthroughRequestHeaders) out.passthrough_request_headers = o.passthroughRequestHeaders;
  if (o.allowedResponseHeaders) out.allowed_response_headers = o.allowedResponseHeaders;
  return out;
}

/** The `config` object of an enable request (TTLs checked locally, sent as typed). */
export function enableConfig(o: MountFlags): Record<string, JsonValue> {
  const config: Record<string, JsonValue> = {};
  const def = durationFlag(o.defaultLeaseTtl, "default-lease-ttl");
  const max = durationFlag(o.maxLeaseTtl, "max-lease-ttl");
  if (def !== undefined) config.default_lease_ttl = def;
  if (max !== undefined) config.max_lease_ttl = max;
  if (o.forceNoCache) config.force_no_cache = true;
  return { ...config, ...listAndModeSettings(o) };
}

/** The body of a tune request: only the settings given (`system` resets a TTL). */
export function tuneBody(o: MountFlags): TuneMountRequest {
  const ttl = (v: string | undefined, flag: string) => (v === "system" ? v : durationFlag(v, flag));
  const req: TuneMountRequest = {
    description: o.description,
    default_lease_ttl: ttl(o.defaultLeaseTtl, "default-lease-ttl"),
    max_lease_ttl: ttl(o.maxLeaseTtl, "max-lease-ttl"),
    options: optionsOf(o),
    ...listAndModeSettings(o),
  };
  return Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined));
}

function ttlOf(type: string, ttl: number | undefined): string {
  if (type === "system" || type === "cubbyhole") return "";
  return ttl ? String(ttl) : "system";
}

/** One column that differs between the secrets and the auth detailed tables. */
export interface ExtraColumn {
  header: string;
  value(m: MountInfo): string;
}

/** Vault's `secrets list` / `auth list` table (`detailed`: the long form, with `extra` as 6th column). */
export function mountTable(mounts: Record<string, MountInfo>, detailed: boolean, extra: ExtraColumn): string {
  const paths = Object.keys(mounts).sort();
  if (!detailed) {
    return table(
      ["Path", "Type", "Accessor", "Description"],
      paths.map((p) => [p, mounts[p].type, mounts[p].accessor, mounts[p].description]),
    );
  }
  const header = ["Path", "Plugin", "Accessor", "Default TTL", "Max TTL", extra.header, "Replication"];
  header.push("Seal Wrap", "External Entropy Access", "Options", "Description", "UUID");
  return table(
    header,
    paths.map((p) => {
      const m = mounts[p];
      return [
        p,
        m.type,
        m.accessor,
        ttlOf(m.type, m.config?.default_lease_ttl),
        ttlOf(m.type, m.config?.max_lease_ttl),
        extra.value(m),
        m.local ? "local" : "replicated",
        String(m.seal_wrap ?? false),
        String(m.external_entropy_access ?? false),
        goValue(m.options ?? {}),
        m.description,
        m.uuid ?? "",
      ];
    }),
  );
}
