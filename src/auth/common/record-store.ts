/**
 * JSON records in an auth method's storage: named records under one prefix (roles, users,
 * certificate roles) and the mount's single `config` record.
 */
import type { StorageView } from "../../logical/types.js";

/** Records of type T stored as `<prefix><key>`, where `keyOf` turns a name into its key. */
export class JsonRecordStore<T> {
  constructor(
    protected readonly storage: StorageView,
    private readonly prefix: string,
    private readonly keyOf: (name: string) => string = (name) => name,
  ) {}

  get(name: string): Promise<T | null> {
    return this.storage.getJSON<T>(`${this.prefix}${this.keyOf(name)}`);
  }

  put(name: string, record: T): Promise<void> {
    return this.storage.putJSON(`${this.prefix}${this.keyOf(name)}`, record);
  }

  delete(name: string): Promise<void> {
    return this.storage.delete(`${this.prefix}${this.keyOf(name)}`);
  }

  /** The stored keys (one level, Vault-style). */
  list(): Promise<string[]> {
    return this.storage.list(this.prefix);
  }
}

/** The mount's configuration of type T, one record at `config`; null until written. */
export class JsonConfigStore<T> {
  constructor(private readonly storage: StorageView) {}

  get(): Promise<T | null> {
    return this.storage.getJSON<T>("config");
  }

  put(config: T): Promise<void> {
    return this.storage.putJSON("config", config);
  }
}
