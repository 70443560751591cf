/**
 * What `cofre run` injects: whole paths (every key, UPPER_SNAKE, with a prefix) and single keys
 * under explicit names (`NAME=path#key`). Two sources giving the same name is an error naming both.
 */
import type { SecretValue } from "../../client/secret-source.js";
import { UsageError } from "../errors.js";
import { checkEnvName, checkPrefix, envString, toEnvName } from "./env-names.js";

/** Every key of `path`, named `<prefix><KEY>`. */
export interface PathSource {
  path: string;
  prefix: string;
}

/** One key of `path`, named `name`. */
export interface KeySource {
  name: string;
  path: string;
  key: string;
}

export interface InjectionPlan {
  paths: PathSource[];
  keys: KeySource[];
}

/** Parses `NAME=path#key`. Errors name the mapping's NAME and shape only. */
export function parseKeyMapping(spec: string): KeySource {
  const eq = spec.indexOf("=");
  const hash = spec.lastIndexOf("#");
  if (eq <= 0 || hash < eq + 2 || hash === spec.length - 1) {
    throw new UsageError(`invalid -env mapping ${JSON.stringify(spec)}: expected NAME=PATH#KEY`);
  }
  const name = checkEnvName(spec.slice(0, eq), "environment variable name");
  return { name, path: cleanPath(spec.slice(eq + 1, hash)), key: spec.slice(hash + 1) };
}

/** `PATH` or, in a config file, a path with its own prefix. */
export function pathSource(path: string, prefix = ""): PathSource {
  return { path: cleanPath(path), prefix: checkPrefix(prefix) };
}

function cleanPath(path: string): string {
  const clean = path.trim().replace(/^\/+|\/+$/g, "");
  if (clean === "" || clean.split("/").some((seg) => seg === "" || seg === "." || seg === "..")) {
    throw new UsageError(`invalid secret path ${JSON.stringify(path)}`);
  }
  return clean;
}

/** The distinct paths to read, in order of first mention. */
export function pathsToRead(plan: InjectionPlan): string[] {
  return [...new Set([...plan.paths.map((p) => p.path), ...plan.keys.map((k) => k.path)])];
}

/** A one-line description of the plan's sources (stored with a fallback file to match it later). */
export function describePlan(plan: InjectionPlan): string[] {
  return [
    ...plan.paths.map((p) => `${p.prefix}*=${p.path}`),
    ...plan.keys.map((k) => `${k.name}=${k.path}#${k.key}`),
  ];
}

/**
 * The environment the plan gives for the secrets read (by path). Throws a UsageError naming both
 * sources when two map to the same name, or naming the key when a `#key` is absent.
 */
export function buildEnv(
  plan: InjectionPlan,
  secrets: ReadonlyMap<string, SecretValue>,
): Record<string, string> {
  const env: Record<string, string> = {};
  const origin = new Map<string, string>();
  const put = (name: string, value: string, from: string) => {
    const earlier = origin.get(name);
    if (earlier !== undefined) {
      throw new UsageError(`${earlier} and ${from} both map to the environment variable ${name}`);
    }
    origin.set(name, from);
    env[name] = value;
  };
  for (const source of plan.paths) {
    const data = secrets.get(source.path)?.data ?? {};
    for (const key of Object.keys(data)) {
      const name = toEnvName(key, source.prefix);
      if (name === "" || name === source.prefix) {
        throw new UsageError(
          `key ${JSON.stringify(key)} at ${source.path} gives no environment variable name`,
        );
      }
      put(name, envString(data[key]), `${source.path}#${key}`);
    }
  }
  for (const source of plan.keys) {
    const data = secrets.get(source.path)?.data ?? {};
    if (!Object.hasOwn(data, source.key)) {
      throw new UsageError(`no key ${JSON.stringify(source.key)} at ${source.path} (for ${source.name})`);
    }
    put(source.name, envString(data[source.key]), `${source.path}#${source.key}`);
  }
  return env;
}
