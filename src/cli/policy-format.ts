import { type HclObject, type HclValue, parseHcl } from "../hcl/index.js";
import { UsageError } from "./errors.js";

/**
 * Canonical HCL for an ACL policy (`cofre policy fmt`): an optional `name` attribute, then one
 * `path "<pattern>" { ... }` block per stanza in document order, two-space indentation, `=` aligned
 * within a block, lists on one line, objects one key per line. The document is checked for the
 * policy shape first; comments cannot be carried over, so a document with comments is refused.
 */

const STANZA_KEYS = new Set([
  "capabilities",
  "policy",
  "allowed_parameters",
  "denied_parameters",
  "required_parameters",
  "min_wrapping_ttl",
  "max_wrapping_ttl",
  "mfa_methods",
  "control_group",
  "comment",
  "subscribe_event_types",
  "expiration",
  "pagination_limit",
  "list_scan_response_keys_filter_path",
]);

const CAPABILITIES = new Set([
  "create",
  "read",
  "update",
  "patch",
  "delete",
  "list",
  "sudo",
  "deny",
  "subscribe",
  "recover",
  "scan",
]);

function isObject(v: HclValue | undefined): v is HclObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Line number of the first comment outside strings and heredocs, or 0. */
export function firstCommentLine(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== "\n"; i++) if (text[i] === "\\") i++;
    } else if (ch === "<" && text[i + 1] === "<") {
      const open = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)\r?\n/.exec(text.slice(i, i + 300));
      if (!open) continue;
      const from = i + open[0].length - 1; // the newline ending the opening line
      const close = new RegExp(`\\n[ \\t]*${open[1]}[ \\t]*(?=\\r?\\n|$)`).exec(text.slice(from));
      i = close ? from + close.index + close[0].length - 1 : text.length;
    } else if (ch === "#" || (ch === "/" && (text[i + 1] === "/" || text[i + 1] === "*"))) {
      return text.slice(0, i).split("\n").length;
    }
  }
  return 0;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function renderValue(v: HclValue, indent: string): string {
  if (v === null) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v !== "object") return String(v);
  if (Array.isArray(v)) {
    if (v.every((item) => item === null || typeof item !== "object"))
      return `[${v.map((x) => renderValue(x, indent)).join(", ")}]`;
    const inner = `${indent}  `;
    return `[\n${v.map((x) => `${inner}${renderValue(x, inner)},`).join("\n")}\n${indent}]`;
  }
  const keys = Object.keys(v);
  if (keys.length === 0) return "{}";
  const inner = `${indent}  `;
  const width = Math.max(...keys.map((k) => quote(k).length));
  const lines = keys.map((k) => `${inner}${quote(k).padEnd(width)} = ${renderValue(v[k], inner)}`);
  return `{\n${lines.join("\n")}\n${indent}}`;
}

function renderStanza(pattern: string, stanza: HclObject): string {
  const keys = Object.keys(stanza);
  const width = Math.max(0, ...keys.map((k) => k.length));
  const body = keys.map((k) => `  ${k.padEnd(width)} = ${renderValue(stanza[k], "  ")}`);
  return body.length === 0 ? `path ${quote(pattern)} {}` : `path ${quote(pattern)} {\n${body.join("\n")}\n}`;
}

function checkStanza(pattern: string, stanza: HclValue): HclObject {
  if (!isObject(stanza)) throw new UsageError(`path ${quote(pattern)}: a path stanza must be a block`);
  for (const key of Object.keys(stanza)) {
    if (!STANZA_KEYS.has(key)) throw new UsageError(`path ${quote(pattern)}: unknown key ${quote(key)}`);
  }
  const caps = stanza.capabilities;
  if (caps !== undefined) {
    if (!Array.isArray(caps) || caps.some((c) => typeof c !== "string")) {
      throw new UsageError(`path ${quote(pattern)}: capabilities must be a list of strings`);
    }
    for (const c of caps as string[]) {
      if (!CAPABILITIES.has(c.toLowerCase()))
        throw new UsageError(`path ${quote(pattern)}: unknown capability ${quote(c)}`);
    }
  }
  return stanza;
}

/** Formats policy text; throws UsageError (or the parser's InvalidRequestError) on bad input. */
export function formatPolicy(text: string): string {
  const commentLine = firstCommentLine(text);
  if (commentLine > 0) {
    throw new UsageError(
      `the policy has a comment (line ${commentLine}) that formatting would lose; remove comments to format it`,
    );
  }
  const doc = parseHcl(text);
  const parts: string[] = [];
  for (const key of Object.keys(doc)) {
    if (key !== "name" && key !== "path")
      throw new UsageError(`unknown top-level key ${quote(key)} in policy`);
  }
  if (doc.name !== undefined) {
    if (typeof doc.name !== "string") throw new UsageError("name must be a string");
    parts.push(`name = ${quote(doc.name)}`);
  }
  if (doc.path !== undefined) {
    if (!isObject(doc.path)) throw new UsageError('"path" must be given as path "<pattern>" { ... } blocks');
    for (const [pattern, value] of Object.entries(doc.path)) {
      const stanzas = Array.isArray(value) ? value : [value];
      for (const s of stanzas) parts.push(renderStanza(pattern, checkStanza(pattern, s)));
    }
  }
  return parts.length === 0 ? "" : `${parts.join("\n\n")}\n`;
}
