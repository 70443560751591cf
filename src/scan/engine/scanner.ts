import { isConfigLikePath } from "../files/classify.js";
import type { CompiledAllowlist, Confidence, Detector, Finding, Reach, ScanDocument } from "../types.js";
import { allowlistMatches } from "./allowlist.js";
import { shannonEntropy } from "./entropy.js";
import { displayMatch, LINE_CONTEXT, lineAround, lineEnd, lineNumber, secretSpan } from "./locate.js";
import { type Candidate, resolveOverlaps } from "./overlap.js";
import { isFakeToken, isFixturePath, isGenericPlaceholder, isPlaceholder } from "./placeholders.js";
import { type Keyword, KeywordIndex, newHits } from "./prefilter.js";
import { fingerprint, redact } from "./redact.js";
import { utf8, utf8Length } from "./text.js";
import { addWindow, LineBounds } from "./windows.js";

export interface ScannerOptions {
  detectors: readonly Detector[];
  /** Global allowlists (rule-local ones travel with their detector). */
  allowlists: readonly CompiledAllowlist[];
  /** Mask secrets in `match` and leave `secret` out (default true). */
  redact?: boolean;
}

interface Compiled {
  detector: Detector;
  regex: RegExp;
  reach: Reach;
}

const DEFAULT_REACH: Reach = { before: 96, after: 320 };
const INLINE_ALLOW = /(?:cofre|gitleaks):allow/;

/**
 * The scanner core: finds the keywords of every detector in one pass, runs each detector's
 * pattern only in windows around its keywords, validates and filters the candidates, and turns
 * the survivors into findings with lines, columns, redaction and fingerprints.
 * One Scanner per thread; `scan` is synchronous and keeps no state between documents.
 */
export class Scanner {
  private readonly compiled: Compiled[];
  private readonly index: KeywordIndex;
  private readonly byKeyword: number[][];
  private readonly always: number[] = [];
  private readonly allowlists: readonly CompiledAllowlist[];
  private readonly redact: boolean;
  private readonly hits = newHits();

  constructor(options: ScannerOptions) {
    this.allowlists = options.allowlists;
    this.redact = options.redact ?? true;
    this.compiled = options.detectors.map((detector) => ({
      detector,
      regex: new RegExp(detector.pattern.source, `${detector.pattern.flags.replace(/[gdy]/g, "")}gd`),
      reach: detector.reach ?? DEFAULT_REACH,
    }));
    const keywordIds = new Map<string, number>();
    const entries: Keyword[] = [];
    this.byKeyword = [];
    this.compiled.forEach((c, i) => {
      const exact = c.detector.keywordsCaseSensitive === true;
      const usable = c.detector.keywords
        .map((k) => (exact ? k : k.toLowerCase()))
        .filter((k) => k.length >= 2);
      if (usable.length === 0 || usable.length < c.detector.keywords.length) {
        this.always.push(i);
        return;
      }
      for (const k of new Set(usable)) {
        const key = exact ? `=${k}` : k;
        let id = keywordIds.get(key);
        if (id === undefined) {
          id = entries.length;
          keywordIds.set(key, id);
          entries.push(exact ? { text: k, exact } : k);
          this.byKeyword.push([]);
        }
        this.byKeyword[id].push(i);
      }
    });
    this.index = new KeywordIndex(entries);
  }

  /** Every keyword of every keyword-gated detector (for baselines such as ripgrep). */
  get keywords(): readonly string[] {
    return this.index.keywords;
  }

  scan(doc: ScanDocument): Finding[] {
    this.hits.count = 0;
    this.index.find(doc.text, this.hits);
    return this.scanFound(doc);
  }

