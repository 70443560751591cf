/**
 * The keyword prefilter: one pass over a text finds every occurrence of every detector keyword
 * (ASCII case-insensitive), so each detector's regex runs only near its own keywords.
 *
 * Each keyword is anchored on its rarest two-character pair (estimated from character frequencies
 * in source code). The scan walks the text once, looks every pair up in a 64 Ki-entry table, and
 * verifies the few keywords anchored on a pair that occurs. Frequent pairs ("e ", "th") never hit
 * the table, so the loop is a table lookup per character.
 */

/** log2 frequency score of printable ASCII (32..126, lowercased) in source code; higher = more common. */
const CHAR_SCORE =
  "ldgddbdghhgdifhgffeeddddddggegfdd00000000000000000000000000fffbffjhiikhhhjfgihjjifjjjiggghfgeg8";

const LOWER = (() => {
  const t = new Uint8Array(65536);
  for (let i = 0; i < 256; i++) t[i] = i >= 65 && i <= 90 ? i + 32 : i;
  for (let i = 256; i < 65536; i++) t[i] = 0x80;
  return t;
})();

function charScore(code: number): number {
  if (code === 10) return 18;
  if (code === 9) return 15;
  if (code < 32 || code > 126) return 0;
  return Number.parseInt(CHAR_SCORE[code - 32], 36);
}

interface Anchored {
  keyword: number;
  /** The keyword's lowercase character codes. */
  codes: Uint8Array;
  /** The exact character codes, for case-sensitive keywords. */
  exact: Uint8Array | null;
  /** Where the anchor pair sits inside the keyword. */
  offset: number;
}

/** A keyword; `exact` ones match only in their own case ("EAA", not "eaa"). */
export type Keyword = string | { text: string; exact: boolean };

/** Keyword occurrences: `starts[i]` is where keyword `ids[i]` begins. */
export interface KeywordHits {
  count: number;
  starts: Int32Array;
  ids: Int32Array;
}

export function newHits(): KeywordHits {
  return { count: 0, starts: new Int32Array(256), ids: new Int32Array(256) };
}

function push(hits: KeywordHits, start: number, id: number): void {
  if (hits.count === hits.starts.length) {
    const starts = new Int32Array(hits.count * 2);
    const ids = new Int32Array(hits.count * 2);
    starts.set(hits.starts);
    ids.set(hits.ids);
    hits.starts = starts;
    hits.ids = ids;
  }
  hits.starts[hits.count] = start;
  hits.ids[hits.count] = id;
  hits.count++;
}

export class KeywordIndex {
  readonly keywords: readonly string[];
  private readonly table = new Uint8Array(65536);
  private readonly anchored: Array<Anchored[] | undefined> = new Array(65536);

  /** Keywords must be at least two characters; they match ASCII case-insensitively unless exact. */
  constructor(keywords: readonly Keyword[]) {
    this.keywords = keywords.map((k) => (typeof k === "string" ? k : k.text));
    keywords.forEach((entry, id) => {
      const keyword = typeof entry === "string" ? entry : entry.text;
      const exact =
        typeof entry === "string" || !entry.exact
          ? null
          : Uint8Array.from(keyword, (c) => c.charCodeAt(0) & 0xff);
      const codes = Uint8Array.from(keyword.toLowerCase(), (c) => LOWER[c.charCodeAt(0)]);
      if (codes.length < 2) throw new RangeError("keywords need at least two characters");
      let offset = 0;
      let best = Number.POSITIVE_INFINITY;
      for (let j = 0; j + 1 < codes.length; j++) {
        const score = charScore(codes[j]) + charScore(codes[j + 1]);
        if (score < best) {
          best = score;
          offset = j;
        }
      }
      const pair = (codes[offset] << 8) | codes[offset + 1];
      this.table[pair] = 1;
      const list = this.anchored[pair] ?? [];
      list.push({ keyword: id, codes, exact, offset });
      this.anchored[pair] = list;
    });
  }

  /** Appends every keyword occurrence in `text` to `hits` (in order of anchor position). */
  find(text: string, hits: KeywordHits): void {
    const len = text.length;
    if (len < 2) return;
    const table = this.table;
    let prev = LOWER[text.charCodeAt(0)];
    for (let i = 1; i < len; i++) {
      const c = LOWER[text.charCodeAt(i)];
      const pair = (prev << 8) | c;
      prev = c;
      if (table[pair] !== 0) this.verify(text, i - 1, pair, hits);
    }
  }

  /** The same over raw bytes (latin1 offsets): a file with no hit never needs decoding. */
  findBytes(bytes: Uint8Array, length: number, hits: KeywordHits): void {
    if (length < 2) return;
    const table = this.table;
    let prev = LOWER[bytes[0]];
    for (let i = 1; i < length; i++) {
      const c = LOWER[bytes[i]];
      const pair = (prev << 8) | c;
      prev = c;
      if (table[pair] !== 0) this.verifyBytes(bytes, length, i - 1, pair, hits);
    }
  }

  private verifyBytes(bytes: Uint8Array, length: number, at: number, pair: number, hits: KeywordHits): void {
    const list = this.anchored[pair]!;
    for (let k = 0; k < list.length; k++) {
      const { codes, offset, keyword, exact } = list[k];
      const start = at - offset;
      if (start < 0 || start + codes.length > length) continue;
      let j = 0;
      if (exact === null) while (j < codes.length && LOWER[bytes[start + j]] === codes[j]) j++;
      else while (j < exact.length && bytes[start + j] === exact[j]) j++;
      if (j === codes.length) push(hits, start, keyword);
    }
  }

  private verify(text: string, at: number, pair: number, hits: KeywordHits): void {
    const list = this.anchored[pair]!;
    for (let k = 0; k < list.length; k++) {
      const { codes, offset, keyword, exact } = list[k];
      const start = at - offset;
      if (start < 0 || start + codes.length > text.length) continue;
      let j = 0;
      if (exact === null) while (j < codes.length && LOWER[text.charCodeAt(start + j)] === codes[j]) j++;
      else while (j < exact.length && text.charCodeAt(start + j) === exact[j]) j++;
      if (j === codes.length) push(hits, start, keyword);
    }
  }
}
