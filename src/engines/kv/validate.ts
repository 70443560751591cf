/**
 * Input rules of the KV engine: secret paths, custom_metadata limits, the CAS option and two
 * field schemas (a plain JSON object kept as-is, and Vault's comma-or-list integer slice).
 */
import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import { isPlainObject, type JsonObject, MAX_NESTING_DEPTH, nestedDeeperThan, setOwn } from "./json.js";

/**
 * A secret path usable as a storage key: non-empty segments, none "." or "..". Returns null when
 * the path is not one (reads then find nothing; writes refuse it).
 */
export function secretPath(path: string): string | null {
  if (path === "") return null;
  return path.split("/").every((s) => s !== "" && s !== "." && s !== "..") ? path : null;
}

/** Like secretPath, but throws the 400 a write gets. */
export function requireSecretPath(path: string): string {
  if (path === "") throw new InvalidRequestError("missing path");
  const key = secretPath(path);
  if (key === null)
    throw new InvalidRequestError("invalid path: empty, '.' or '..' segments are not allowed");
  return key;
}

/** A folder to list: "" (the root) or a secret path ending in "/"; null when invalid. */
export function listPrefix(path: string): string | null {
  if (path === "") return "";
  const dir = path.endsWith("/") ? path.slice(0, -1) : path;
  return secretPath(dir) === null ? null : `${dir}/`;
}

/** Refuses secret data that could not be stored and walked safely. */
export function assertStorableData(data: JsonObject): void {
  if (nestedDeeperThan(data, MAX_NESTING_DEPTH)) {
    throw new InvalidRequestError(`data is nested more than ${MAX_NESTING_DEPTH} levels deep`);
  }
}

/** A JSON object, kept as the very object given (zod's record would drop a "__proto__" key). */
export const plainObject = () =>
  z.custom<JsonObject>((v) => isPlainObject(v), { message: "expected an object" });

/** Vault's TypeCommaIntSlice: [1, 2], ["1", "2"], "1,2" or 3. */
export const intList = () =>
  z.preprocess(
    (v) => {
      const items = typeof v === "string" ? v.split(",").filter((s) => s.trim() !== "") : v;
      const list = Array.isArray(items) ? items : typeof items === "number" ? [items] : items;
      if (!Array.isArray(list)) return list;
      return list.map((x) => (typeof x === "string" && /^\s*-?\d+\s*$/.test(x) ? Number(x) : x));
    },
    z.array(z.number().int(), { error: "expected a list of integers" }),
  );

const CAS_MISMATCH = "check-and-set parameter did not match the current version";

/** Checks the write's `options.cas` against the key's current version (0 when it has none). */
export function checkCas(options: JsonObject | null | undefined, current: number, required: boolean): void {
  const raw = options && Object.hasOwn(options, "cas") ? options.cas : undefined;
  if (raw === undefined) {
    if (required) throw new InvalidRequestError("check-and-set parameter required for this call");
    return;
  }
  let cas: number;
  if (typeof raw === "number" && Number.isFinite(raw)) cas = Math.trunc(raw);
  else if (typeof raw === "string" && /^\s*-?\d+\s*$/.test(raw)) cas = Number(raw);
  else if (raw === null) cas = 0;
  else throw new InvalidRequestError("error parsing check-and-set parameter");
  if (cas !== current) throw new InvalidRequestError(CAS_MISMATCH);
}

const MAX_CM_KEYS = 64;
const MAX_CM_KEY_LENGTH = 128;
const MAX_CM_VALUE_LENGTH = 512;
const CM_PREFIX = "custom_metadata validation failed";
const UNPRINTABLE = /[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

/** Go's multierror text, which Vault returns for custom_metadata problems. */
function multiError(errors: string[]): string {
  const head = errors.length === 1 ? "1 error occurred:" : `${errors.length} errors occurred:`;
  return `${head}\n\t${errors.map((e) => `* ${e}`).join("\n\t")}\n\n`;
}

/**
 * custom_metadata as stored: a map of strings (numbers and booleans are converted the way Vault's
 * weak decoding does). With `dropNulls` (PATCH) null members are skipped.
 */
export function parseCustomMetadata(raw: JsonObject, dropNulls: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(raw)) {
    const v = raw[k];
    if (v === null && dropNulls) continue;
    if (typeof v === "string") setOwn(out, k, v);
    else if (typeof v === "number" && Number.isFinite(v)) setOwn(out, k, String(v));
    else if (typeof v === "boolean") setOwn(out, k, v ? "1" : "0");
    else if (v === null) setOwn(out, k, "");
    else throw new InvalidRequestError(`${CM_PREFIX}: value for key ${JSON.stringify(k)} is not a string`);
  }
  return out;
}

/** Vault's limits: at most 64 keys, 0 < key <= 128 bytes, 0 < value <= 512 bytes, printable. */
export function validateCustomMetadata(cm: Record<string, string>): void {
  const keys = Object.keys(cm);
  if (keys.length > MAX_CM_KEYS) {
    throw new InvalidRequestError(
      multiError([`${CM_PREFIX}: payload must contain at most ${MAX_CM_KEYS} keys, provided ${keys.length}`]),
    );
  }
  const errors: string[] = [];
  for (const key of keys) {
    const value = cm[key];
    const q = JSON.stringify(key);
    const keyLen = Buffer.byteLength(key);
    const valueLen = Buffer.byteLength(value);
    if (keyLen === 0 || keyLen > MAX_CM_KEY_LENGTH) {
      errors.push(
        `${CM_PREFIX}: length of key ${q} is ${keyLen} but must be 0 < len(key) <= ${MAX_CM_KEY_LENGTH}`,
      );
    }
    if (valueLen === 0 || valueLen > MAX_CM_VALUE_LENGTH) {
      errors.push(
        `${CM_PREFIX}: length of value for key ${q} is ${valueLen} but must be 0 < len(value) <= ${MAX_CM_VALUE_LENGTH}`,
      );
    }
    if (UNPRINTABLE.test(key)) errors.push(`${CM_PREFIX}: key ${q} contains unprintable characters`);
    if (UNPRINTABLE.test(value)) {
      errors.push(`${CM_PREFIX}: value for key ${q} contains unprintable characters`);
    }
  }
  if (errors.length > 0) throw new InvalidRequestError(multiError(errors));
}
