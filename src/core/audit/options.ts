/**
 * Audit device options (Vault's string map): the ones every device shares and each type's own.
 * Unknown options are refused, so a typo never silently disables something.
 */
import { InvalidRequestError } from "../../errors.js";
import { parseGoBool } from "../../logical/fields.js";
import type { AuditDeviceType, CommonSettings } from "./types.js";

const COMMON = ["log_raw", "hmac_accessor", "prefix", "format", "elide_list_responses", "write_timeout"];
const BY_TYPE: Record<AuditDeviceType, string[]> = {
  file: ["file_path", "path", "mode"],
  socket: ["address", "socket_type"],
  syslog: ["facility", "tag", "address", "socket_type", "syslog_format"],
};
const DEFAULT_TIMEOUT_MS = 2000;
const MAX_TIMEOUT_MS = 60_000;

/** Options as sent: values must be strings (numbers and booleans are taken as their text). */
export function optionMap(v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== "object" || Array.isArray(v))
    throw new InvalidRequestError("options must be a map of strings");
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (typeof val === "string") out[k] = val;
    else if (typeof val === "number" || typeof val === "boolean") out[k] = String(val);
    else throw new InvalidRequestError("options must be a map of strings");
  }
  return out;
}

export function checkOptionNames(type: AuditDeviceType, options: Record<string, string>): void {
  const known = new Set([...COMMON, ...BY_TYPE[type]]);
  const unknown = Object.keys(options).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    const names = unknown
      .slice(0, 5)
      .map((k) => k.slice(0, 40))
      .join(", ");
    throw new InvalidRequestError(`unknown option(s) for a ${type} audit device: ${names}`);
  }
}

export function boolOption(options: Record<string, string>, name: string, fallback: boolean): boolean {
  const v = options[name];
  if (v === undefined || v === "") return fallback;
  const b = parseGoBool(v);
  if (b === undefined) throw new InvalidRequestError(`option ${name} must be a boolean`);
  return b;
}

/** "2s", "500ms", "1m", or a plain number of seconds. */
export function parseTimeoutMs(text: string | undefined): number {
  if (text === undefined || text === "") return DEFAULT_TIMEOUT_MS;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new InvalidRequestError('option write_timeout must be a duration such as "2s" or "500ms"');
  const n = Number(m[1]);
  const ms = m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1000;
  if (!Number.isFinite(ms) || ms < 1 || ms > MAX_TIMEOUT_MS) {
    throw new InvalidRequestError("option write_timeout must be between 1ms and 60s");
  }
  return Math.round(ms);
}

export function commonSettings(options: Record<string, string>): CommonSettings {
  const format = options.format ?? "json";
  if (format !== "json" && format !== "") {
    throw new InvalidRequestError('option format must be "json" (the only entry format cofre writes)');
  }
  const prefix = options.prefix ?? "";
  if (/[\r\n]/.test(prefix) || prefix.length > 256) {
    throw new InvalidRequestError("option prefix must be one line of at most 256 characters");
  }
  return {
    logRaw: boolOption(options, "log_raw", false),
    hmacAccessor: boolOption(options, "hmac_accessor", true),
    prefix,
    elideListResponses: boolOption(options, "elide_list_responses", false),
    writeTimeoutMs: parseTimeoutMs(options.write_timeout),
  };
}

/** "0600" -> 0o600; "0000" (or absent for existing files) leaves the mode alone. */
export function parseFileMode(text: string | undefined): number {
  if (text === undefined || text === "") return 0o600;
  if (!/^0?[0-7]{3,4}$/.test(text)) throw new InvalidRequestError('option mode must be octal, e.g. "0600"');
  const mode = Number.parseInt(text, 8);
  if (mode > 0o777) throw new InvalidRequestError("option mode may not set special bits");
  return mode;
}

/** "host:port" with a port in range; IPv6 hosts in brackets. */
export function parseHostPort(text: string | undefined, name: string): { host: string; port: number } {
  const m = text === undefined ? null : /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : 0;
  if (!m || port < 1 || port > 65535) {
    throw new InvalidRequestError(`option ${name} must be host:port`);
  }
  return { host: m[1] ?? m[2], port };
}
