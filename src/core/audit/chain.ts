/**
 * The hash chain of a file device. Each line ends in `"seq":N,"chain":"<hex>"}` where
 * chain = HMAC-SHA256(device chain key, previous chain + "\n" + this line up to `,"chain"` + "}").
 * The first line ever written has previous chain "" (genesis); the first line of a new file that
 * continues an older one (after a reopen for log rotation) names that file's last chain in
 * `chain_prev`. Without the key nobody can recompute a chain, so an edited, removed or moved line
 * breaks it where it happened.
 */
import { createHmac } from "node:crypto";

export interface ChainHead {
  /** Number of the last line written (0 before the first). */
  seq: number;
  /** Its chain value ("" before the first line). */
  chain: string;
}

export const GENESIS: ChainHead = { seq: 0, chain: "" };

export function chainMac(key: Buffer, prev: string, hashed: string | Buffer): string {
  const mac = createHmac("sha256", key).update(`${prev}\n`, "utf8");
  return (typeof hashed === "string" ? mac.update(hashed, "utf8") : mac.update(hashed)).digest("hex");
}

/**
 * The bytes a line's chain covers: the prefix and the entry JSON with seq (and chain_prev when the
 * line opens a file that continues an earlier one), still closed with "}".
 */
export function hashedPart(prefix: string, json: string, seq: number, chainPrev?: string): string {
  const extra = chainPrev === undefined ? "" : `,"chain_prev":"${chainPrev}"`;
  return `${prefix}${json.slice(0, -1)},"seq":${seq}${extra}}`;
}

/**
 * A finished line (with its newline) as bytes, and the new head. The text is encoded once: the
 * chain is computed over the same bytes that are written.
 */
export function sealLineBytes(
  key: Buffer,
  head: ChainHead,
  prefix: string,
  json: string,
  continuesFile: boolean,
): { parts: [Buffer, Buffer]; head: ChainHead } {
  const seq = head.seq + 1;
  const hashed = Buffer.from(hashedPart(prefix, json, seq, continuesFile ? head.chain : undefined), "utf8");
  const chain = chainMac(key, head.chain, hashed);
  // The hashed bytes end in "}": the line replaces it with the chain field.
  return { parts: [hashed.subarray(0, -1), Buffer.from(`,"chain":"${chain}"}\n`)], head: { seq, chain } };
}

/** sealLineBytes as text. */
export function sealLine(
  key: Buffer,
  head: ChainHead,
  prefix: string,
  json: string,
  continuesFile: boolean,
): { line: string; head: ChainHead } {
  const { parts, head: next } = sealLineBytes(key, head, prefix, json, continuesFile);
  return { line: Buffer.concat(parts).toString("utf8"), head: next };
}

const TAIL = /,"chain":"([0-9a-f]{64})"\}$/;

export interface ParsedLine {
  /** The bytes the chain covers. */
  hashed: string;
  chain: string;
  seq: number;
  chainPrev?: string;
}

/** Splits a written line (without its newline) into its parts; null when it is not a chain line. */
export function parseLine(line: string, prefix: string): ParsedLine | null {
  const m = TAIL.exec(line);
  if (!m || !line.startsWith(prefix)) return null;
  const hashed = `${line.slice(0, m.index)}}`;
  let body: unknown;
  try {
    body = JSON.parse(hashed.slice(prefix.length));
  } catch {
    return null;
  }
  if (!body || typeof body !== "object") return null;
  const { seq, chain_prev } = body as { seq?: unknown; chain_prev?: unknown };
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 1) return null;
  if (chain_prev !== undefined && (typeof chain_prev !== "string" || !/^([0-9a-f]{64})?$/.test(chain_prev))) {
    return null;
  }
  return { hashed, chain: m[1], seq, chainPrev: chain_prev as string | undefined };
}

/** The sequence number a line claims, read cheaply (for diagnosing moved lines); null if none. */
export function claimedSeq(line: string): number | null {
  const m = /"seq":(\d{1,15})(?:,"chain_prev":"[0-9a-f]*")?,"chain":"[0-9a-f]{64}"\}$/.exec(line);
  return m ? Number(m[1]) : null;
}
