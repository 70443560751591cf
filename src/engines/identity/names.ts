/**
 * The one spelling of identity names, so a variant spelling finds the same entity, alias or group:
 * entity and group names are trimmed and NFC-normalised and looked up without regard to case;
 * alias names are trimmed and NFC-normalised, and lower-cased on mounts whose login names are
 * case-insensitive (the same rule as src/auth/common/username.ts applies to userpass logins).
 */
import { InvalidRequestError } from "../../errors.js";

/** Letters, digits, `_`, `.`, `@` and `-`: no `/`, `*` or `+`, so a name can never widen a policy template. */
const NAME = /^[\p{L}\p{N}_][\p{L}\p{N}\p{M}_.@-]*$/u;
const MAX_NAME = 256;
const MAX_ALIAS_NAME = 1024;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Auth method types whose login names are case-insensitive. */
const CASE_INSENSITIVE_TYPES = new Set(["userpass", "ldap", "okta", "radius"]);

/** An entity or group name as stored (400 when invalid). */
export function cleanName(raw: string, what: "entity" | "group"): string {
  const name = raw.trim().normalize("NFC");
  if (name === "") throw new InvalidRequestError(`missing ${what} name`);
  if (name.length > MAX_NAME || !NAME.test(name)) {
    throw new InvalidRequestError(
      `invalid ${what} name: use letters, digits, '_', '.', '@' and '-', starting with a letter, digit or '_'`,
    );
  }
  return name;
}

/** The key a name is found under: its stored spelling, lower-cased. */
export function nameKey(raw: string): string {
  return raw.trim().normalize("NFC").toLowerCase();
}

/** An alias name as stored for a mount of this type (400 when invalid). */
export function cleanAliasName(raw: string, mountType: string): string {
  let name = raw.trim().normalize("NFC");
  if (CASE_INSENSITIVE_TYPES.has(mountType)) name = name.toLowerCase();
  if (name === "") throw new InvalidRequestError("missing alias name");
  if (name.length > MAX_ALIAS_NAME || CONTROL.test(name)) throw new InvalidRequestError("invalid alias name");
  return name;
}

/** Policy names: trimmed, lower-cased, unique, sorted; empty entries dropped. */
export function cleanPolicies(list: readonly string[]): string[] {
  return [...new Set(list.map((p) => p.trim().toLowerCase()).filter((p) => p !== ""))].sort();
}

/** Metadata: string keys and values only, bounded. */
export function cleanMetadata(map: Record<string, string>): Record<string, string> {
  const entries = Object.entries(map);
  if (entries.length > 64) throw new InvalidRequestError("metadata cannot have more than 64 entries");
  for (const [k, v] of entries) {
    if (k === "" || k.length > 128 || CONTROL.test(k)) throw new InvalidRequestError("invalid metadata key");
    if (v.length > 512) throw new InvalidRequestError(`metadata value of "${k}" is too long`);
  }
  return Object.fromEntries(entries);
}

/**
 * Login metadata from an auth method, kept as far as it fits (a login never fails over it): at
 * most 64 entries with valid keys, values cut to 512 characters.
 */
export function loginMetadata(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map).slice(0, 64)) {
    if (k === "" || k.length > 128 || CONTROL.test(k) || typeof v !== "string") continue;
    out[k] = v.slice(0, 512);
  }
  return out;
}
