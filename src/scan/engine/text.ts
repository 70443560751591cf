/** Helpers for byte strings (latin1-decoded bytes, one character per byte). */

/** Converts a byte string holding UTF-8 back to a normal string. */
export function utf8(byteString: string): string {
  // Pure ASCII needs no conversion (the common case).
  if (!/[^\x00-\x7f]/.test(byteString)) return byteString;
  return Buffer.from(byteString, "latin1").toString("utf8");
}

/** Converts a normal string to a byte string (its UTF-8 bytes as latin1 characters). */
export function toByteString(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  return Buffer.from(text, "utf8").toString("latin1");
}

/** Number of characters the UTF-8 byte string decodes to. */
export function utf8Length(byteString: string): number {
  let n = 0;
  for (let i = 0; i < byteString.length; i++) if ((byteString.charCodeAt(i) & 0xc0) !== 0x80) n++;
  return n;
}
