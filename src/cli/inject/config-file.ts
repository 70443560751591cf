/**
 * The project's `cofre run` settings: `.cofre.toml` or `cofre.yaml` (also `cofre.toml`,
 * `.cofre.yaml`, `.cofre.yml`, `cofre.yml`), found in the working directory or the nearest parent.
 * Top-level settings apply to every environment; `[environments.<name>]` adds paths and mappings
 * and overrides the rest. The environment is chosen by `--env-name`, then `COFRE_ENV`, then
 * `default_environment`, then the only one there is.
 */
import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { UsageError } from "../errors.js";

export const CONFIG_NAMES = [
  ".cofre.toml",
  "cofre.toml",
  ".cofre.yaml",
  "cofre.yaml",
  ".cofre.yml",
  "cofre.yml",
];

/** One path entry: `"secret/app"` or `{ path = "database/creds/app", prefix = "DB_" }`. */
export interface ConfigPath {
  path: string;
  prefix?: string;
}

/** Settings of one environment, merged with the file's top level. */
export interface RunSettings {
  address?: string;
  paths: ConfigPath[];
  /** Explicit mappings: NAME -> "path#key". */
  env: Record<string, string>;
  prefix?: string;
  mask?: boolean;
  watch?: boolean;
  watchInterval?: string;
  watchSignal?: string;
  fallback?: string;
  fallbackKeyFile?: string;
  fallbackMaxAge?: string;
}

export interface LoadedConfig {
  file: string;
  environment?: string;
  settings: RunSettings;
}

const SETTING_KEYS = new Set([
  "address",
  "paths",
  "env",
  "prefix",
  "mask",
  "watch",
  "watch_interval",
  "watch_signal",
  "fallback",
  "fallback_key_file",
  "fallback_max_age",
]);
const TOP_KEYS = new Set([...SETTING_KEYS, "environments", "default_environment"]);

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw err;
  }
}

/** The config file in `dir` or its nearest parent that has one; `null` when none does. */
export async function findConfig(dir: string): Promise<string | null> {
  for (let current = resolve(dir); ; current = dirname(current)) {
    const found: string[] = [];
    for (const name of CONFIG_NAMES) if (await isFile(join(current, name))) found.push(join(current, name));
    if (found.length > 1) throw new UsageError(`more than one cofre config file: ${found.join(", ")}`);
    if (found.length === 1) return found[0];
    if (dirname(current) === current) return null;
  }
}

async function parseFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(
      `cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  try {
    if (file.endsWith(".toml")) return (await import("smol-toml")).parse(text);
    return (await import("yaml")).parse(text);
  } catch (err) {
    const e = err as { line?: number; linePos?: Array<{ line: number }> };
    const where = e.line ?? e.linePos?.[0]?.line;
    throw new UsageError(`config file ${file} is not valid${where ? ` (line ${where})` : ""}`);
  }
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function readSettings(raw: Record<string, unknown>, where: string, allowed: Set<string>): RunSettings {
  for (const key of Object.keys(raw)) {
    if (!allowed.has(key)) throw new UsageError(`${where}: unknown setting ${JSON.stringify(key)}`);
  }
  const str = (key: string): string | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw new UsageError(`${where}: ${key} must be a string`);
    return v;
  };
  const bool = (key: string): boolean | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") throw new UsageError(`${where}: ${key} must be true or false`);
    return v;
  };
  const paths: ConfigPath[] = [];
  const rawPaths = raw.paths ?? [];
  if (!Array.isArray(rawPaths)) throw new UsageError(`${where}: paths must be a list`);
  for (const p of rawPaths) {
    if (typeof p === "string") paths.push({ path: p });
    else if (
      isTable(p) &&
      typeof p.path === "string" &&
      (p.prefix === undefined || typeof p.prefix === "string")
    )
      paths.push({ path: p.path, prefix: p.prefix as string | undefined });
    else throw new UsageError(`${where}: each of paths is a string or { path, prefix }`);
  }
  const env: Record<string, string> = {};
  if (raw.env !== undefined) {
    if (!isTable(raw.env)) throw new UsageError(`${where}: env must be a table of NAME = "path#key"`);
    for (const [name, spec] of Object.entries(raw.env)) {
      if (typeof spec !== "string") throw new UsageError(`${where}: env.${name} must be "path#key"`);
      env[name] = spec;
    }
  }
  return {
    address: str("address"),
    paths,
    env,
    prefix: str("prefix"),
    mask: bool("mask"),
    watch: bool("watch"),
    watchInterval: str("watch_interval"),
    watchSignal: str("watch_signal"),
    fallback: str("fallback"),
    fallbackKeyFile: str("fallback_key_file"),
    fallbackMaxAge: str("fallback_max_age"),
  };
}

function merge(base: RunSettings, over: RunSettings): RunSettings {
  const out: RunSettings = { ...base, paths: [...base.paths, ...over.paths], env: { ...base.env } };
  for (const [name, spec] of Object.entries(over.env)) {
    if (Object.hasOwn(out.env, name))
      throw new UsageError(`env.${name} is set both at the top level and in the environment`);
    out.env[name] = spec;
  }
  for (const [k, v] of Object.entries(over) as Array<[keyof RunSettings, unknown]>) {
    if (k !== "paths" && k !== "env" && v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Relative file settings are relative to the config file's folder. */
function anchor(settings: RunSettings, file: string): RunSettings {
  const dir = dirname(file);
  const at = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : join(dir, p));
  return { ...settings, fallback: at(settings.fallback), fallbackKeyFile: at(settings.fallbackKeyFile) };
}

/** Loads `file` and picks the environment (`wanted`, else the default, else the only one). */
export async function loadConfig(file: string, wanted: string | undefined): Promise<LoadedConfig> {
  const raw = await parseFile(file);
  if (!isTable(raw)) throw new UsageError(`config file ${file} must hold a table of settings`);
  const base = readSettings(
    Object.fromEntries(
      Object.entries(raw).filter(([k]) => k !== "environments" && k !== "default_environment"),
    ),
    file,
    TOP_KEYS,
  );
  const envs = raw.environments ?? {};
  if (!isTable(envs)) throw new UsageError(`${file}: environments must be a table`);
  const names = Object.keys(envs);
  const fallbackName = typeof raw.default_environment === "string" ? raw.default_environment : undefined;
  const name = wanted ?? fallbackName ?? (names.length === 1 ? names[0] : undefined);
  if (name === undefined) {
    if (names.length > 1) {
      throw new UsageError(
        `${file} has several environments (${names.join(", ")}): choose one with -env-name`,
      );
    }
    return { file, settings: anchor(base, file) };
  }
  const chosen = Object.hasOwn(envs, name) ? envs[name] : undefined;
  if (!isTable(chosen)) {
    throw new UsageError(
      `no environment ${JSON.stringify(name)} in ${file} (it has: ${names.join(", ") || "none"})`,
    );
  }
  const settings = merge(base, readSettings(chosen, `${file}: environments.${name}`, SETTING_KEYS));
  return { file, environment: name, settings: anchor(settings, file) };
}
