/**
 * Policy documents (HCL or JSON) to AclPolicy. Every problem is an InvalidRequestError
 * `failed to parse policy: ...`; messages name keys, paths and capabilities (truncated), never values.
 *
 * Accepted stanza keys: capabilities, policy (legacy), allowed_parameters, denied_parameters,
 * required_parameters, min_wrapping_ttl, max_wrapping_ttl, comment, subscribe_event_types (accepted,
 * unused). `mfa_methods` and `control_group` are refused rather than ignored, since ignoring them
 * would grant more than the author meant. Paths: one leading "/" is stripped; `*` only as the last
 * character; `+*` is refused; `{{identity...}}` templates are validated here and resolved by ACL.compile.
 */
import { CofreError, InvalidRequestError } from "../../errors.js";
import { type HclObject, HclSyntaxError, type HclValue, parseHcl } from "../../hcl/index.js";
import { parseDuration } from "../../util/duration.js";
import { isCapability, LEGACY_POLICY } from "./capabilities.js";
import { hasTemplate, templateError } from "./template.js";
import type { AclPolicy, Capability, PathRule } from "./types.js";

const STANZA_KEYS = new Set([
  "capabilities",
  "policy",
  "allowed_parameters",
  "denied_parameters",
  "required_parameters",
  "min_wrapping_ttl",
  "max_wrapping_ttl",
  "comment",
  "subscribe_event_types",
]);
const UNSUPPORTED_KEYS = new Set(["mfa_methods", "control_group"]);

function fail(reason: string): never {
  throw new InvalidRequestError(`failed to parse policy: ${reason}`);
}

