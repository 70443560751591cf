/**
 * Secret IDs of roles, stored only as a keyed hash of their value, with an accessor index. Using a
 * secret ID is an atomic compare-and-set on its entry: with one use left, two concurrent logins
 * race for the same revision and exactly one wins.
 */
import { randomUUID } from "node:crypto";
import { InternalError, InvalidRequestError } from "../../errors.js";
import { decodeJSON, encodeJSON } from "../../logical/storage-view.js";
import type { StorageView } from "../../logical/types.js";
import { type MountKey, sameSecret } from "./mount-key.js";
import type { AccessorIndex, RoleEntry, SecretIdEntry } from "./records.js";

const MAX_ATTEMPTS = 16;

export type SecretIdSettings = Pick<
  SecretIdEntry,
  "numUses" | "ttl" | "metadata" | "cidrList" | "tokenBoundCIDRs"
>;

/** Why a login's secret ID was refused (for the server log; the client sees one answer). */
export type UseRefusal = "unknown" | "expired" | "address";
export type UseResult = { entry: SecretIdEntry } | { refused: UseRefusal };

export class SecretIdStore {
  constructor(
    private readonly storage: StorageView,
    private readonly key: MountKey,
  ) {}

  private async secretPath(roleKey: string, secretId: string): Promise<{ path: string; hmac: string }> {
    const hmac = await this.key.hmac("secret_id", secretId);
    return { path: `secret_id/${roleKey}/${hmac}`, hmac };
  }

  private async accessorPath(accessor: string): Promise<string> {
    return `accessor/${await this.key.hmac("accessor", accessor)}`;
  }

  /** Registers a secret ID; 400 if this role already has it. */
  async create(role: RoleEntry, secretId: string, s: SecretIdSettings, now: number): Promise<SecretIdEntry> {
    const { path, hmac } = await this.secretPath(role.key, secretId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const accessor = randomUUID();
      const accessorPath = await this.accessorPath(accessor);
      const entry: SecretIdEntry = {
        ...s,
        accessor,
        hmac,
        creationTime: now,
        lastUpdatedTime: now,
        expirationTime: s.ttl > 0 ? now + s.ttl * 1000 : 0,
      };
      const index: AccessorIndex = { roleKey: role.key, secretHmac: hmac };
      const ok = await this.storage.transaction(
        [
          { type: "put", key: path, value: encodeJSON(entry) },
          { type: "put", key: accessorPath, value: encodeJSON(index) },
        ],
        [
          { key: path, absent: true },
          { key: accessorPath, absent: true },
        ],
      );
      if (ok) return entry;
      if (await this.storage.get(path)) throw new InvalidRequestError("SecretID is already registered");
    }
    throw new InternalError("could not register the secret ID; try again");
  }

  async lookup(roleKey: string, secretId: string): Promise<SecretIdEntry | null> {
    const { path } = await this.secretPath(roleKey, secretId);
    return this.storage.getJSON<SecretIdEntry>(path);
  }

  async lookupAccessor(role: RoleEntry, accessor: string): Promise<SecretIdEntry | null> {
    const index = await this.storage.getJSON<AccessorIndex>(await this.accessorPath(accessor));
    if (!index || index.roleKey !== role.key) return null;
    return this.storage.getJSON<SecretIdEntry>(`secret_id/${role.key}/${index.secretHmac}`);
  }

  /** Deletes a secret ID and its accessor entry. */
  async destroy(roleKey: string, entry: Pick<SecretIdEntry, "hmac" | "accessor">): Promise<void> {
    await this.storage.transaction([
      { type: "delete", key: `secret_id/${roleKey}/${entry.hmac}` },
      { type: "delete", key: await this.accessorPath(entry.accessor) },
    ]);
  }

  /**
   * Uses the secret ID once for a login from `address`: refused if unknown, expired or used from
   * outside its CIDRs (`addressAllowed`); otherwise one use is taken atomically (the last use
   * deletes it) and the entry as it was is returned.
   */
  async use(
    role: RoleEntry,
    secretId: string,
    now: number,
    addressAllowed: (entry: SecretIdEntry) => boolean,
  ): Promise<UseResult> {
    const { path, hmac } = await this.secretPath(role.key, secretId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const found = await this.storage.getEntry(path);
      if (!found) return { refused: "unknown" };
      const entry = decodeJSON<SecretIdEntry>(found.value);
      if (!sameSecret(entry.hmac, hmac)) return { refused: "unknown" };
      if (entry.expirationTime > 0 && now >= entry.expirationTime) return { refused: "expired" };
      if (!addressAllowed(entry)) return { refused: "address" };
      if (entry.numUses === 0) return { entry };
      const check = [{ key: path, revision: found.revision }];
      const ok =
        entry.numUses === 1
          ? await this.storage.transaction(
              [
                { type: "delete", key: path },
                { type: "delete", key: await this.accessorPath(entry.accessor) },
              ],
              check,
            )
          : await this.storage.transaction(
              [
                {
                  type: "put",
                  key: path,
                  value: encodeJSON({ ...entry, numUses: entry.numUses - 1, lastUpdatedTime: now }),
                },
              ],
              check,
            );
      if (ok) return { entry };
    }
    throw new InternalError("too many concurrent logins with this secret ID; try again");
  }

  /** Accessors of a role's secret IDs. */
  async accessors(roleKey: string): Promise<string[]> {
    const out: string[] = [];
    for (const name of await this.storage.list(`secret_id/${roleKey}/`)) {
      const entry = await this.storage.getJSON<SecretIdEntry>(`secret_id/${roleKey}/${name}`);
      if (entry) out.push(entry.accessor);
    }
    return out.sort();
  }

  /** Deletes every secret ID of a role key; returns how many. */
  async deleteAll(roleKey: string): Promise<number> {
    return this.deleteWhere(roleKey, () => true);
  }

  /**
   * Tidy: removes expired secret IDs, the secret IDs of roles that no longer exist, and accessor
   * entries whose secret ID is gone. Returns how many secret IDs were removed.
   */
  async tidy(liveRoleKeys: () => Promise<ReadonlySet<string>>, now: number): Promise<number> {
    let removed = 0;
    // Folders first, then roles: a role created in between has no folder in this listing yet.
    const folders = await this.storage.list("secret_id/");
    const live = await liveRoleKeys();
    for (const folder of folders) {
      const roleKey = folder.replace(/\/$/, "");
      const roleLive = live.has(roleKey);
      removed += await this.deleteWhere(
        roleKey,
        (e) => !roleLive || (e.expirationTime > 0 && now >= e.expirationTime),
      );
    }
    for (const name of await this.storage.list("accessor/")) {
      const index = await this.storage.getJSON<AccessorIndex>(`accessor/${name}`);
      const target = index ? `secret_id/${index.roleKey}/${index.secretHmac}` : null;
      if (!target || !(await this.storage.get(target))) await this.storage.delete(`accessor/${name}`);
    }
    return removed;
  }

  private async deleteWhere(roleKey: string, doomed: (e: SecretIdEntry) => boolean): Promise<number> {
    let removed = 0;
    for (const name of await this.storage.list(`secret_id/${roleKey}/`)) {
      const entry = await this.storage.getJSON<SecretIdEntry>(`secret_id/${roleKey}/${name}`);
      if (!entry || !doomed(entry)) continue;
      await this.destroy(roleKey, { hmac: name, accessor: entry.accessor });
      removed++;
    }
    return removed;
  }
}
