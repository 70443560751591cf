/**
 * Response-wrapping bounds and parameter constraints of the rule that decided a request
 * (vault-api-core 4.5). Each check returns a refusal reason, or null when the request passes.
 *
 * Value matching follows Vault 1.21+: a string policy value may carry a leading and/or trailing
 * `*` glob; other values compare deeply. A list in the request passes allowed_parameters when every
 * element is allowed and is refused by denied_parameters when any element is denied. A string holding
 * commas is also read as a comma-separated list (fields of that type exist): refused if any trimmed
 * part is denied; allowed if the whole string or every trimmed part is allowed.
 */
import { isDeepStrictEqual } from "node:util";
import type { Permissions } from "./permissions.js";

export function checkWrapping(perms: Permissions, wrapTTL: number): string | null {
  // Anything but a positive finite number counts as "not wrapped".
  const ttl = Number.isFinite(wrapTTL) && wrapTTL > 0 ? wrapTTL : 0;
  if (perms.maxWrap > 0 && (ttl === 0 || ttl > perms.maxWrap)) {
    return "the request must be response-wrapped with a TTL no longer than max_wrapping_ttl";
  }
  if (perms.minWrap > 0 && (ttl === 0 || ttl < perms.minWrap)) {
    return "the request must be response-wrapped with a TTL at least min_wrapping_ttl";
  }
  if (perms.minWrap > 0 && perms.maxWrap > 0 && perms.maxWrap < perms.minWrap) {
    return "the merged wrapping bounds cannot be met (max_wrapping_ttl < min_wrapping_ttl)";
  }
  return null;
}

/** Vault's GlobbedStringsMatch: `*x`, `x*`, `*x*`, else equality (a lone `*` is literal). */
function globMatch(pattern: string, value: string): boolean {
  if (pattern.length < 2) return pattern === value;
  const pre = pattern.startsWith("*");
  const suf = pattern.endsWith("*");
  if (pre && suf) return value.includes(pattern.slice(1, -1));
  if (pre) return value.endsWith(pattern.slice(1));
  if (suf) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}

function inList(value: unknown, list: readonly unknown[]): boolean {
  for (const el of list) {
    if (typeof el === "string") {
      if (typeof value === "string" && globMatch(el, value)) return true;
    } else if (el === null || value === null || value === undefined) {
      if (el === value) return true;
    } else if (isDeepStrictEqual(el, value)) {
      return true;
    }
  }
  return false;
}

function commaParts(value: string): string[] {
  return value
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

function isAllowedValue(value: unknown, list: readonly unknown[]): boolean {
  if (list.length === 0 || inList(value, list)) return true;
  if (Array.isArray(value)) return value.every((v) => inList(v, list));
  if (typeof value === "string" && value.includes(",")) {
    const parts = commaParts(value);
    return parts.length > 0 && parts.every((v) => inList(v, list));
  }
  return false;
}

function isDeniedValue(value: unknown, list: readonly unknown[]): boolean {
  if (list.length === 0 || inList(value, list)) return true;
  if (Array.isArray(value)) return value.some((v) => inList(v, list));
  if (typeof value === "string") return commaParts(value).some((v) => inList(v, list));
  return false;
}

function short(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}...` : name);
}

export function checkParameters(perms: Permissions, data: Readonly<Record<string, unknown>>): string | null {
  for (const name of perms.required) {
    if (!Object.hasOwn(data, name)) return `required parameter ${short(name)} is missing`;
  }
  const keys = Object.keys(data);
  if (keys.length === 0) return null;
  if (perms.denied) {
    if (perms.denied.has("*")) return "all parameters are denied on this path";
    for (const key of keys) {
      const list = perms.denied.get(key.toLowerCase());
      if (list && isDeniedValue(data[key], list)) return `parameter ${short(key)} has a denied value`;
    }
  }
  const allowed = perms.allowed;
  if (!allowed) return null;
  const allowAll = allowed.has("*");
  if (allowAll && allowed.size === 1) return null;
  for (const key of keys) {
    const list = allowed.get(key.toLowerCase());
    if (list === undefined) {
      if (!allowAll) return `parameter ${short(key)} is not allowed`;
      continue;
    }
    if (!isAllowedValue(data[key], list)) return `parameter ${short(key)} has a value that is not allowed`;
  }
  return null;
}
