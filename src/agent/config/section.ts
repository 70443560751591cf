/**
 * One object of the agent's config (the document, a block, an object value) with typed getters
 * whose errors name `file:line` and the key, never the value (a config may hold secrets).
 */

import { durationMs } from "../../client/duration-ms.js";
import { InvalidRequestError } from "../../errors.js";
import type { HclObject, HclValue } from "../../hcl/index.js";
import { EMPTY_POSITIONS, type PosBody, type PosItem } from "./positions.js";

/** A config error: `file:line: message`. */
export class AgentConfigError extends InvalidRequestError {}

export function isObject(v: unknown): v is HclObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A block's bodies: one object, or an array of objects when it was repeated. */
export function bodiesOf(v: HclValue | undefined): HclObject[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

export class Section {
  constructor(
    readonly file: string,
    /** The dotted name used in messages (`template`, `auto_auth.method`). */
    readonly name: string,
    readonly obj: HclObject,
    readonly pos: PosBody = EMPTY_POSITIONS,
    readonly line?: number,
    /** Messages about keys unknown but harmless go here. */
    readonly warnings: string[] = [],
  ) {}

  /** `file:line` of `key` (or of the section itself). */
  where(key?: string): string {
    const line = key === undefined ? this.line : (this.pos.get(key)?.line ?? this.line);
    return line === undefined ? this.file : `${this.file}:${line}`;
  }

  item(key: string): PosItem | undefined {
    return this.pos.get(key);
  }

  fail(key: string | undefined, message: string): AgentConfigError {
    return new AgentConfigError(`${this.where(key)}: ${message}`);
  }

  has(key: string): boolean {
    return Object.hasOwn(this.obj, key) && this.obj[key] !== null;
  }

  private label(key: string): string {
    return this.name ? `${this.name}.${key}` : key;
  }

  /** Fails on keys that are neither `known` nor `ignored`; warns about `ignored` ones. */
  checkKeys(known: readonly string[], ignored: readonly string[] = []): void {
    for (const key of Object.keys(this.obj)) {
      if (known.includes(key)) continue;
      if (ignored.includes(key)) {
        this.warnings.push(
          `${this.where(key)}: ${this.label(key)} is not supported by cofre agent and is ignored`,
        );
        continue;
      }
      throw this.fail(key, `unknown key ${JSON.stringify(this.label(key))}`);
    }
  }

  str(key: string): string | undefined {
    if (!this.has(key)) return undefined;
    const v = this.obj[key];
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    throw this.fail(key, `${this.label(key)} must be a string`);
  }

  required(key: string): string {
    const v = this.str(key);
    if (v === undefined || v.trim() === "") throw this.fail(undefined, `${this.label(key)} is required`);
    return v;
  }

  bool(key: string, fallback: boolean): boolean {
    if (!this.has(key)) return fallback;
    const v = this.obj[key];
    if (typeof v === "boolean") return v;
    if (v === "true" || v === "1") return true;
    if (v === "false" || v === "0" || v === "") return false;
    throw this.fail(key, `${this.label(key)} must be true or false`);
  }

  int(key: string, fallback: number): number {
    if (!this.has(key)) return fallback;
    const v = this.obj[key];
    const n = typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n !== "number" || !Number.isSafeInteger(n))
      throw this.fail(key, `${this.label(key)} must be an integer`);
    return n;
  }

  /** A duration in milliseconds (Vault's forms, plus "250ms"). */
  durationMs(key: string, fallback: number): number {
    if (!this.has(key)) return fallback;
    const v = this.obj[key];
    try {
      if (typeof v !== "string" && typeof v !== "number") throw new Error("type");
      return durationMs(v, this.label(key));
    } catch {
      throw this.fail(key, `${this.label(key)} must be a duration such as "30s" or "5m"`);
    }
  }

  /** A file mode: an octal string ("0600", "600") or a number HCL already read as octal (0600). */
  mode(key: string, fallback: number): number {
    if (!this.has(key)) return fallback;
    const v = this.obj[key];
    let n: number | undefined;
    if (typeof v === "string" && /^0?[0-7]{3,4}$/.test(v.trim())) n = Number.parseInt(v.trim(), 8);
    else if (typeof v === "number" && Number.isInteger(v)) n = v;
    if (n === undefined || n < 0 || n > 0o777) {
      throw this.fail(key, `${this.label(key)} must be an octal file mode such as "0600"`);
    }
    return n;
  }

  /** A list of strings, or one string. */
  strings(key: string): string[] | undefined {
    if (!this.has(key)) return undefined;
    const v = this.obj[key];
    if (typeof v === "string") return [v];
    if (Array.isArray(v) && v.every((s) => typeof s === "string")) return v as string[];
    throw this.fail(key, `${this.label(key)} must be a string or a list of strings`);
  }

  /** An object value (`config = { ... }`) or a single unlabelled block, as a Section. */
  child(key: string): Section | undefined {
    if (!this.has(key)) return undefined;
    const bodies = bodiesOf(this.obj[key]);
    if (bodies.length !== 1)
      throw this.fail(key, `${this.label(key)} must be given once, as a block or an object`);
    const item = this.item(key);
    return new Section(this.file, this.label(key), bodies[0], item?.body, item?.line, this.warnings);
  }

  /** Every unlabelled block named `key`, in order. */
  blockList(key: string): Section[] {
    const bodies = bodiesOf(this.has(key) ? this.obj[key] : undefined);
    const items = this.pos.blocks(key);
    return bodies.map((b, i) => {
      const item = items.length === bodies.length ? items[i] : undefined;
      return new Section(this.file, this.label(key), b, item?.body, item?.line ?? this.line, this.warnings);
    });
  }

  /**
   * Blocks written `key "label" { ... }` (or `key { type = "label" ... }`) as [label, Section],
   * in document order when known.
   */
  labelled(key: string, labelKey = "type"): Array<[string, Section]> {
    if (!this.has(key)) return [];
    const out: Array<[string, Section]> = [];
    const items = this.pos.blocks(key);
    for (const body of bodiesOf(this.obj[key])) {
      if (typeof body[labelKey] === "string") {
        const item = items.find(
          (i) => i.labels.length === 0 && i.body && !out.some(([, s]) => s.pos === i.body),
        );
        out.push([
          body[labelKey] as string,
          new Section(this.file, this.label(key), body, item?.body, item?.line ?? this.line, this.warnings),
        ]);
        continue;
      }
      for (const [label, value] of Object.entries(body)) {
        const labelledItems = items.filter((i) => i.labels[0] === label);
        bodiesOf(value).forEach((b, i) => {
          const item = labelledItems[i];
          out.push([
            label,
            new Section(
              this.file,
              `${this.label(key)} "${label}"`,
              b,
              item?.body,
              item?.line ?? this.line,
              this.warnings,
            ),
          ]);
        });
      }
    }
    return out;
  }
}
