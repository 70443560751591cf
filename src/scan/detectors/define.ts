import type { CheckInput, Confidence, Detector, DetectorFamily, Reach } from "../types.js";

/** What a detector file writes; `family` and defaults are filled in by `family()`. */
export interface DetectorSpec {
  id: string;
  description: string;
  keywords: readonly string[];
  keywordsCaseSensitive?: boolean;
  pattern: RegExp;
  confidence?: Confidence;
  check?: (input: CheckInput) => Confidence | null;
  minEntropy?: number;
  reach?: Reach;
  secretGroup?: number;
  generic?: boolean;
  skipPlaceholderCheck?: boolean;
}

export function family(name: DetectorFamily, specs: readonly DetectorSpec[]): Detector[] {
  return specs.map((s) => ({ ...s, family: name, confidence: s.confidence ?? "medium" }));
}

/**
 * A credential recognised by what it is assigned to (`DATADOG_API_KEY = "<32 hex>"`): `key` is a
 * regex source for the variable name, `value` for the credential. Case-insensitive.
 */
export function assigned(spec: Omit<DetectorSpec, "pattern"> & { key: string; value: string }): DetectorSpec {
  const { key, value, ...rest } = spec;
  const pattern = new RegExp(
    `(?:${key})[\\w.-]{0,25}?["'\`]?\\s*(?::=|=>|=|:)\\s*["'\`]?(?<secret>${value})(?![A-Za-z0-9_+/=-])`,
    "i",
  );
  return { minEntropy: 3, ...rest, pattern };
}
