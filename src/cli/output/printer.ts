import { createRequire } from "node:module";
import { CommandFailure, EXIT_LOCAL, UsageError } from "../errors.js";
import type { CliWriter } from "../io.js";
import { goValue } from "./table.js";

export type OutputFormat = "table" | "json" | "yaml";

export function parseFormat(value: string | undefined): OutputFormat {
  const v = (value ?? "table").toLowerCase();
  if (v === "table" || v === "json" || v === "yaml") return v;
  if (v === "yml") return "yaml";
  throw new UsageError(`Invalid output format: ${value}`);
}

/** JSON as Vault prints it: two-space indentation. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "null";
}

/** `yaml` is loaded on first use: it costs ~40 ms of start-up, and most commands print no YAML. */
const loadYaml = () => createRequire(import.meta.url)("yaml") as typeof import("yaml");

/** YAML with sorted keys (Vault converts through JSON, which sorts them). */
export function toYaml(value: unknown): string {
  return loadYaml()
    .stringify(value ?? null, { sortMapEntries: true })
    .trimEnd();
}

/** Writes a command's results in the chosen format; warnings and notices go to stderr. */
export class Printer {
  constructor(
    private readonly stdout: CliWriter,
    private readonly stderr: CliWriter,
    readonly format: OutputFormat,
    readonly field?: string,
  ) {}

  line(text = ""): void {
    this.stdout.write(`${text}\n`);
  }

  warn(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /** Prints `value` as JSON or YAML (per the format; table falls back to JSON). */
  structured(value: unknown): void {
    this.line(this.format === "yaml" ? toYaml(value) : toJson(value));
  }

  /** Vault's warning block (table format only; JSON/YAML carry warnings in the body). */
  warnings(list: readonly string[] | null | undefined): void {
    if (!list || list.length === 0) return;
    this.warn("WARNING! The following warnings were returned from Vault:\n");
    for (const w of list) this.warn(`  * ${w}\n`);
  }

  /**
   * One field, as `-field` prints it: raw text in table format (no trailing newline when piped),
   * JSON/YAML otherwise. An absent field is a local error.
   */
  fieldValue(name: string, value: unknown): number {
    if (value === undefined || value === null) {
      throw new CommandFailure(`Field "${name}" not present in secret`, EXIT_LOCAL);
    }
    const text =
      this.format === "table"
        ? goValue(value)
        : this.format === "yaml"
          ? toYaml(value)
          : JSON.stringify(value, null, 2);
    this.stdout.write(this.stdout.isTTY ? `${text}\n` : text);
    return 0;
  }
}
