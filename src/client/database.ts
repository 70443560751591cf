import { NotFoundError } from "../errors.js";
import type { CofreClient } from "./client.js";
import { joinPath } from "./kv-paths.js";
import type { LeaseInfo } from "./secret-source.js";
import type { JsonObject } from "./types.js";

/** Credentials a database role issued, with their lease. */
export interface DatabaseCredentials {
  username: string;
  password: string;
  /** Everything the engine returned (some plugins add fields). */
  data: JsonObject;
  lease: LeaseInfo;
}

/** The database secrets engine's credential endpoints. */
export class DatabaseApi {
  constructor(private readonly client: CofreClient) {}

  /** `GET <mount>/creds/<role>`: new credentials under a lease (mount default `database`). */
  async creds(role: string, opts: { mount?: string } = {}): Promise<DatabaseCredentials> {
    const path = joinPath(opts.mount ?? "database", "creds", role);
    const res = await this.client.read(path);
    if (!res?.data) throw new NotFoundError(`no credentials at ${path}`);
    return {
      username: String(res.data.username ?? ""),
      password: String(res.data.password ?? ""),
      data: res.data,
      lease: { id: res.lease_id, duration: res.lease_duration, renewable: res.renewable },
    };
  }
}
