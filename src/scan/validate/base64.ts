/** Lenient base64 / base64url decoding for offline checks: null when the text is not base64. */
export function decodeBase64(text: string): Buffer | null {
  const clean = text.replace(/\s+/g, "");
  if (clean.length === 0 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(clean)) return null;
  if (clean.replace(/=+$/, "").length % 4 === 1) return null;
  return Buffer.from(clean.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

/** Decodes base64 and parses JSON; null unless the result is a JSON object. */
export function decodeBase64Json(text: string): Record<string, unknown> | null {
  const bytes = decodeBase64(text);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** True when every byte is printable ASCII (space to tilde). */
export function isPrintableAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 0x20 || b > 0x7e) return false;
  return true;
}
