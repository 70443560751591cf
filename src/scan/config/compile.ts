import { BUILTIN_DETECTORS } from "../detectors/index.js";
import type { CompiledAllowlist, Detector } from "../types.js";
import type { AllowlistSpec, RegexSpec, RuleSpec, ScanSettings } from "./settings.js";

/** Turns settings (plain data) into detectors and allowlists; runs in every thread. */
function regex(spec: RegexSpec): RegExp {
  return new RegExp(spec.source, spec.flags.replace(/[gy]/g, ""));
}

export function compileAllowlist(spec: AllowlistSpec): CompiledAllowlist {
  return {
    description: spec.description,
    condition: spec.condition,
    paths: spec.paths.map(regex),
    regexes: spec.regexes.map(regex),
    regexTarget: spec.regexTarget,
    stopwords: spec.stopwords.map((w) => w.toLowerCase()),
    commits: spec.commits,
    targetRules: spec.targetRules,
  };
}

function customDetector(rule: RuleSpec): Detector {
  const pathOnly = rule.regex === undefined;
  return {
    id: rule.id,
    description: rule.description,
    family: "custom",
    keywords: pathOnly ? [] : rule.keywords,
    // A path-only rule reports the file itself, at its first line.
    pattern: pathOnly ? /^[^\n]{0,200}/ : regex(rule.regex!),
    secretGroup: rule.secretGroup,
    minEntropy: rule.entropy,
    confidence: rule.confidence,
    path: rule.path ? regex(rule.path) : undefined,
    allowlists: rule.allowlists.map(compileAllowlist),
    skipPlaceholderCheck: pathOnly,
    // As in gitleaks, a keyword anywhere in the text lets the rule run on all of it.
    reach: { before: Number.MAX_SAFE_INTEGER, after: Number.MAX_SAFE_INTEGER, multiline: true },
  };
}

export function compileDetectors(settings: ScanSettings): Detector[] {
  const disabled = new Set(settings.disabledRules);
  const custom = settings.rules.map(customDetector);
  const overridden = new Set(custom.map((d) => d.id));
  const builtin = settings.useDefault ? BUILTIN_DETECTORS.filter((d) => !overridden.has(d.id)) : [];
  return [...builtin, ...custom].filter((d) => !disabled.has(d.id));
}

export function compileAllowlists(settings: ScanSettings): CompiledAllowlist[] {
  return settings.allowlists.map(compileAllowlist);
}
