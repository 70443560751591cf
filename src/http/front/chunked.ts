/**
 * Byte-level scanner of a chunked request body (RFC 9112 section 7.1): chunk sizes, extensions,
 * data, the last chunk and the trailer section. It only finds where the body ends; chunk data
 * is skipped over, never copied. No whitespace is accepted inside the framing (no BWS).
 */
import {
  BACKSLASH,
  COLON,
  CR,
  DQUOTE,
  EQUALS,
  FIELD_VALUE,
  HEX,
  LF,
  QDTEXT,
  QUOTED_PAIR,
  SEMICOLON,
  TCHAR,
} from "./chars.js";

/* Scanner states. */
const SIZE = 0;
const EXT_NAME_START = 1;
const EXT_NAME = 2;
const EXT_VALUE_START = 3;
const EXT_TOKEN = 4;
const EXT_QUOTED = 5;
const EXT_QUOTED_PAIR = 6;
const EXT_QUOTED_END = 7;
const SIZE_LF = 8;
const DATA = 9;
const DATA_CR = 10;
const DATA_LF = 11;
const TRAILER_LINE_START = 12;
const TRAILER_NAME = 13;
const TRAILER_VALUE = 14;
const TRAILER_LF = 15;
const END_LF = 16;

/** 16 hex digits (leading zeros included) are plenty; the value itself must stay below 2^53. */
const MAX_SIZE_DIGITS = 16;
const MAX_SIZE = Number.MAX_SAFE_INTEGER;

export const BODY_INCOMPLETE = -1;
export const BODY_INVALID = -2;

export class ChunkedBodyScanner {
  private state = SIZE;
  private digits = 0;
  private size = 0;
  /** Bytes of chunk extensions and trailer fields seen in this body (bounded). */
  private metaBytes = 0;

  constructor(private readonly maxMetaBytes: number) {}

  reset(): void {
    this.state = SIZE;
    this.digits = 0;
    this.size = 0;
    this.metaBytes = 0;
  }

  /**
   * Consumes buf[from, end). Returns the index just past the end of the body, BODY_INCOMPLETE
   * when all bytes were consumed and more are needed, or BODY_INVALID.
   */
  scan(buf: Buffer, from: number, end: number): number {
    let i = from;
    while (i < end) {
      const state = this.state;
      if (state === DATA) {
        const take = Math.min(this.size, end - i);
        i += take;
        this.size -= take;
        if (this.size === 0) this.state = DATA_CR;
        continue;
      }
      const c = buf[i++];
      switch (state) {
        case SIZE: {
          const h = HEX[c];
          if (h >= 0) {
            if (++this.digits > MAX_SIZE_DIGITS) return BODY_INVALID;
            this.size = this.size * 16 + h;
            if (this.size > MAX_SIZE) return BODY_INVALID;
          } else if (this.digits === 0) {
            return BODY_INVALID;
          } else if (c === SEMICOLON) {
            this.state = EXT_NAME_START;
          } else if (c === CR) {
            this.state = SIZE_LF;
          } else {
            return BODY_INVALID;
          }
          break;
        }
        case EXT_NAME_START:
          if (TCHAR[c] !== 1) return BODY_INVALID;
          this.state = EXT_NAME;
          break;
        case EXT_NAME:
          if (TCHAR[c] === 1) break;
          if (c === EQUALS) this.state = EXT_VALUE_START;
          else if (!this.afterExtension(c)) return BODY_INVALID;
          break;
        case EXT_VALUE_START:
          if (c === DQUOTE) this.state = EXT_QUOTED;
          else if (TCHAR[c] === 1) this.state = EXT_TOKEN;
          else return BODY_INVALID;
          break;
        case EXT_TOKEN:
          if (TCHAR[c] !== 1 && !this.afterExtension(c)) return BODY_INVALID;
          break;
        case EXT_QUOTED:
          if (c === DQUOTE) this.state = EXT_QUOTED_END;
          else if (c === BACKSLASH) this.state = EXT_QUOTED_PAIR;
          else if (QDTEXT[c] !== 1) return BODY_INVALID;
          break;
        case EXT_QUOTED_PAIR:
          if (QUOTED_PAIR[c] !== 1) return BODY_INVALID;
          this.state = EXT_QUOTED;
          break;
        case EXT_QUOTED_END:
          if (!this.afterExtension(c)) return BODY_INVALID;
          break;
        case SIZE_LF:
          if (c !== LF) return BODY_INVALID;
          this.digits = 0;
          this.state = this.size === 0 ? TRAILER_LINE_START : DATA;
          break;
        case DATA_CR:
          if (c !== CR) return BODY_INVALID;
          this.state = DATA_LF;
          break;
        case DATA_LF:
          if (c !== LF) return BODY_INVALID;
          this.state = SIZE;
          break;
        case TRAILER_LINE_START:
          if (c === CR) this.state = END_LF;
          else if (TCHAR[c] === 1) this.state = TRAILER_NAME;
          else return BODY_INVALID;
          break;
        case TRAILER_NAME:
          if (c === COLON) this.state = TRAILER_VALUE;
          else if (TCHAR[c] !== 1) return BODY_INVALID;
          break;
        case TRAILER_VALUE:
          if (c === CR) this.state = TRAILER_LF;
          else if (FIELD_VALUE[c] !== 1) return BODY_INVALID;
          break;
        case TRAILER_LF:
          if (c !== LF) return BODY_INVALID;
          this.state = TRAILER_LINE_START;
          break;
        case END_LF:
          if (c !== LF) return BODY_INVALID;
          return i;
      }
      if ((state >= EXT_NAME_START && state <= EXT_QUOTED_END) || state >= TRAILER_LINE_START) {
        if (++this.metaBytes > this.maxMetaBytes) return BODY_INVALID;
      }
    }
    return BODY_INCOMPLETE;
  }

  /** After an extension name or value: another extension, or the end of the size line. */
  private afterExtension(c: number): boolean {
    if (c === SEMICOLON) this.state = EXT_NAME_START;
    else if (c === CR) this.state = SIZE_LF;
    else return false;
    return true;
  }
}
