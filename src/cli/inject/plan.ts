/** `cofre run`'s flags and the project config file, resolved into one plan. */
import { constants } from "node:os";
import { resolve } from "node:path";
import { durationMs } from "../../client/duration-ms.js";
import { UsageError } from "../errors.js";
import { findConfig, type LoadedConfig, loadConfig } from "./config-file.js";
import { checkPrefix } from "./env-names.js";
import { type InjectionPlan, parseKeyMapping, pathSource } from "./mappings.js";

export interface RunFlags {
  address?: string;
  path?: string[];
  prefix?: string;
  env?: string[];
  config?: string;
  envName?: string;
  mask?: boolean;
  watch?: boolean;
  watchInterval?: string;
  watchSignal?: string;
  fallback?: string;
  fallbackKeyFile?: string;
  fallbackMaxAge?: string;
}

export interface RunPlan {
  injection: InjectionPlan;
  /** From the config file (a flag or COFRE_ADDR wins over it). */
  address?: string;
  mask: boolean;
  watch: { intervalMs: number; signal?: NodeJS.Signals } | null;
  fallback: { file: string; keyFile?: string; maxAgeMs: number } | null;
  config?: { file: string; environment?: string };
}

const DEFAULT_WATCH_INTERVAL = "30s";
const DEFAULT_FALLBACK_MAX_AGE = "24h";

function signalName(value: string): NodeJS.Signals {
  const name = (value.startsWith("SIG") ? value : `SIG${value}`).toUpperCase();
  if (!Object.hasOwn(constants.signals, name))
    throw new UsageError(`invalid value for -watch-signal: ${value}`);
  return name as NodeJS.Signals;
}

async function configFor(
  flags: RunFlags,
  cwd: string,
  envName: string | undefined,
): Promise<LoadedConfig | null> {
  if (flags.config !== undefined) return loadConfig(resolve(cwd, flags.config), envName);
  const mapped = (flags.path?.length ?? 0) + (flags.env?.length ?? 0) > 0;
  if (mapped && flags.envName === undefined) return null;
  const file = await findConfig(cwd);
  if (file) return loadConfig(file, envName);
  if (flags.envName !== undefined) {
    throw new UsageError(
      "-env-name needs a config file (.cofre.toml or cofre.yaml) in this folder or a parent",
    );
  }
  return null;
}

/**
 * Flags win over the config file for single settings; paths and mappings from both are used.
 * Without flags naming paths, the config file (or `--config`) is required.
 */
export async function resolvePlan(
  flags: RunFlags,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<RunPlan> {
  const envName = flags.envName ?? (env.COFRE_ENV?.trim() || undefined);
  const loaded = await configFor(flags, cwd, envName);
  const file = loaded?.settings;
  const prefix = checkPrefix(flags.prefix ?? file?.prefix ?? "");
  const injection: InjectionPlan = {
    paths: [
      ...(file?.paths ?? []).map((p) => pathSource(p.path, p.prefix ?? prefix)),
      ...(flags.path ?? []).map((p) => pathSource(p, prefix)),
    ],
    keys: [
      ...Object.entries(file?.env ?? {}).map(([name, spec]) => parseKeyMapping(`${name}=${spec}`)),
      ...(flags.env ?? []).map(parseKeyMapping),
    ],
  };
  if (injection.paths.length === 0 && injection.keys.length === 0) {
    throw new UsageError(
      loaded
        ? `${loaded.file} names no paths${loaded.environment ? ` for environment ${loaded.environment}` : ""}`
        : "nothing to inject: give -path=PATH or -env=NAME=PATH#KEY, or add a .cofre.toml (docs/injection.md)",
    );
  }
  const watchOn = flags.watch ?? file?.watch ?? false;
  const signal = flags.watchSignal ?? file?.watchSignal;
  const fallbackFile = flags.fallback !== undefined ? resolve(cwd, flags.fallback) : file?.fallback;
  const keyFile =
    flags.fallbackKeyFile !== undefined ? resolve(cwd, flags.fallbackKeyFile) : file?.fallbackKeyFile;
  return {
    injection,
    address: file?.address,
    mask: flags.mask ?? file?.mask ?? true,
    watch: watchOn
      ? {
          intervalMs: Math.max(
            1,
            durationMs(
              flags.watchInterval ?? file?.watchInterval ?? DEFAULT_WATCH_INTERVAL,
              "-watch-interval",
            ),
          ),
          signal: signal === undefined ? undefined : signalName(signal),
        }
      : null,
    fallback: fallbackFile
      ? {
          file: fallbackFile,
          keyFile,
          maxAgeMs: durationMs(
            flags.fallbackMaxAge ?? file?.fallbackMaxAge ?? DEFAULT_FALLBACK_MAX_AGE,
            "-fallback-max-age",
          ),
        }
      : null,
    config: loaded ? { file: loaded.file, environment: loaded.environment } : undefined,
  };
}
