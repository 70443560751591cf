/** The engine's records in its storage view: `config/`, `role/` and `static-role/`. */
import type { StorageView } from "../../logical/types.js";
import type { DatabaseConfig, DynamicRole, StaticRole } from "./types.js";

const names = async (storage: StorageView, prefix: string) =>
  (await storage.list(prefix)).filter((k) => !k.endsWith("/")).sort();

export class DatabaseStore {
  constructor(private readonly storage: StorageView) {}

  config(name: string): Promise<DatabaseConfig | null> {
    return this.storage.getJSON<DatabaseConfig>(`config/${name}`);
  }
  putConfig(name: string, c: DatabaseConfig): Promise<void> {
    return this.storage.putJSON(`config/${name}`, c);
  }
  deleteConfig(name: string): Promise<void> {
    return this.storage.delete(`config/${name}`);
  }
  configs(): Promise<string[]> {
    return names(this.storage, "config/");
  }

  role(name: string): Promise<DynamicRole | null> {
    return this.storage.getJSON<DynamicRole>(`role/${name}`);
  }
  putRole(name: string, r: DynamicRole): Promise<void> {
    return this.storage.putJSON(`role/${name}`, r);
  }
  deleteRole(name: string): Promise<void> {
    return this.storage.delete(`role/${name}`);
  }
  roles(): Promise<string[]> {
    return names(this.storage, "role/");
  }

  staticRole(name: string): Promise<StaticRole | null> {
    return this.storage.getJSON<StaticRole>(`static-role/${name}`);
  }
  putStaticRole(name: string, r: StaticRole): Promise<void> {
    return this.storage.putJSON(`static-role/${name}`, r);
  }
  deleteStaticRole(name: string): Promise<void> {
    return this.storage.delete(`static-role/${name}`);
  }
  staticRoles(): Promise<string[]> {
    return names(this.storage, "static-role/");
  }
}
