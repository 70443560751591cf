/**
 * JSON helpers for secret data: RFC 7396 merge patch, the subkeys view, and a nesting limit.
 * Keys are set as own properties, so a key named "__proto__" stays data and never becomes a
 * prototype.
 */

/** Secret data nested deeper than this is refused (it could not be stored or walked safely). */
export const MAX_NESTING_DEPTH = 500;

export type JsonObject = Record<string, unknown>;

export function isPlainObject(v: unknown): v is JsonObject {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function setOwn(obj: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function getOwn(obj: JsonObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** True when objects/arrays in `value` nest deeper than `limit` levels. Iterative. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** RFC 7396: a new document with `patch` merged into `target`; null members remove keys. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const out: JsonObject = {};
  if (isPlainObject(target)) for (const k of Object.keys(target)) setOwn(out, k, target[k]);
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) delete out[k];
    else setOwn(out, k, mergePatch(getOwn(out, k), v));
  }
  return out;
}

/**
 * The shape of `data` without its values: non-empty maps keep their keys, every leaf (and every
 * map at `maxDepth`, when maxDepth > 0) becomes null.
 */
export function subkeysOf(data: JsonObject, maxDepth: number): JsonObject {
  const root: JsonObject = {};
  const stack: Array<[JsonObject, JsonObject, number]> = [[data, root, 1]];
  while (stack.length > 0) {
    const [src, dst, depth] = stack.pop()!;
    for (const k of Object.keys(src)) {
      const v = src[k];
      const deeper = depth + 1;
      if (isPlainObject(v) && Object.keys(v).length > 0 && (maxDepth === 0 || deeper <= maxDepth)) {
        const child: JsonObject = {};
        setOwn(dst, k, child);
        stack.push([v, child, deeper]);
      } else {
        setOwn(dst, k, null);
      }
    }
  }
  return root;
}
