/**
 * The server configuration file: Vault-style HCL or JSON. Unknown keys are reported as warnings,
 * not errors, so a config written for `vault server` loads unchanged.
 */
import { readFile } from "node:fs/promises";
import { InvalidRequestError } from "../errors.js";
import { type HclObject, type HclValue, parseHcl } from "../hcl/index.js";
import { parseDuration } from "../util/duration.js";
import type { LogLevel } from "../util/logger.js";

export interface ListenerConfig {
  address: string;
  tlsDisable: boolean;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  maxRequestSize?: number;
}

export interface ServerConfig {
  storage: { type: string; options: Record<string, string> };
  listeners: ListenerConfig[];
  apiAddr?: string;
  clusterName?: string;
  ui: boolean;
  defaultLeaseTTL: number;
  maxLeaseTTL: number;
  logLevel: LogLevel;
  disableMlock: boolean;
  auditAllowedDirs: string[];
  /** Keys the loader did not recognise (warned about at start-up). */
  warnings: string[];
}

const DEFAULT_TTL = 768 * 3600;
const TOP_KEYS = new Set([
  "storage",
  "backend",
  "listener",
  "api_addr",
  "cluster_addr",
  "cluster_name",
  "ui",
  "default_lease_ttl",
  "max_lease_ttl",
  "log_level",
  "disable_mlock",
  "audit_allowed_dirs",
]);
const LISTENER_KEYS = new Set([
  "address",
  "tls_disable",
  "tls_cert_file",
  "tls_key_file",
  "max_request_size",
  "tls_min_version",
]);
const LEVELS = new Set(["trace", "debug", "info", "warn", "error"]);

function isObject(v: unknown): v is HclObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A block is an object, or an array of objects when it was repeated. */
function blocks(v: HclValue | undefined): HclObject[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

function str(v: unknown, name: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new InvalidRequestError(`config: ${name} must be a string`);
}

function bool(v: unknown, name: string): boolean {
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "1" || v === 1) return true;
  if (v === "false" || v === "0" || v === 0 || v === "") return false;
  throw new InvalidRequestError(`config: ${name} must be a boolean`);
}

/** Labelled blocks `storage "sqlite" {...}` -> [{ label, body }] (also the JSON list form). */
function labelled(v: HclValue | undefined): Array<{ label: string; body: HclObject }> {
  const out: Array<{ label: string; body: HclObject }> = [];
  for (const b of blocks(v)) {
    for (const [label, body] of Object.entries(b)) {
      for (const one of blocks(body as HclValue)) out.push({ label, body: one });
    }
  }
  return out;
}

export function parseServerConfig(text: string): ServerConfig {
  const doc = parseHcl(text);
  const warnings: string[] = [];
  for (const k of Object.keys(doc)) if (!TOP_KEYS.has(k)) warnings.push(`unknown config key "${k}" ignored`);

  const stores = [...labelled(doc.storage), ...labelled(doc.backend)];
  if (stores.length === 0)
    throw new InvalidRequestError(
      'config: a storage block is required, e.g. storage "sqlite" { path = "/var/lib/cofre" }',
    );
  if (stores.length > 1) throw new InvalidRequestError("config: only one storage block may be given");
  const options: Record<string, string> = {};
  for (const [k, v] of Object.entries(stores[0].body)) options[k] = str(v, `storage.${k}`);

  const listeners: ListenerConfig[] = [];
  for (const { label, body } of labelled(doc.listener)) {
    if (label !== "tcp")
      throw new InvalidRequestError(`config: unsupported listener type "${label}" (only "tcp")`);
    for (const k of Object.keys(body))
      if (!LISTENER_KEYS.has(k)) warnings.push(`unknown listener key "${k}" ignored`);
    const l: ListenerConfig = {
      address: body.address === undefined ? "127.0.0.1:8200" : str(body.address, "listener.address"),
      tlsDisable: body.tls_disable === undefined ? false : bool(body.tls_disable, "listener.tls_disable"),
    };
    if (body.tls_cert_file !== undefined) l.tlsCertFile = str(body.tls_cert_file, "listener.tls_cert_file");
    if (body.tls_key_file !== undefined) l.tlsKeyFile = str(body.tls_key_file, "listener.tls_key_file");
    if (body.max_request_size !== undefined) {
      const n = Number(body.max_request_size);
      if (!Number.isInteger(n) || n <= 0)
        throw new InvalidRequestError("config: listener.max_request_size must be a positive integer");
      l.maxRequestSize = n;
    }
    if (!l.tlsDisable && (!l.tlsCertFile || !l.tlsKeyFile)) {
      throw new InvalidRequestError(
        "config: listener needs tls_cert_file and tls_key_file, or tls_disable = true",
      );
    }
    listeners.push(l);
  }
  if (listeners.length === 0)
    throw new InvalidRequestError('config: at least one listener "tcp" block is required');

  const logLevel = doc.log_level === undefined ? "info" : str(doc.log_level, "log_level").toLowerCase();
  if (!LEVELS.has(logLevel))
    throw new InvalidRequestError("config: log_level must be one of trace, debug, info, warn, error");
  const maxLeaseTTL =
    doc.max_lease_ttl === undefined
      ? DEFAULT_TTL
      : parseDuration(doc.max_lease_ttl, { field: "max_lease_ttl" });
  const defaultLeaseTTL =
    doc.default_lease_ttl === undefined
      ? Math.min(DEFAULT_TTL, maxLeaseTTL)
      : parseDuration(doc.default_lease_ttl, { field: "default_lease_ttl" });
  if (defaultLeaseTTL > maxLeaseTTL)
    throw new InvalidRequestError("config: default_lease_ttl is greater than max_lease_ttl");

  let auditAllowedDirs: string[] = [];
  if (Array.isArray(doc.audit_allowed_dirs))
    auditAllowedDirs = doc.audit_allowed_dirs.map((d) => str(d, "audit_allowed_dirs"));
  else if (doc.audit_allowed_dirs !== undefined)
    auditAllowedDirs = str(doc.audit_allowed_dirs, "audit_allowed_dirs").split(":").filter(Boolean);

  const type = stores[0].label === "inmem" ? "inmem" : stores[0].label;
  return {
    storage: { type, options },
    listeners,
    apiAddr: doc.api_addr === undefined ? undefined : str(doc.api_addr, "api_addr"),
    clusterName: doc.cluster_name === undefined ? undefined : str(doc.cluster_name, "cluster_name"),
    ui: doc.ui === undefined ? false : bool(doc.ui, "ui"),
    defaultLeaseTTL,
    maxLeaseTTL,
    logLevel: logLevel as LogLevel,
    disableMlock: doc.disable_mlock === undefined ? false : bool(doc.disable_mlock, "disable_mlock"),
    auditAllowedDirs,
    warnings,
  };
}

export async function loadServerConfig(path: string): Promise<ServerConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new InvalidRequestError(
      `cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  try {
    return parseServerConfig(text);
  } catch (err) {
    if (err instanceof InvalidRequestError) throw new InvalidRequestError(`${path}: ${err.message}`);
    throw err;
  }
}
