/**
 * The contracts of the secret scanner: what a detector is, what a finding is, and what a source
 * hands the scanner. Texts are "byte strings": file bytes decoded as latin1, so one character is one
 * byte, regexes run on V8's fast one-byte strings and offsets are byte offsets. Everything shown to
 * a user (match, line, column) is converted back to UTF-8 by the scanner.
 */

/** How sure the scanner is that a finding is a real credential. */
export type Confidence = "low" | "medium" | "high";

export const CONFIDENCE_RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

export type DetectorFamily =
  | "cloud"
  | "source-host"
  | "chat"
  | "mail"
  | "payments"
  | "registry"
  | "ai"
  | "secrets-manager"
  | "private-key"
  | "token"
  | "uri"
  | "saas"
  | "generic"
  | "custom";

/** How far around a keyword hit a detector's pattern may reach, in characters. */
export interface Reach {
  before: number;
  after: number;
  /** Let the window cross line breaks (PEM blocks); otherwise it is clipped to the hit's line. */
  multiline?: boolean;
}

/** What a detector's offline check sees. */
export interface CheckInput {
  /** The secret part of the match. */
  secret: string;
  /** The regex match (groups included). */
  match: RegExpExecArray;
  /** The relative path of the scanned file ("" for stdin). */
  path: string;
  /** The full line(s) the match sits on. */
  line: string;
  /** The text the detector's pattern ran on (the window around the keyword). */
  context: string;
  /** The text is a config-style file (env, yaml, ini, ...), where values need no quotes. */
  configLike: boolean;
}

export interface Detector {
  /** Stable id, kebab-case, e.g. "github-pat-classic". */
  readonly id: string;
  /** One line for humans, e.g. "GitHub personal access token (classic)". */
  readonly description: string;
  readonly family: DetectorFamily;
  /** Lowercase literals; the pattern runs only near one of them. Empty: runs on every text. */
  readonly keywords: readonly string[];
  /** Match the keywords in the case written (for short keywords common in other case, "EAA"). */
  readonly keywordsCaseSensitive?: boolean;
  /** The pattern. The named group `secret` (or numbered `secretGroup`) is the secret, else the match. */
  readonly pattern: RegExp;
  readonly secretGroup?: number;
  readonly reach?: Reach;
  /** Minimum Shannon entropy (bits per character) of the secret. */
  readonly minEntropy?: number;
  /** Offline validation: the confidence for this candidate, or null to drop it. */
  readonly check?: (input: CheckInput) => Confidence | null;
  /** Confidence when there is no check. */
  readonly confidence: Confidence;
  /** A generic (keyword + entropy) detector: loses to a specific detector on the same text. */
  readonly generic?: boolean;
  /** Skip the placeholder filter (long structured values such as key blocks, where runs are normal). */
  readonly skipPlaceholderCheck?: boolean;
  /** Only files whose relative path matches (custom rules). */
  readonly path?: RegExp;
  /** Rule-local allowlists (custom rules). */
  readonly allowlists?: readonly CompiledAllowlist[];
}

export type AllowlistTarget = "secret" | "match" | "line";

/** An allowlist ready to apply: any listed condition (or all, with `condition: "and"`) suppresses. */
export interface CompiledAllowlist {
  readonly description: string;
  readonly condition: "or" | "and";
  readonly paths: readonly RegExp[];
  readonly regexes: readonly RegExp[];
  readonly regexTarget: AllowlistTarget;
  /** Lowercase. */
  readonly stopwords: readonly string[];
  readonly commits: readonly string[];
  /** Empty: applies to every rule. */
  readonly targetRules: readonly string[];
}

/** The author and place of a git commit, for findings in history. */
export interface CommitInfo {
  commit: string;
  author: string;
  email: string;
  date: string;
  message: string;
}

/**
 * One piece of text to scan. `text` is a byte string (latin1). `firstLine` is the 1-based line
 * number of its first line in the file; `lineNumbers`, when set, gives the file line of each text
 * line instead (added lines of a diff).
 */
export interface ScanDocument {
  path: string;
  text: string;
  firstLine?: number;
  lineNumbers?: Int32Array;
  commit?: CommitInfo;
  /** Config-style file (env, yaml, ini, ...): unquoted generic values count. Derived from path if unset. */
  configLike?: boolean;
  /** The text before this offset was scanned already (chunk overlap): only matches ending after it count. */
  freshFrom?: number;
}

/** A finding as reported to the user. */
export interface Finding {
  /** Relative to the scanned root, with forward slashes ("" for stdin). */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  description: string;
  confidence: Confidence;
  /** Stable id for baselines: hex SHA-256 prefix of rule, file and secret. */
  fingerprint: string;
  /** The matched text with the secret redacted (or not, with --no-redact). */
  match: string;
  /** The secret itself: present only when redaction is off. */
  secret?: string;
  entropy: number;
  commit?: string;
  author?: string;
  email?: string;
  date?: string;
  message?: string;
}

/** Counts a scan reports beside its findings. */
export interface ScanStats {
  files: number;
  bytes: number;
  skippedBinary: number;
  skippedLarge: number;
  skippedGenerated: number;
  commits: number;
}

export function emptyStats(): ScanStats {
  return { files: 0, bytes: 0, skippedBinary: 0, skippedLarge: 0, skippedGenerated: 0, commits: 0 };
}

export function addStats(into: ScanStats, from: ScanStats): void {
  into.files += from.files;
  into.bytes += from.bytes;
  into.skippedBinary += from.skippedBinary;
  into.skippedLarge += from.skippedLarge;
  into.skippedGenerated += from.skippedGenerated;
  into.commits += from.commits;
}
