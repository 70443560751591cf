/** Userpass users in the mount's storage, one record per normalised username under `user/`. */
import type { StorageView } from "../../logical/types.js";
import type { TokenSettings } from "../common/token-fields.js";
import type { PasswordHash } from "./password-hash.js";

export interface UserEntry {
  passwordHash: PasswordHash;
  token: TokenSettings;
}

export class UserStore {
  constructor(private readonly storage: StorageView) {}

  get(name: string): Promise<UserEntry | null> {
    return this.storage.getJSON<UserEntry>(`user/${name}`);
  }

  put(name: string, entry: UserEntry): Promise<void> {
    return this.storage.putJSON(`user/${name}`, entry);
  }

  delete(name: string): Promise<void> {
    return this.storage.delete(`user/${name}`);
  }

  list(): Promise<string[]> {
    return this.storage.list("user/");
  }
}