function q(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}...` : s);
}

function isObject(v: HclValue | undefined): v is HclObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses policy text. `name` is stored as given (normalise it first: see normalisePolicyName). */
export function parsePolicy(name: string, raw: string): AclPolicy {
  let doc: HclObject;
  try {
    doc = parseHcl(raw);
  } catch (e) {
    if (e instanceof HclSyntaxError) fail(`syntax error at line ${e.line}, column ${e.column}: ${e.reason}`);
    if (e instanceof CofreError) fail(e.message.replace(/^failed to parse HCL: /, ""));
    throw e;
  }
  for (const key of Object.keys(doc)) {
    if (key !== "name" && key !== "path") fail(`invalid key ${q(key)} at the top level`);
  }
  if (doc.name !== undefined && typeof doc.name !== "string") fail(`"name" must be a string`);
  const paths: PathRule[] = [];
  for (const [pattern, stanza] of stanzas(doc.path)) paths.push(parseStanza(pattern, stanza));
  return { name, raw, paths, templated: paths.some((p) => p.templated) };
}

/** `path` as HCL blocks (`{p: body | body[]}`) or JSON (`{p: body}` or `[{p: body}, ...]`). */
function stanzas(value: HclValue | undefined): Array<[string, HclValue]> {
  if (value === undefined) return [];
  const maps = Array.isArray(value) ? value : [value];
  const out: Array<[string, HclValue]> = [];
  for (const map of maps) {
    if (!isObject(map)) fail(`"path" must be a block or an object of path stanzas`);
    for (const [pattern, body] of Object.entries(map)) {
      for (const b of Array.isArray(body) ? body : [body]) out.push([pattern, b]);
    }
  }
  return out;
}

function parseStanza(pattern: string, body: HclValue): PathRule {
  const path = pattern.startsWith("/") ? pattern.slice(1) : pattern;
  const at = `path ${q(path)}`;
  if (!isObject(body)) fail(`${at}: the stanza must be a block`);
  for (const key of Object.keys(body)) {
    if (UNSUPPORTED_KEYS.has(key)) fail(`${at}: ${q(key)} is not supported`);
    if (!STANZA_KEYS.has(key)) fail(`${at}: invalid key ${q(key)}`);
  }
  if (path.includes("+*")) fail(`${at}: invalid use of wildcards ('+*' is forbidden)`);
  if (path.slice(0, -1).includes("*")) fail(`${at}: '*' is only allowed as the last character`);
  const templated = hasTemplate(path);
  if (templated) {
    const err = templateError(path);
    if (err) fail(`${at}: failed to validate policy templating: ${err}`);
  }

  const caps = new Set<Capability>();
  const rawCaps = body.capabilities;
  if (rawCaps !== undefined) {
    if (!Array.isArray(rawCaps)) fail(`${at}: "capabilities" must be a list`);
    for (const c of rawCaps) {
      if (!isCapability(c)) fail(`${at}: invalid capability ${typeof c === "string" ? q(c) : typeof c}`);
      caps.add(c);
    }
  }
  if (body.policy !== undefined) {
    const legacy = typeof body.policy === "string" ? LEGACY_POLICY[body.policy] : undefined;
    if (!legacy || !Object.hasOwn(LEGACY_POLICY, body.policy as string)) {
      fail(`${at}: invalid policy ${typeof body.policy === "string" ? q(body.policy) : typeof body.policy}`);
    }
    for (const c of legacy) caps.add(c);
  }

  const rule: PathRule = {
    path,
    capabilities: [...caps].sort(),
    requiredParameters: [],
    minWrappingTTL: ttl(body.min_wrapping_ttl, `${at}: min_wrapping_ttl`),
    maxWrappingTTL: ttl(body.max_wrapping_ttl, `${at}: max_wrapping_ttl`),
    templated,
  };
  if (body.comment !== undefined) {
    if (typeof body.comment !== "string") fail(`${at}: "comment" must be a string`);
    rule.comment = body.comment;
  }
  if (body.subscribe_event_types !== undefined)
    stringList(body.subscribe_event_types, `${at}: subscribe_event_types`);
  const allowed = parameters(body.allowed_parameters, `${at}: allowed_parameters`);
  const denied = parameters(body.denied_parameters, `${at}: denied_parameters`);
  const required = stringList(body.required_parameters, `${at}: required_parameters`).map((p) =>
    p.toLowerCase(),
  );
  for (const p of required)
    if (p.includes("*")) fail(`${at}: required_parameters: wildcards are not permitted`);
  if (rule.minWrappingTTL && rule.maxWrappingTTL && rule.maxWrappingTTL < rule.minWrappingTTL) {
    fail(`${at}: max_wrapping_ttl cannot be less than min_wrapping_ttl`);
  }

  if (caps.has("deny")) {
    // A deny stanza is deny-only: it keeps no other capability and no constraint.
    return {
      path,
      capabilities: ["deny"],
      requiredParameters: [],
      minWrappingTTL: 0,
      maxWrappingTTL: 0,
      templated,
      ...(rule.comment !== undefined ? { comment: rule.comment } : {}),
    };
  }
  if (allowed) rule.allowedParameters = allowed;
  if (denied) rule.deniedParameters = denied;
  rule.requiredParameters = [...new Set(required)];
  return rule;
}

function ttl(value: HclValue | undefined, at: string): number {
  if (value === undefined) return 0;
  try {
    return parseDuration(value);
  } catch {
    return fail(`${at}: invalid duration`);
  }
}

function stringList(value: HclValue | undefined, at: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    fail(`${at}: must be a list of strings`);
  return value as string[];
}

/** `{ name = [values] }`; names lower-cased; a wildcard name must be exactly "*". */
function parameters(value: HclValue | undefined, at: string): Record<string, HclValue[]> | undefined {
  if (value === undefined) return undefined;
  const maps = Array.isArray(value) ? value : [value];
  const out: Record<string, HclValue[]> = {};
  for (const map of maps) {
    if (!isObject(map)) fail(`${at}: must be an object of parameter names to lists of values`);
    for (const [rawName, values] of Object.entries(map)) {
      if (!Array.isArray(values)) fail(`${at}: the value of ${q(rawName)} must be a list`);
      if (rawName.includes("*") && rawName !== "*")
        fail(`${at}: parameter ${q(rawName)} cannot contain wildcards`);
      const name = rawName.toLowerCase();
      const prev = Object.hasOwn(out, name) ? out[name] : undefined;
      const merged =
        prev === undefined
          ? [...values]
          : prev.length === 0 || values.length === 0
            ? []
            : [...prev, ...values];
      Object.defineProperty(out, name, {
        value: merged,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
