import { InvalidRequestError } from "../errors.js";
import { MemoryStorage } from "./memory.js";
import { SqliteStorage } from "./sqlite.js";
import type { PhysicalStorage } from "./types.js";

type StorageFactory = (options: Record<string, string>) => PhysicalStorage;

/** Physical backends by the type name used in the config file's `storage "<type>" { ... }`. */
const factories: Record<string, StorageFactory> = {
  inmem: () => new MemoryStorage(),
  sqlite: (options) => new SqliteStorage({ path: requireOption("sqlite", options, "path") }),
};

export const supportedStorageTypes: readonly string[] = Object.keys(factories);

export function createStorage(type: string, options: Record<string, string>): PhysicalStorage {
  const factory = Object.hasOwn(factories, type) ? factories[type] : undefined;
  if (!factory) {
    throw new InvalidRequestError(
      `unknown storage type ${JSON.stringify(String(type).slice(0, 64))}; supported types: ${supportedStorageTypes.join(", ")}`,
    );
  }
  return factory(options);
}

function requireOption(type: string, options: Record<string, string>, name: string): string {
  const value = Object.hasOwn(options, name) ? options[name] : undefined;
  if (typeof value !== "string" || value === "") {
    throw new InvalidRequestError(`${type} storage needs the "${name}" option`);
  }
  return value;
}
