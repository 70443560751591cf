/**
 * Identity templates in policy paths: `{{identity.entity.id}}`, `{{identity.entity.name}}`,
 * `{{identity.entity.metadata.<key>}}`,
 * `{{identity.entity.aliases.<mount accessor>.id|name|metadata.<key>|custom_metadata.<key>}}`,
 * `{{identity.groups.ids.<group id>.id|name|metadata.<key>}}`,
 * `{{identity.groups.names.<group name>.id|name|metadata.<key>}}`. Spaces inside the braces are
 * allowed. Any other expression is a syntax error when the policy is written.
 *
 * Resolution (per token) fails, and the stanza is dropped, when the value is missing or empty, or
 * when it contains `/`, `*` or `+` (a substituted value must never widen the path pattern).
 */
import type { IdentityTemplateInput } from "./types.js";

type Expr =
  | { kind: "entity"; field: "id" | "name" }
  | { kind: "entityMetadata"; key: string }
  | { kind: "alias"; accessor: string; field: "id" | "name" }
  | { kind: "aliasMap"; accessor: string; map: "metadata" | "custom_metadata"; key: string }
  | { kind: "group"; by: "ids" | "names"; selector: string; field: "id" | "name" }
  | { kind: "groupMetadata"; by: "ids" | "names"; selector: string; key: string };

export function hasTemplate(path: string): boolean {
  return path.includes("{{") || path.includes("}}");
}

interface Piece {
  literal: string;
  expr?: Expr;
}

/** Splits a path into literal text and expressions; returns an error reason on bad syntax. */
function split(path: string): Piece[] | string {
  const parts = path.split("{{");
  if (parts[0].includes("}}")) return "unbalanced templating characters";
  const pieces: Piece[] = [{ literal: parts[0] }];
  for (const part of parts.slice(1)) {
    const inner = part.split("}}");
    if (inner.length !== 2) return "unbalanced templating characters";
    const expr = parseExpr(inner[0].trim());
    if (!expr) return "unsupported template expression";
    pieces.push({ literal: inner[1], expr });
  }
  return pieces;
}

function parseExpr(s: string): Expr | null {
  let m = /^identity\.entity\.(id|name)$/.exec(s);
  if (m) return { kind: "entity", field: m[1] as "id" | "name" };
  m = /^identity\.entity\.metadata\.(.+)$/.exec(s);
  if (m) return { kind: "entityMetadata", key: m[1] };
  m = /^identity\.entity\.aliases\.([^.]+)\.(id|name)$/.exec(s);
  if (m) return { kind: "alias", accessor: m[1], field: m[2] as "id" | "name" };
  m = /^identity\.entity\.aliases\.([^.]+)\.(metadata|custom_metadata)\.(.+)$/.exec(s);
  if (m) return { kind: "aliasMap", accessor: m[1], map: m[2] as "metadata" | "custom_metadata", key: m[3] };
  m = /^identity\.groups\.(ids|names)\.([^.]+)\.(id|name)$/.exec(s);
  if (m) return { kind: "group", by: m[1] as "ids" | "names", selector: m[2], field: m[3] as "id" | "name" };
  m = /^identity\.groups\.(ids|names)\.([^.]+)\.metadata\.(.+)$/.exec(s);
  if (m) return { kind: "groupMetadata", by: m[1] as "ids" | "names", selector: m[2], key: m[3] };
  return null;
}

/** The reason a templated path is malformed, or null when it is well formed. */
export function templateError(path: string): string | null {
  const r = split(path);
  return typeof r === "string" ? r : null;
}

function own(map: Record<string, string> | undefined, key: string): string | undefined {
  return map && Object.hasOwn(map, key) ? map[key] : undefined;
}

function evaluate(e: Expr, input: IdentityTemplateInput): string | undefined {
  const entity = input.entity;
  switch (e.kind) {
    case "entity":
      return entity?.[e.field];
    case "entityMetadata":
      return own(entity?.metadata, e.key);
    case "alias": {
      const alias =
        entity && Object.hasOwn(entity.aliases, e.accessor) ? entity.aliases[e.accessor] : undefined;
      return alias?.[e.field];
    }
    case "aliasMap": {
      const alias =
        entity && Object.hasOwn(entity.aliases, e.accessor) ? entity.aliases[e.accessor] : undefined;
      return own(alias?.[e.map], e.key);
    }
    case "group":
    case "groupMetadata": {
      const group = (input.groups ?? []).find((g) => (e.by === "ids" ? g.id : g.name) === e.selector);
      if (!group) return undefined;
      return e.kind === "group" ? group[e.field] : own(group.metadata, e.key);
    }
  }
}

/** The path with every template substituted, or null when the stanza must be dropped. */
export function resolveTemplate(path: string, input: IdentityTemplateInput): string | null {
  const pieces = split(path);
  if (typeof pieces === "string") return null;
  let out = "";
  for (const piece of pieces) {
    if (piece.expr) {
      const value = evaluate(piece.expr, input);
      if (typeof value !== "string" || value === "" || /[/*+]/.test(value)) return null;
      out += value;
    }
    out += piece.literal;
  }
  return out;
}
