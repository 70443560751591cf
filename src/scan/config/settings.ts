import type { AllowlistTarget, Confidence } from "../types.js";

/**
 * Everything a scan is configured with, as plain data: built once on the main thread from flags
 * and config files, then sent to every worker thread, which compiles it (see compile.ts).
 * Regexes are already translated to JavaScript syntax.
 */
export interface RegexSpec {
  source: string;
  flags: string;
}

export interface AllowlistSpec {
  description: string;
  condition: "or" | "and";
  paths: RegexSpec[];
  regexes: RegexSpec[];
  regexTarget: AllowlistTarget;
  stopwords: string[];
  commits: string[];
  targetRules: string[];
}

export interface RuleSpec {
  id: string;
  description: string;
  /** Absent for path-only rules (a file whose name is the finding). */
  regex?: RegexSpec;
  keywords: string[];
  secretGroup?: number;
  entropy?: number;
  confidence: Confidence;
  path?: RegexSpec;
  allowlists: AllowlistSpec[];
}

export interface ScanSettings {
  /** Keep the built-in detectors (default true). */
  useDefault: boolean;
  disabledRules: string[];
  rules: RuleSpec[];
  allowlists: AllowlistSpec[];
  maxFileSize: number;
  /** Lowercase extensions (no dot) never scanned. */
  excludeExtensions: string[];
  minConfidence: Confidence;
  redact: boolean;
  /** Config files that were read, for the record. */
  configFiles: string[];
}

export const DEFAULT_MAX_FILE_SIZE = 25 * 1024 * 1024;

export function defaultSettings(): ScanSettings {
  return {
    useDefault: true,
    disabledRules: [],
    rules: [],
    allowlists: [],
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    excludeExtensions: [],
    minConfidence: "low",
    redact: true,
    configFiles: [],
  };
}
