/** Base62 with the digits-uppercase-lowercase alphabet GitHub and npm tokens use. */
export const BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Encodes a non-negative integer, left-padded with "0" to `width`. */
export function encodeBase62(value: number, width: number): string {
  let out = "";
  let v = Math.floor(value);
  while (v > 0) {
    out = BASE62_ALPHABET[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, "0");
}

/** Decodes base62 digits to an integer, or -1 when a character is not base62. */
export function decodeBase62(text: string): number {
  let v = 0;
  for (let i = 0; i < text.length; i++) {
    const d = BASE62_ALPHABET.indexOf(text[i]);
    if (d < 0) return -1;
    v = v * 62 + d;
  }
  return v;
}
