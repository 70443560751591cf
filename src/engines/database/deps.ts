/** What the database engine's paths share: its context, records, open connections and locks. */
import type { BackendContext } from "../../logical/types.js";
import type { ConnectionManager } from "./connections.js";
import type { KeyLock } from "./key-lock.js";
import type { DatabaseStore } from "./store.js";

export interface DatabaseDeps {
  ctx: BackendContext;
  store: DatabaseStore;
  connections: ConnectionManager;
  /** Keys: `config/<name>` (config writes, rotate-root), `static/<name>` (static role rotation). */
  locks: KeyLock;
}
