/**
 * The backend framework: a backend declares its paths as data (pattern, fields, operations,
 * existence check, help) and createBackend() does routing, field validation and help from that.
 */
import { z } from "zod";
import { InvalidRequestError, UnsupportedOperationError, UnsupportedPathError } from "../errors.js";
import type { Backend, LogicalRequest, LogicalResponse, Operation } from "./types.js";

type Shape = z.ZodRawShape;
export type FieldsOf<S extends Shape> = z.infer<z.ZodObject<S>>;
export type PathHandler<F> = (req: LogicalRequest, fields: F) => Promise<LogicalResponse | null>;

export interface PathSpec<S extends Shape> {
  /** Regex source matched against the whole path relative to the mount; named groups become fields. */
  pattern: string;
  fields?: S;
  operations: Partial<Record<Operation, PathHandler<FieldsOf<S>>>>;
  /** Present on paths where POST/PUT distinguish create from update. */
  existenceCheck?: (req: LogicalRequest, fields: FieldsOf<S>) => Promise<boolean>;
  help?: string;
}

export interface PathDef {
  readonly regex: RegExp;
  readonly schema: z.ZodObject<Shape>;
  readonly known: ReadonlySet<string>;
  readonly operations: Partial<Record<Operation, PathHandler<unknown>>>;
  readonly existenceCheck?: (req: LogicalRequest, fields: unknown) => Promise<boolean>;
  readonly help: string;
}

/** Declares one path; the handlers' `fields` argument is typed from the field schemas. */
export function definePath<S extends Shape>(spec: PathSpec<S>): PathDef {
  const shape = (spec.fields ?? {}) as S;
  return {
    regex: new RegExp(`^${spec.pattern}$`),
    schema: z.object(shape) as unknown as z.ZodObject<Shape>,
    known: new Set(Object.keys(shape)),
    operations: spec.operations as Partial<Record<Operation, PathHandler<unknown>>>,
    existenceCheck: spec.existenceCheck as PathDef["existenceCheck"],
    help: spec.help ?? "",
  };
}

export interface BackendSpec {
  type: string;
  paths: PathDef[];
  unauthenticatedPaths?: string[];
  sudoPaths?: string[];
  help?: string;
  renewSecret?: Backend["renewSecret"];
  revokeSecret?: Backend["revokeSecret"];
  renewAuth?: Backend["renewAuth"];
  initialize?: Backend["initialize"];
  cleanup?: Backend["cleanup"];
  periodic?: Backend["periodic"];
}

interface Match {
  def: PathDef;
  groups: Record<string, string>;
}

function match(paths: PathDef[], path: string): Match | null {
  for (const def of paths) {
    const m = def.regex.exec(path);
    if (m) return { def, groups: { ...(m.groups ?? {}) } };
  }
  return null;
}

/** Validates request data plus path captures against the path's fields. */
export function parseFields(def: PathDef, req: LogicalRequest, groups: Record<string, string>): unknown {
  const input: Record<string, unknown> = {};
  // A JSON null is a field not given (Go clients and hvac send null for every unset option),
  // except in a PATCH, where JSON merge patch gives null its meaning: remove.
  const dropNull = req.operation !== "patch";
  for (const [k, v] of Object.entries(req.data)) {
    if (def.known.has(k) && !(dropNull && v === null)) input[k] = v;
  }
  Object.assign(input, groups);
  const result = def.schema.safeParse(input);
  if (!result.success) {
    const messages = result.error.issues.map((i) => {
      const name = i.path.join(".") || "request";
      return `invalid value for field "${name}": ${i.message}`;
    });
    throw new InvalidRequestError(messages);
  }
  return result.data;
}

function unknownFieldsWarning(def: PathDef, req: LogicalRequest): string[] {
  if (req.operation === "read" || req.operation === "list" || req.operation === "delete") return [];
  const unknown = Object.keys(req.data).filter((k) => !def.known.has(k));
  if (unknown.length === 0 || def.known.size === 0) return [];
  return [`Endpoint ignored these unrecognized parameters: [${unknown.sort().join(" ")}]`];
}

export function createBackend(spec: BackendSpec): Backend {
  const resolve = (req: LogicalRequest): Match => {
    const m = match(spec.paths, req.path);
    if (!m) throw new UnsupportedPathError();
    return m;
  };
  return {
    type: spec.type,
    unauthenticatedPaths: spec.unauthenticatedPaths ?? [],
    sudoPaths: spec.sudoPaths ?? [],
    async handle(req) {
      const { def, groups } = resolve(req);
      if (req.operation === "help") return { data: { help: def.help || spec.help || "" } };
      const handler =
        def.operations[req.operation] ?? (req.operation === "create" ? def.operations.update : undefined);
      if (!handler) throw new UnsupportedOperationError();
      const fields = parseFields(def, req, groups);
      const res = await handler(req, fields);
      const warnings = unknownFieldsWarning(def, req);
      if (warnings.length === 0) return res;
      return { ...(res ?? {}), warnings: [...(res?.warnings ?? []), ...warnings] };
    },
    async existenceCheck(req) {
      const m = match(spec.paths, req.path);
      if (!m?.def.existenceCheck) return undefined;
      return m.def.existenceCheck(req, parseFields(m.def, req, m.groups));
    },
    renewSecret: spec.renewSecret,
    revokeSecret: spec.revokeSecret,
    renewAuth: spec.renewAuth,
    initialize: spec.initialize,
    cleanup: spec.cleanup,
    periodic: spec.periodic,
  };
}
