import { existsSync } from "node:fs";
import path from "node:path";
import { InvalidRequestError } from "../../errors.js";

/** Config file names looked up in the scanned root, in order. */
export const CONFIG_FILE_NAMES = [".cofre-scan.toml", ".gitleaks.toml"] as const;

/**
 * The config to use: `explicit` if given, else the first of CONFIG_FILE_NAMES found in `root`.
 * Kept apart from the loader so a scan without a config never loads the TOML and schema code.
 */
export function findConfig(root: string, explicit?: string): string | undefined {
  if (explicit !== undefined) {
    if (!existsSync(explicit)) throw new InvalidRequestError(`config file not found: ${explicit}`);
    return explicit;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = path.join(root, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
