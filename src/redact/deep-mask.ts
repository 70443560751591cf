import { isSensitiveKey } from "../util/logger.js";

/** How one string is masked (known values, then patterns). */
export type MaskText = (text: string) => string;

const MAX_DEPTH = 8;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A copy of an Error of the same class with its message and stack masked. */
function maskError(
  err: Error,
  maskText: MaskText,
  mask: string,
  seen: WeakSet<object>,
  depth: number,
): Error {
  const copy = Object.create(Object.getPrototypeOf(err)) as Error;
  for (const key of Object.getOwnPropertyNames(err)) {
    const value = (err as unknown as Record<string, unknown>)[key];
    Object.defineProperty(copy, key, {
      value: deepMask(value, maskText, mask, seen, depth + 1, isSensitiveKey(key)),
      enumerable: Object.prototype.propertyIsEnumerable.call(err, key),
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/**
 * A copy of `value` in which every string is masked, and every scalar under a sensitive field
 * name (the server logger's rule) is replaced by `mask`. Plain objects, arrays and errors are
 * copied (symbol keys kept); other objects (Dates, Buffers, class instances) are kept as they are.
 */
export function deepMask(
  value: unknown,
  maskText: MaskText,
  mask: string,
  seen: WeakSet<object> = new WeakSet(),
  depth = 0,
  sensitive = false,
): unknown {
  if (typeof value === "string") return sensitive && value !== "" ? mask : maskText(value);
  if (typeof value === "number" || typeof value === "bigint") return sensitive ? mask : value;
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value) || depth > MAX_DEPTH) return value;
  seen.add(value);
  if (value instanceof Error) return maskError(value, maskText, mask, seen, depth);
  if (Array.isArray(value)) return value.map((v) => deepMask(v, maskText, mask, seen, depth + 1, sensitive));
  if (!isPlainObject(value)) return value;
  const out: Record<string | symbol, unknown> = {};
  for (const key of Reflect.ownKeys(value)) {
    const v = (value as Record<string | symbol, unknown>)[key];
    const keySensitive = typeof key === "string" && isSensitiveKey(key);
    out[key] = deepMask(v, maskText, mask, seen, depth + 1, keySensitive);
  }
  return out;
}

/**
 * Masks `info` in place (winston formats receive and return the same object): every string and
 * symbol key except `level`, so `info[Symbol.for("message")]` written by an earlier format is
 * masked too.
 */
export function maskInPlace(info: Record<string | symbol, unknown>, maskText: MaskText, mask: string): void {
  const seen = new WeakSet<object>([info]);
  for (const key of Reflect.ownKeys(info)) {
    if (key === "level" || key === Symbol.for("level")) continue;
    const sensitive = typeof key === "string" && isSensitiveKey(key);
    info[key] = deepMask(info[key], maskText, mask, seen, 1, sensitive);
  }
}
