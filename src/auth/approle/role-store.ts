/**
 * Roles and the role_id index. Every change is one storage transaction guarded by the role's
 * revision and by the absence of the new role_id's index entry, so two writers (on one node or
 * several) can neither lose an update nor give two roles the same role_id.
 */
import { randomBytes } from "node:crypto";
import { InternalError, InvalidRequestError } from "../../errors.js";
import { decodeJSON, encodeJSON } from "../../logical/storage-view.js";
import type { StorageView } from "../../logical/types.js";
import type { TxCheck, TxOp } from "../../storage/types.js";
import { type MountKey, sameSecret } from "./mount-key.js";
import type { RoleEntry, RoleIdIndex } from "./records.js";

const MAX_ATTEMPTS = 8;

export class RoleStore {
  constructor(
    private readonly storage: StorageView,
    private readonly key: MountKey,
  ) {}

  async get(name: string): Promise<RoleEntry | null> {
    return this.storage.getJSON<RoleEntry>(`role/${name}`);
  }

  list(): Promise<string[]> {
    return this.storage.list("role/");
  }

  /** A fresh random key for a new role. */
  static newKey(): string {
    return randomBytes(16).toString("hex");
  }

  /** The role a role_id belongs to, or null (unknown role_id, or a stale index entry). */
  async byRoleId(roleId: string): Promise<RoleEntry | null> {
    const index = await this.storage.getJSON<RoleIdIndex>(
      `role_id/${await this.key.hmac("role_id", roleId)}`,
    );
    const role = index ? await this.get(index.name) : null;
    return role && sameSecret(role.roleId, roleId) ? role : null;
  }

  /**
   * Read-modify-write of one role. `change` sees the current role (null if absent) and returns the
   * new one, or throws to change nothing. It is re-run on fresh state if another writer won.
   */
  async change(name: string, change: (current: RoleEntry | null) => RoleEntry): Promise<RoleEntry> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const found = await this.storage.getEntry(`role/${name}`);
      const current = found ? decodeJSON<RoleEntry>(found.value) : null;
      const next = change(current);
      if (await this.save(current, found?.revision ?? 0, next)) return next;
    }
    throw new InternalError("too many concurrent changes to this role; try again");
  }

  /** Deletes the role and its role_id index entry; returns the deleted role (null if none). */
  async delete(name: string): Promise<RoleEntry | null> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const found = await this.storage.getEntry(`role/${name}`);
      if (!found) return null;
      const role = decodeJSON<RoleEntry>(found.value);
      const indexKey = `role_id/${await this.key.hmac("role_id", role.roleId)}`;
      const ops: TxOp[] = [
        { type: "delete", key: `role/${name}` },
        { type: "delete", key: indexKey },
      ];
      if (await this.storage.transaction(ops, [{ key: `role/${name}`, revision: found.revision }]))
        return role;
    }
    throw new InternalError("too many concurrent changes to this role; try again");
  }

  private async save(current: RoleEntry | null, revision: number, next: RoleEntry): Promise<boolean> {
    const roleKey = `role/${next.name}`;
    const ops: TxOp[] = [{ type: "put", key: roleKey, value: encodeJSON(next) }];
    const checks: TxCheck[] = [current ? { key: roleKey, revision } : { key: roleKey, absent: true }];
    if (current?.roleId !== next.roleId) {
      const newIndex = `role_id/${await this.key.hmac("role_id", next.roleId)}`;
      const existing = await this.storage.getEntry(newIndex);
      const taken = existing ? decodeJSON<RoleIdIndex>(existing.value) : null;
      if (taken && taken.name !== next.name && (await this.get(taken.name)) !== null) {
        throw new InvalidRequestError("role_id already in use");
      }
      ops.push({ type: "put", key: newIndex, value: encodeJSON({ name: next.name } satisfies RoleIdIndex) });
      checks.push(
        existing ? { key: newIndex, revision: existing.revision } : { key: newIndex, absent: true },
      );
      if (current)
        ops.push({ type: "delete", key: `role_id/${await this.key.hmac("role_id", current.roleId)}` });
    }
    return this.storage.transaction(ops, checks);
  }
}
