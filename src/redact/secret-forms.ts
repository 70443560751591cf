/**
 * The forms a secret value takes when a program prints it: as typed, base64 (standard, unpadded,
 * URL-safe), URL-encoded (path and form style) and JSON-escaped.
 */

/** Values shorter than this are not masked (too many false hits in ordinary output). */
export const MIN_SECRET_LENGTH = 4;

/** What a masked value is replaced with. */
export const MASK = "***";

function base64Forms(value: string): string[] {
  const std = Buffer.from(value, "utf8").toString("base64");
  const unpadded = std.replace(/=+$/, "");
  const url = unpadded.replace(/\+/g, "-").replace(/\//g, "_");
  return [std, unpadded, url];
}

function urlForms(value: string): string[] {
  const path = encodeURIComponent(value);
  return [path, path.replace(/%20/g, "+")];
}

/** Every distinct form of `value` at least `minLength` long; none when `value` itself is shorter. */
export function secretForms(value: string, minLength = MIN_SECRET_LENGTH): string[] {
  if (value.length < minLength) return [];
  const forms = new Set<string>([value, ...base64Forms(value), ...urlForms(value)]);
  forms.add(JSON.stringify(value).slice(1, -1));
  return [...forms].filter((f) => f.length >= minLength);
}
