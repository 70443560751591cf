import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { z } from "zod";
import { InvalidRequestError } from "../../errors.js";
import type { Confidence } from "../types.js";
import { findConfig } from "./find.js";
import { compileRe2, translateRe2 } from "./re2.js";
import type { AllowlistSpec, RegexSpec, RuleSpec, ScanSettings } from "./settings.js";
import { defaultSettings } from "./settings.js";
import { parseSize } from "./size.js";

/**
 * Reads `.cofre-scan.toml` and gitleaks-format `.gitleaks.toml` files. Both spellings of keys are
 * accepted (`secret_group` and gitleaks' `secretGroup`), and both allowlist forms (`[allowlist]`
 * and `[[allowlists]]`, per rule `[rules.allowlist]` and `[[rules.allowlists]]`). `[extend] path`
 * merges another config first; `use_default = false` drops the built-in detectors.
 */
const strings = z.array(z.string()).optional();
const confidence = z.enum(["low", "medium", "high"]);

const allowlistSchema = z.looseObject({
  description: z.string().optional(),
  condition: z
    .string()
    .regex(/^(?:or|and)$/i, "must be OR or AND")
    .optional(),
  paths: strings,
  regexes: strings,
  regex_target: z.enum(["secret", "match", "line"]).optional(),
  stopwords: strings,
  commits: strings,
  target_rules: strings,
});

const ruleSchema = z.looseObject({
  id: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "must be 1-100 letters, digits, _ . : -"),
  description: z.string().optional(),
  regex: z.string().optional(),
  keywords: strings,
  secret_group: z.number().int().min(0).max(99).optional(),
  entropy: z.number().min(0).max(8).optional(),
  confidence: confidence.optional(),
  path: z.string().optional(),
  allowlist: allowlistSchema.optional(),
  allowlists: z.array(allowlistSchema).optional(),
});

const fileSchema = z.looseObject({
  extend: z
    .looseObject({
      use_default: z.boolean().optional(),
      path: z.string().optional(),
      disabled_rules: strings,
    })
    .optional(),
  scan: z
    .looseObject({
      max_file_size: z.union([z.string(), z.number()]).optional(),
      min_confidence: confidence.optional(),
      exclude_extensions: strings,
    })
    .optional(),
  rules: z.array(ruleSchema).optional(),
  allowlist: allowlistSchema.optional(),
  allowlists: z.array(allowlistSchema).optional(),
});

type FileConfig = z.infer<typeof fileSchema>;
type AllowlistInput = z.infer<typeof allowlistSchema>;

/** gitleaks spells keys in camelCase; normalise to snake_case before validation. */
function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase()] = snakeKeys(v);
  return out;
}

function spec(pattern: string, where: string): RegexSpec {
  compileRe2(pattern, where);
  return translateRe2(pattern);
}

function allowlist(input: AllowlistInput, where: string): AllowlistSpec {
  return {
    description: input.description ?? "",
    condition: (input.condition ?? "or").toLowerCase() as "or" | "and",
    paths: (input.paths ?? []).map((p, i) => spec(p, `${where} paths[${i}]`)),
    regexes: (input.regexes ?? []).map((p, i) => spec(p, `${where} regexes[${i}]`)),
    regexTarget: input.regex_target ?? "secret",
    stopwords: input.stopwords ?? [],
    commits: input.commits ?? [],
    targetRules: input.target_rules ?? [],
  };
}

function rule(input: z.infer<typeof ruleSchema>, file: string): RuleSpec {
  const where = `${file}: rule ${input.id}`;
  if (input.regex === undefined && input.path === undefined) {
    throw new InvalidRequestError(`${where}: needs a regex or a path`);
  }
  const lists = [...(input.allowlist ? [input.allowlist] : []), ...(input.allowlists ?? [])];
  const keywords = (input.keywords ?? []).map((k) => k.toLowerCase());
  return {
    id: input.id,
    description: input.description ?? input.id,
    regex: input.regex === undefined ? undefined : spec(input.regex, where),
    keywords,
    secretGroup: input.secret_group,
    entropy: input.entropy,
    confidence: (input.confidence ?? "medium") as Confidence,
    path: input.path === undefined ? undefined : spec(input.path, `${where} path`),
    allowlists: lists.map((l, i) => allowlist(l, `${where} allowlist ${i + 1}`)),
  };
}

function readConfig(file: string): FileConfig {
  let raw: unknown;
  try {
    raw = parseToml(readFileSync(file, "utf8"));
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : "unreadable";
    throw new InvalidRequestError(`${file}: ${reason}`);
  }
  const parsed = fileSchema.safeParse(snakeKeys(raw));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidRequestError(`${file}: ${issue.path.join(".") || "config"}: ${issue.message}`);
  }
  return parsed.data;
}

function merge(into: ScanSettings, file: string, seen: Set<string>): void {
  const resolved = path.resolve(file);
  if (seen.has(resolved)) throw new InvalidRequestError(`${file}: [extend] loops back to itself`);
  seen.add(resolved);
  const config = readConfig(resolved);
  if (config.extend?.path) merge(into, path.resolve(path.dirname(resolved), config.extend.path), seen);
  if (config.extend?.use_default !== undefined) into.useDefault = config.extend.use_default;
  into.disabledRules.push(...(config.extend?.disabled_rules ?? []));
  if (config.scan?.max_file_size !== undefined)
    into.maxFileSize = parseSize(config.scan.max_file_size, "max_file_size");
  if (config.scan?.min_confidence) into.minConfidence = config.scan.min_confidence;
  into.excludeExtensions.push(
    ...(config.scan?.exclude_extensions ?? []).map((e) => e.replace(/^\./, "").toLowerCase()),
  );
  const rules = (config.rules ?? []).map((r) => rule(r, file));
  into.rules = [...into.rules.filter((r) => !rules.some((n) => n.id === r.id)), ...rules];
  const lists = [...(config.allowlist ? [config.allowlist] : []), ...(config.allowlists ?? [])];
  into.allowlists.push(...lists.map((l, i) => allowlist(l, `${file}: allowlist ${i + 1}`)));
  into.configFiles.push(resolved);
}

/** Settings from defaults plus the config file (if any). */
export function loadSettings(root: string, explicit?: string): ScanSettings {
  const settings = defaultSettings();
  const file = findConfig(root, explicit);
  if (file !== undefined) merge(settings, file, new Set());
  return settings;
}
