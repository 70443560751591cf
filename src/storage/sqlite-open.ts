import { closeSync, constants, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { InvalidRequestError } from "../errors.js";

/** The schema version this code writes; a newer database is refused rather than misread. */
const SCHEMA_VERSION = 1;

export interface SqliteOpenOptions {
  /** Database file; its folder is created (0700) if missing, the file itself with mode 0600. */
  path: string;
  /** How long opening waits for another process to let go of the file. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the database file in WAL mode with synchronous=FULL and
 * locking_mode=EXCLUSIVE: this connection takes the file's lock at open and keeps it until it
 * closes, so one server process owns its database (several nodes are a job for a shared database
 * server) and nothing else can change it underneath the store's read cache. A second opener is
 * refused with a clear error once busyTimeoutMs has passed.
 */
export function openSqliteDatabase(options: SqliteOpenOptions): Database.Database {
  const path = options.path;
  if (typeof path !== "string" || path === "" || path === ":memory:" || path.includes("\0")) {
    throw new InvalidRequestError("sqlite storage needs a file path");
  }
  createPrivateFile(path);
  const db = new Database(path, { timeout: Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000)) });
  try {
    // Set before WAL is entered: the WAL index then lives in this process's memory (no -shm file)
    // and the first access below takes the exclusive lock.
    db.pragma("locking_mode = EXCLUSIVE");
    const journal = inUseCheck(() => db.pragma("journal_mode = WAL", { simple: true }));
    if (journal !== "wal") throw new InvalidRequestError("sqlite storage could not enable WAL mode");
    // FULL: the WAL is fsynced at every commit, so an acknowledged write survives power loss.
    db.pragma("synchronous = FULL");
    db.pragma("trusted_schema = OFF");
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Runs the first access to the file, turning "database is locked" into a clear refusal. */
function inUseCheck<T>(access: () => T): T {
  try {
    return access();
  } catch (error) {
    if ((error as { code?: unknown }).code === "SQLITE_BUSY") {
      throw new InvalidRequestError(
        "sqlite storage: the database file is in use by another process (one server per file)",
      );
    }
    throw error;
  }
}

function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    // SQLite gives the -wal and -shm files the mode of the database file.
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_RDWR, 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new InvalidRequestError(
      `sqlite storage schema version ${version} is newer than this server supports (${SCHEMA_VERSION})`,
    );
  }
  db.exec(`CREATE TABLE IF NOT EXISTS kv (
    key TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL,
    revision INTEGER NOT NULL
  )`);
  if (version < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
