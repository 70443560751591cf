/** Secrets engines by mount type. The core looks types up here and knows no engine by name. */
import type { BackendFactory } from "../logical/types.js";
import { createDatabaseBackend } from "./database/index.js";
import { createKvBackend } from "./kv/index.js";
import { createTransitBackend } from "./transit/index.js";

export const secretEngines: Record<string, BackendFactory> = {
  database: createDatabaseBackend,
  kv: createKvBackend,
  transit: createTransitBackend,
};
