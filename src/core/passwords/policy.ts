/**
 * Password policies (sys/policies/password): Vault's HCL form
 *
 *   length = 20
 *   rule "charset" {
 *     charset   = "abcdefghijklmnopqrstuvwxyz"
 *     min-chars = 1
 *   }
 *
 * parsed into a PasswordPolicy. Every problem is an InvalidRequestError naming the key at fault.
 */
import { CofreError, InvalidRequestError } from "../../errors.js";
import { type HclObject, type HclValue, parseHcl } from "../../hcl/index.js";

export const MIN_PASSWORD_LENGTH = 4;
export const MAX_PASSWORD_LENGTH = 100;
/** Longest charset accepted (characters), to keep policies and generation cheap. */
const MAX_CHARSET = 1024;

export interface CharsetRule {
  /** Distinct characters (code points), in first-seen order. */
  chars: string[];
  minChars: number;
}

export interface PasswordPolicy {
  length: number;
  rules: CharsetRule[];
  /** Union of every rule's characters: the alphabet passwords are drawn from. */
  alphabet: string[];
}

function fail(reason: string): never {
  throw new InvalidRequestError(`unable to parse password policy: ${reason}`);
}

function isObject(v: HclValue | undefined): v is HclObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function integer(v: HclValue | undefined, key: string): number {
  const n = typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0)
    fail(`"${key}" must be a non-negative integer`);
  return n;
}

function charsetRule(body: HclValue): CharsetRule {
  if (!isObject(body)) fail(`a "charset" rule must be a block`);
  for (const key of Object.keys(body)) {
    if (key !== "charset" && key !== "min-chars")
      fail(`unknown key in a "charset" rule: ${JSON.stringify(key.slice(0, 40))}`);
  }
  if (typeof body.charset !== "string" || body.charset === "")
    fail(`a "charset" rule needs a non-empty "charset"`);
  const chars = [...new Set([...body.charset])];
  if (chars.length > MAX_CHARSET) fail(`a charset may hold at most ${MAX_CHARSET} characters`);
  if (chars.some((c) => /[\p{Cc}\p{Cs}]/u.test(c))) fail("a charset may not hold control characters");
  const minChars = body["min-chars"] === undefined ? 0 : integer(body["min-chars"], "min-chars");
  return { chars, minChars };
}

/** The `rule "charset" {...}` blocks, one or repeated. */
function rules(doc: HclObject): CharsetRule[] {
  if (doc.rule === undefined) return [];
  if (!isObject(doc.rule)) fail(`"rule" must be a labelled block such as rule "charset" { ... }`);
  const out: CharsetRule[] = [];
  for (const [type, blocks] of Object.entries(doc.rule)) {
    if (type !== "charset") fail(`unrecognized rule type ${JSON.stringify(type.slice(0, 40))}`);
    for (const body of Array.isArray(blocks) ? blocks : [blocks]) out.push(charsetRule(body));
  }
  return out;
}

/** Parses and validates a policy document; a policy that could never produce a password is refused. */
export function parsePasswordPolicy(raw: string): PasswordPolicy {
  let doc: HclObject;
  try {
    doc = parseHcl(raw, { maxLength: 64 * 1024 });
  } catch (err) {
    if (err instanceof CofreError) fail(err.message.replace(/^failed to parse HCL: /, ""));
    throw err;
  }
  for (const key of Object.keys(doc)) {
    if (key !== "length" && key !== "rule") fail(`unknown key ${JSON.stringify(key.slice(0, 40))}`);
  }
  if (doc.length === undefined) fail(`"length" is required`);
  const length = integer(doc.length, "length");
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    fail(`"length" must be between ${MIN_PASSWORD_LENGTH} and ${MAX_PASSWORD_LENGTH}`);
  }
  const list = rules(doc);
  if (list.length === 0) fail(`at least one rule "charset" block is required`);
  const required = list.reduce((sum, r) => sum + r.minChars, 0);
  if (required > length) {
    fail(`the rules need at least ${required} characters but "length" is ${length}`);
  }
  const alphabet = [...new Set(list.flatMap((r) => r.chars))];
  return { length, rules: list, alphabet };
}
