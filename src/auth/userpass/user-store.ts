/** Userpass users in the mount's storage, one record per normalised username under `user/`. */
import type { StorageView } from "../../logical/types.js";
import { JsonRecordStore } from "../common/record-store.js";
import type { TokenSettings } from "../common/token-fields.js";
import type { PasswordHash } from "./password-hash.js";

export interface UserEntry {
  passwordHash: PasswordHash;
  token: TokenSettings;
}

export class UserStore extends JsonRecordStore<UserEntry> {
  constructor(storage: StorageView) {
    super(storage, "user/");
  }
}
