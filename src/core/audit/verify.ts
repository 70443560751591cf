/**
 * Verifies lines of a file device against its chain key and names the first line that breaks the
 * chain: edited (its bytes changed), deleted (entries missing before it) or reordered (it holds an
 * entry that belongs elsewhere). Only chain values read from verified lines are ever returned:
 * the verifier never hands out a MAC of bytes the caller chose.
 */
import { timingSafeEqual } from "node:crypto";
import { type ChainHead, chainMac, claimedSeq, type ParsedLine, parseLine } from "./chain.js";

export type ProblemKind = "malformed" | "edited" | "deleted" | "reordered";

export interface VerifyProblem {
  /** 1-based line number in the file. */
  line: number;
  kind: ProblemKind;
  message: string;
}

export interface VerifyResult {
  valid: boolean;
  /** Lines proven, counted from the first one given. */
  checked: number;
  /** The head after the last proven line; pass it back to continue with the next lines. */
  last: ChainHead | null;
  /** When the first line of the file continues an older file: that file's last chain. */
  continuesFrom?: string;
  /** Lines where the chain starts afresh (a new file begun without a link to the old one). */
  restarts: number[];
  problem?: VerifyProblem;
}

export interface VerifyInput {
  lines: readonly string[];
  /** Line number of lines[0] in the file (1-based). */
  firstLine: number;
  /** Head of the line before lines[0]; null when lines[0] is the first line of the file. */
  after: ChainHead | null;
  prefix: string;
}

function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

function diagnose(
  input: VerifyInput,
  index: number,
  parsed: ParsedLine,
  expectedSeq: number | null,
): VerifyProblem {
  const line = input.firstLine + index;
  const edited: VerifyProblem = {
    line,
    kind: "edited",
    message: `line ${line} was edited: entry #${parsed.seq} does not match its chain`,
  };
  if (expectedSeq === null || parsed.seq === expectedSeq) return edited;
  if (parsed.seq < expectedSeq) {
    return {
      line,
      kind: "reordered",
      message: `line ${line} holds entry #${parsed.seq}, which belongs before it (moved or duplicated)`,
    };
  }
  for (let j = index + 1; j < input.lines.length; j++) {
    if (claimedSeq(input.lines[j]) === expectedSeq) {
      return {
        line,
        kind: "reordered",
        message: `line ${line} holds entry #${parsed.seq}, but entry #${expectedSeq} comes later, at line ${input.firstLine + j}`,
      };
    }
  }
  const missing = parsed.seq - expectedSeq;
  const which =
    missing === 1
      ? `entry #${expectedSeq} is`
      : `entries #${expectedSeq}-#${parsed.seq - 1} (${missing}) are`;
  return { line, kind: "deleted", message: `${which} missing before line ${line}` };
}

export function verifyLines(key: Buffer, input: VerifyInput): VerifyResult {
  let head = input.after;
  const result: VerifyResult = { valid: true, checked: 0, last: head, restarts: [] };
  for (let i = 0; i < input.lines.length; i++) {
    const n = input.firstLine + i;
    const parsed = parseLine(input.lines[i], input.prefix);
    if (!parsed) {
      result.valid = false;
      result.problem = {
        line: n,
        kind: "malformed",
        message: `line ${n} is not a whole entry of this device (edited, cut short or foreign)`,
      };
      return result;
    }
    let prev: string;
    let expectedSeq: number | null;
    if (head === null) {
      prev = parsed.chainPrev ?? "";
      expectedSeq = parsed.chainPrev === undefined ? 1 : null;
      if (parsed.chainPrev !== undefined) result.continuesFrom = parsed.chainPrev;
    } else {
      prev = head.chain;
      expectedSeq = head.seq + 1;
    }
    const linked = parsed.chainPrev === undefined || parsed.chainPrev === prev;
    if (!linked || !sameMac(chainMac(key, prev, parsed.hashed), parsed.chain)) {
      const restart =
        head !== null &&
        parsed.seq === 1 &&
        parsed.chainPrev === undefined &&
        sameMac(chainMac(key, "", parsed.hashed), parsed.chain);
      if (!restart) {
        result.valid = false;
        result.problem = diagnose(input, i, parsed, expectedSeq);
        return result;
      }
      result.restarts.push(n);
    }
    head = { seq: parsed.seq, chain: parsed.chain };
    result.last = head;
    result.checked++;
  }
  return result;
}