  /**
   * Scans a file's bytes (`length` of them, one chunk): the prefilter runs on the bytes, and a
   * file without any keyword is done without ever being decoded.
   */
  scanBytes(path: string, bytes: Uint8Array, length: number): Finding[] {
    this.hits.count = 0;
    this.index.findBytes(bytes, length, this.hits);
    if (this.hits.count === 0 && this.always.length === 0) return [];
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, length).toString("latin1");
    return this.scanFound({ path, text });
  }

  /** The rest of a scan, once `this.hits` holds the keyword hits of `doc.text`. */
  private scanFound(doc: ScanDocument): Finding[] {
    const candidates = this.candidates(doc);
    if (candidates.length === 0) return [];
    const fresh = doc.freshFrom ?? 0;
    const kept = resolveOverlaps(candidates).filter((c) => c.end > fresh);
    return kept.length === 0 ? [] : this.toFindings(doc, kept);
  }

  private candidates(doc: ScanDocument): Candidate[] {
    const text = doc.text;
    const hits = this.hits;
    const windows = new Map<number, number[]>();
    const lines = new LineBounds(text);
    const keywords = this.index.keywords;
    for (let h = 0; h < hits.count; h++) {
      const id = hits.ids[h];
      const start = hits.starts[h];
      const end = start + keywords[id].length;
      const detectors = this.byKeyword[id];
      for (let k = 0; k < detectors.length; k++) {
        const d = detectors[k];
        addWindow(windows, d, lines, text.length, start, end, this.compiled[d].reach);
      }
    }
    for (const d of this.always) windows.set(d, [0, text.length]);
    const out: Candidate[] = [];
    const configLike = doc.configLike ?? isConfigLikePath(doc.path);
    const fixture = isFixturePath(doc.path);
    for (const [d, spans] of windows) {
      const c = this.compiled[d];
      if (c.detector.path && !c.detector.path.test(doc.path)) continue;
      if (fixture && c.detector.generic) continue;
      const seen = new Set<number>();
      for (let w = 0; w < spans.length; w += 2)
        this.runWindow(c, doc, spans[w], spans[w + 1], configLike, seen, out);
    }
    return out;
  }

  private runWindow(
    c: Compiled,
    doc: ScanDocument,
    from: number,
    to: number,
    configLike: boolean,
    seen: Set<number>,
    out: Candidate[],
  ): void {
    const context = doc.text.slice(from, to);
    const re = c.regex;
    re.lastIndex = 0;
    for (let m = re.exec(context); m !== null; m = re.exec(context)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const start = from + m.index;
      if (seen.has(start)) continue;
      seen.add(start);
      const span = secretSpan(m, c.detector);
      const secret = context.slice(span[0], span[1]);
      const d = c.detector;
      if (secret.length === 0) continue;
      if (!d.skipPlaceholderCheck && this.placeholder(d, secret)) continue;
      const entropy = shannonEntropy(secret);
      if (d.minEntropy !== undefined && entropy < d.minEntropy) continue;
      let confidence: Confidence | null = d.confidence;
      if (d.check) {
        const line = lineAround(context, m.index, m.index + m[0].length);
        confidence = d.check({ secret, match: m, path: doc.path, line, context, configLike });
      }
      if (confidence === null) continue;
      out.push({
        detector: d,
        start,
        end: start + m[0].length,
        secretStart: from + span[0],
        secretEnd: from + span[1],
        confidence,
        entropy,
      });
    }
  }

  /** Generic rules: strict; vendor formats: placeholders and hand-typed fakes; custom rules: placeholders. */
  private placeholder(d: Detector, secret: string): boolean {
    if (d.generic) return isGenericPlaceholder(secret);
    return d.family === "custom" ? isPlaceholder(secret) : isFakeToken(secret, d.keywords);
  }

  private toFindings(doc: ScanDocument, candidates: Candidate[]): Finding[] {
    const text = doc.text;
    const findings: Finding[] = [];
    let lineIndex = 0;
    let lineStart = 0;
    for (const c of candidates) {
      for (
        let nl = text.indexOf("\n", lineStart);
        nl !== -1 && nl < c.secretStart;
        nl = text.indexOf("\n", lineStart)
      ) {
        lineStart = nl + 1;
        lineIndex++;
      }
      const line = text.slice(Math.max(lineStart, c.secretStart - LINE_CONTEXT), lineEnd(text, c.secretEnd));
      const matchLineStart = text.lastIndexOf("\n", c.start - 1) + 1;
      const matchLine =
        matchLineStart === lineStart ? line : text.slice(matchLineStart, lineEnd(text, c.start));
      if (INLINE_ALLOW.test(line) || INLINE_ALLOW.test(matchLine)) continue;
      const rule = c.detector.id;
      const secret = utf8(text.slice(c.secretStart, c.secretEnd));
      const match = utf8(text.slice(c.start, c.end));
      const subject = { rule, path: doc.path, secret, match, line: utf8(line), commit: doc.commit?.commit };
      if (this.allowlists.some((l) => allowlistMatches(l, subject))) continue;
      if (c.detector.allowlists?.some((l) => allowlistMatches(l, subject))) continue;
      const inner = text.slice(c.secretStart, c.secretEnd);
      let endIndex = lineIndex;
      let endLineStart = lineStart;
      for (let nl = inner.indexOf("\n"); nl !== -1; nl = inner.indexOf("\n", nl + 1)) {
        endIndex++;
        endLineStart = c.secretStart + nl + 1;
      }
      const shown = `${text.slice(c.start, c.secretStart)}${this.redact ? redact(inner) : inner}${text.slice(c.secretEnd, c.end)}`;
      findings.push({
        file: doc.path,
        line: lineNumber(doc, lineIndex),
        column: utf8Length(text.slice(lineStart, c.secretStart)) + 1,
        endLine: lineNumber(doc, endIndex),
        endColumn: utf8Length(text.slice(endLineStart, c.secretEnd)) + 1,
        rule,
        description: c.detector.description,
        confidence: c.confidence,
        fingerprint: fingerprint(rule, doc.path, secret),
        match: displayMatch(utf8(shown)),
        ...(this.redact ? {} : { secret }),
        entropy: Math.round(c.entropy * 100) / 100,
        ...(doc.commit
          ? {
              commit: doc.commit.commit,
              author: doc.commit.author,
              email: doc.commit.email,
              date: doc.commit.date,
              message: doc.commit.message,
            }
          : {}),
      });
    }
    return findings;
  }
}
