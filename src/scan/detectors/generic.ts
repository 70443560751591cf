import { shannonEntropy } from "../engine/entropy.js";
import { isGenericPlaceholder } from "../engine/placeholders.js";
import type { CheckInput, Confidence } from "../types.js";
import { type DetectorSpec, family } from "./define.js";

/**
 * Generic assignments: a variable whose name says "password", "secret", "token" or "API key", and
 * a value that looks like one. These run where no vendor format applies, so they are strict about
 * what a value may be: a quoted literal in code (an unquoted value in code is an expression), any
 * value in config files (.env, YAML, INI, properties) and in `NAME=value` shell lines; no spaces,
 * no placeholders or references, enough entropy, and letters mixed with digits or symbols.
 */

/** `<name containing keyword> <sep> <value>`, the value quoted (secret) or bare (secret2). */
function assignment(keyword: string): RegExp {
  return new RegExp(
    `(?<![A-Za-z0-9_])(?<key>[A-Za-z0-9_.-]{0,40}?(?:${keyword})[A-Za-z0-9_.-]{0,30}?)(?<kq>["'\`]?)[ \\t]*(?<sep>:=|=>|=|:|,)[ \\t]*(?:(?<q>["'\`])(?<secret>[^"'\`\\r\\n]{1,300}?)\\k<q>|(?<secret2>[^\\s"'\`,;&()<>{}\\[\\]]{1,300}))`,
    "i",
  );
}

/** Name endings that describe a field rather than hold its value (labels, lengths, paths, ...). */
const NOT_A_VALUE_NAME =
  /(?:label|placeholder|field|hint|regex|pattern|length|min|max|policy|url|uri|path|file|type|name|header|prompt|message|error|reset|confirm(?:ation)?|hash|hashed|salt|expir\w*|ttl|count|enabled|required|strength|validator|input|param|column|prefix|suffix|format|mode|limit|endpoint|version|id|ref|env|var|source|provider|store|manager|helper)$/i;
const NOT_A_SECRET_NAME = /public|csrf|xsrf|tokeni[sz]|next_?token|page_?token|continuation|sort|paginat/i;
/** `KEY=value` shell and .env lines, where bare values are literal even outside config files. */
const ENV_LINE = /^\s*(?:export\s+|ENV\s+|set\s+)?[A-Z][A-Z0-9_]*=\S/;

interface ValueRules {
  minLength: number;
  minEntropy: number;
  /** Needs a digit (API keys, tokens) rather than just a digit or symbol (passwords). */
  needsDigit: boolean;
}

/** Punctuation only: bytes of non-ASCII letters (a "ñ") are not symbols. */
const ASCII_SYMBOL = /[!-/:-@[-`{-~]/;

function classes(value: string): number {
  let n = 0;
  if (/[a-z]/.test(value)) n++;
  if (/[A-Z]/.test(value)) n++;
  if (/[0-9]/.test(value)) n++;
  if (ASCII_SYMBOL.test(value)) n++;
  return n;
}

function genericCheck(rules: ValueRules) {
  return ({ match, secret, line, configLike }: CheckInput): Confidence | null => {
    const key = match.groups?.key ?? "";
    if (NOT_A_VALUE_NAME.test(key) || NOT_A_SECRET_NAME.test(key)) return null;
    // `define("DB_PASSWORD", "...")`: with a comma, the name must be a whole string literal.
    if (
      match.groups?.sep === "," &&
      (match.groups.kq === "" || match.input[match.index - 1] !== match.groups.kq)
    ) {
      return null;
    }
    const bare = match.groups?.secret2 !== undefined;
    if (bare && !configLike && !ENV_LINE.test(line)) return null;
    if (secret.length < rules.minLength || /\s/.test(secret)) return null;
    if (isGenericPlaceholder(secret)) return null;
    if (/^[\w.-]+\.[a-z]{2,4}$/i.test(secret) || /^(?:\/|\.\.?\/|~\/|[a-z]+:\/\/)/i.test(secret)) return null;
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(\))?$/.test(secret)) return null;
    // Code, not data: regex sources and lowercase paths ("[A-Za-z0-9]{43}", "kv/production/db").
    if (
      /\[[^\]]*\]|\\[dwsbDWSB]|\{\d+(?:,\d*)?\}/.test(secret) ||
      /^[a-z0-9_.-]+(?:\/[a-z0-9_.-]+)+$/.test(secret)
    ) {
      return null;
    }
    if (/^[a-z]+(?:[A-Z][a-z]+)+$|^[a-z]+(?:_[a-z]+)+$|^[A-Z]+(?:_[A-Z]+)+$/.test(secret)) return null;
    const hasDigit = /[0-9]/.test(secret);
    const entropy = shannonEntropy(secret);
    if (classes(secret) < 2 || entropy < rules.minEntropy) return null;
    if (rules.needsDigit) {
      // Random keys nearly always mix in digits; a long mixed-case one without them still counts.
      if (!/[A-Za-z]/.test(secret) || (!hasDigit && (secret.length < 20 || entropy < 4))) return null;
    } else if (!hasDigit && !ASCII_SYMBOL.test(secret)) {
      return null;
    }
    return "low";
  };
}

function generic(
  id: string,
  description: string,
  keywords: string[],
  keyword: string,
  rules: ValueRules,
): DetectorSpec {
  return {
    id,
    description,
    keywords,
    pattern: assignment(keyword),
    reach: { before: 72, after: 340 },
    generic: true,
    confidence: "low",
    check: genericCheck(rules),
  };
}

export const genericDetectors = family("generic", [
  generic(
    "generic-password",
    "Password assigned in code or configuration",
    ["password", "passwd", "passphrase", "pwd", "_pass", "pass_", "-pass"],
    "passwd|password|passphrase|pwd|(?<![a-z])pass(?![a-z])",
    { minLength: 6, minEntropy: 2.3, needsDigit: false },
  ),
  generic("generic-secret", "Secret assigned in code or configuration", ["secret"], "secret", {
    minLength: 12,
    minEntropy: 3.2,
    needsDigit: true,
  }),
  generic(
    "generic-api-key",
    "API key assigned in code or configuration",
    [
      "api_key",
      "apikey",
      "api-key",
      "access_key",
      "accesskey",
      "access-key",
      "auth_key",
      "authkey",
      "app_key",
      "appkey",
    ],
    "api[_.-]?key|access[_.-]?key|auth[_.-]?key|app[_.-]?key",
    { minLength: 16, minEntropy: 3.2, needsDigit: true },
  ),
  generic(
    "generic-token",
    "Token or credential assigned in code or configuration",
    ["token", "credential"],
    "token|credentials?",
    { minLength: 16, minEntropy: 3.2, needsDigit: true },
  ),
  {
    id: "xml-password",
    description: "Password element in XML configuration (Maven settings, ...)",
    keywords: ["<password>"],
    pattern: /<password>(?<secret>[^<\s]{6,128})<\/password>/i,
    generic: true,
    confidence: "low",
    minEntropy: 2.3,
    check: ({ secret }) => (isGenericPlaceholder(secret) || /^\$\{/.test(secret) ? null : "low"),
  },
]);
