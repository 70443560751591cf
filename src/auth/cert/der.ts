/**
 * A minimal, strict DER reader: just enough ASN.1 to read the certificate fields node:crypto's
 * X509Certificate does not expose (extensions, validity instants, name attributes). Every read is
 * bounds-checked; anything that is not DER (indefinite lengths, high tag numbers, overruns) throws.
 */

export class DerError extends Error {}

/** One tag-length-value element: `content` is a view of the bytes inside it. */
export interface Tlv {
  tag: number;
  content: Uint8Array;
  /** Offset just past this element in the buffer it was read from. */
  end: number;
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  numericString: 0x12,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Reads the element starting at `offset` of `buf`. */
export function readTlv(buf: Uint8Array, offset = 0): Tlv {
  if (offset + 2 > buf.length) throw new DerError("truncated element");
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError("high tag numbers are not supported");
  let length = buf[offset + 1];
  let at = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError("unsupported length encoding");
    if (at + count > buf.length) throw new DerError("truncated length");
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[at + i];
    at += count;
  }
  const end = at + length;
  if (end > buf.length) throw new DerError("element overruns its container");
  return { tag, content: buf.subarray(at, end), end };
}

/** Reads one element that must fill `buf` exactly. */
export function readSingle(buf: Uint8Array): Tlv {
  const tlv = readTlv(buf, 0);
  if (tlv.end !== buf.length) throw new DerError("trailing bytes after element");
  return tlv;
}

/** The elements inside a constructed element, in order. */
export function childrenOf(tlv: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < tlv.content.length) {
    const child = readTlv(tlv.content, offset);
    out.push(child);
    offset = child.end;
  }
  return out;
}

export function expectTag(tlv: Tlv | undefined, tag: number, what: string): Tlv {
  if (tlv === undefined || tlv.tag !== tag) throw new DerError(`expected ${what}`);
  return tlv;
}

/** Dotted form of an OBJECT IDENTIFIER's content. */
export function decodeOid(content: Uint8Array): string {
  if (content.length === 0) throw new DerError("empty object identifier");
  const arcs: bigint[] = [];
  let value = 0n;
  for (let i = 0; i < content.length; i++) {
    value = (value << 7n) | BigInt(content[i] & 0x7f);
    if ((content[i] & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    } else if (i === content.length - 1) throw new DerError("truncated object identifier");
  }
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  const second = arcs[0] - first * 40n;
  return [first, second, ...arcs.slice(1)].map(String).join(".");
}

/** An INTEGER's content as a (signed) bigint. */
export function decodeInteger(content: Uint8Array): bigint {
  if (content.length === 0) throw new DerError("empty integer");
  let value = 0n;
  for (const byte of content) value = (value << 8n) | BigInt(byte);
  if (content[0] & 0x80) value -= 1n << BigInt(content.length * 8);
  return value;
}

/** UTCTime or GeneralizedTime (UTC, "Z"), as milliseconds since the epoch. */
export function decodeTime(tlv: Tlv): number {
  const text = Buffer.from(tlv.content).toString("latin1");
  const m =
    tlv.tag === TAG.utcTime
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : tlv.tag === TAG.generalizedTime
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d+)?Z$/.exec(text)
        : null;
  if (!m) throw new DerError("invalid time");
  let year = Number(m[1]);
  if (tlv.tag === TAG.utcTime) year += year >= 50 ? 1900 : 2000;
  const ms = Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (!Number.isFinite(ms)) throw new DerError("invalid time");
  return ms;
}

/** A directory string (UTF8, Printable, IA5, T61, Numeric, BMP) as text; undefined for other types. */
export function decodeString(tlv: Tlv): string | undefined {
  switch (tlv.tag) {
    case TAG.utf8String:
      return Buffer.from(tlv.content).toString("utf8");
    case TAG.printableString:
    case TAG.ia5String:
    case TAG.numericString:
    case TAG.t61String:
      return Buffer.from(tlv.content).toString("latin1");
    case TAG.bmpString: {
      if (tlv.content.length % 2 !== 0) return undefined;
      const swapped = Buffer.from(tlv.content);
      swapped.swap16();
      return swapped.toString("utf16le");
    }
    default:
      return undefined;
  }
}
